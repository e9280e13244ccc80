import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page, type Response } from 'playwright-core';
import { ROOT } from '../support/processes';

/** Screenshots of every page a journey visits (gitignored; CI keeps them as artifacts). */
export const ARTIFACTS = join(ROOT, 'test-artifacts');

/** Debian's Chromium (`apt-get install chromium`); no browser is downloaded. */
export function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('chromium is not installed: apt-get install -y chromium fonts-noto-cjk');
  }
}

/** A headless Chromium with a fresh temporary profile (playwright makes one per launch). */
export async function launchBrowser(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export const DESKTOP = { viewport: { width: 1366, height: 860 } };
/** A phone: 390 px wide, touch, as a liaison holds it. */
export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** One person's browser: their own storage (sessions), in China's zone and language. */
export async function newActor(browser: Browser, baseURL: string, device: typeof DESKTOP | typeof PHONE): Promise<BrowserContext> {
  const context = await browser.newContext({ ...device, baseURL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  context.setDefaultTimeout(Number(process.env.BROWSER_TIMEOUT_MS ?? 15_000));
  return context;
}

let shots = 0;
/** The running suite's file name (console, oversight…): each suite numbers its own screenshots. */
const suiteName = () => basename(expect.getState().testPath ?? 'browser').replace(/\.e2e-spec\.ts$/, '');

/**
 * Saves a screenshot as test-artifacts/<suite>-NN-name.png: the whole page, or, while a drawer or a
 * dialog is open, the window made tall enough to show all of the drawer's content.
 */
export async function shot(page: Page, name: string): Promise<string> {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(350); // drawers and toasts finish their motion
  const file = join(ARTIFACTS, `${suiteName()}-${String(++shots).padStart(2, '0')}-${name}.png`);
  const overlay = await page.evaluate(() => {
    const body = document.querySelector<HTMLElement>('.ant-drawer-open .ant-drawer-body');
    if (body) return { hidden: body.scrollHeight - body.clientHeight };
    return document.querySelector('.ant-modal-wrap') ? { hidden: 0 } : null;
  });
  if (!overlay) {
    await page.screenshot({ path: file, fullPage: true });
    return file;
  }
  const size = page.viewportSize()!;
  if (overlay.hidden > 0) await page.setViewportSize({ width: size.width, height: size.height + overlay.hidden });
  await page.screenshot({ path: file });
  if (overlay.hidden > 0) await page.setViewportSize(size);
  return file;
}

/** Visible form controls without an accessible name (label, aria-label, aria-labelledby). */
export function unlabelledInputs(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>('input, textarea, select')]
      .filter((el) => (el as HTMLInputElement).type !== 'hidden' && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')
      .filter((el) => !(el.labels?.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || el.closest('label')))
      .map((el) => el.outerHTML.slice(0, 160)),
  );
}

/** Does the page scroll sideways (something wider than the viewport)? */
export function overflowsHorizontally(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
}

/**
 * Text on the page outside inputs that is not Chinese: words of Latin letters (ids, dates and
 * numbers are fine, and so are values marked translate="no": usernames, addresses, checksums).
 */
export function latinWords(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const words = new Set<string>();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest('script, style, [aria-hidden="true"], [translate="no"]') || parent.getClientRects().length === 0) continue;
      for (const word of node.textContent?.match(/[A-Za-z]{3,}/g) ?? []) words.add(word);
    }
    return [...words];
  });
}

/**
 * What the first page costs: every same-origin file the browser fetched (not the api's
 * answers), gzipped as a compressing proxy would send it. Call the result once the page is up.
 */
export function trackFirstLoad(page: Page, origin: string): () => Promise<{ files: string[]; gzipBytes: number }> {
  const bodies: Promise<{ url: string; body: Buffer | null }>[] = [];
  const listener = (res: Response) => {
    if (res.url().startsWith(origin) && !new URL(res.url()).pathname.startsWith('/api/'))
      bodies.push(
        res.body().then(
          (body) => ({ url: res.url(), body }),
          () => ({ url: res.url(), body: null }),
        ),
      );
  };
  page.on('response', listener);
  return async () => {
    page.off('response', listener);
    const all = await Promise.all(bodies);
    return { files: all.map((f) => new URL(f.url).pathname), gzipBytes: all.reduce((n, f) => n + (f.body ? gzipSync(f.body, { level: 9 }).length : 0), 0) };
  };
}

export const consoleBuilt = () => existsSync(join(ROOT, 'dist/web/index.html'));
