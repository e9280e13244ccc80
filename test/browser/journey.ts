import type { Locator, Page } from 'playwright-core';
import { latinWords, shot, unlabelledInputs } from './browser';

/*
 * What every journey does with a page: sign in, wait for titles and lists, check the basics
 * (labels, Chinese), work antd's pop-ups. Shared by the console's suites.
 */

/** createUser's password. */
export const PASSWORD = 'password-123';

export async function signIn(page: Page, who: { username: string }): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名', { exact: true }).fill(who.username);
  await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
  await page.getByLabel('密码', { exact: true }).press('Enter'); // the form submits with Enter
  await page.waitForURL((url) => url.pathname === '/');
  await expectTitle(page, '工作台 - 督办');
}

export async function expectTitle(page: Page, title: string): Promise<void> {
  await page.waitForFunction((t) => document.title === t, title);
}

/** Accessibility and language basics every visited page must meet. */
export async function checkPage(page: Page, name: string): Promise<void> {
  await shot(page, name);
  expect({ page: name, unlabelled: await unlabelledInputs(page) }).toEqual({ page: name, unlabelled: [] });
  expect({ page: name, latin: await latinWords(page) }).toEqual({ page: name, latin: [] });
}

/** Waits until the locator matches exactly `n` elements (lists load after the page). */
export async function expectCount(locator: Locator, n: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  let count = await locator.count();
  while (count !== n && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    count = await locator.count();
  }
  expect(count).toBe(n);
}

/** antd's dialogs and pop-ups move for a moment after they open. */
export const settle = (page: Page) => page.waitForTimeout(350);

export async function toast(page: Page, text: string): Promise<void> {
  await page.locator('.ant-message-notice').getByText(text, { exact: true }).first().waitFor();
}

/** Chooses an option of an antd Select by typing its name and taking the highlighted match. */
export async function choose(scope: Locator, label: string, option: string): Promise<void> {
  const input = scope.getByLabel(label, { exact: true });
  await input.focus();
  await input.fill(option);
  await scope.page().locator('.ant-select-dropdown:visible .ant-select-item-option-active').filter({ hasText: option }).waitFor();
  await input.press('Enter');
}

/** Types into an antd DatePicker (YYYY年M月D日) or TimePicker (HH:mm) and confirms with Enter. */
export async function pickDate(scope: Locator, label: string, text: string): Promise<void> {
  const input = scope.getByLabel(label, { exact: true });
  await settle(scope.page());
  await input.click();
  await input.fill(text);
  await input.press('Enter');
  await scope.page().locator('.ant-picker-dropdown:visible').waitFor({ state: 'hidden' });
}

/** A button by its name as antd renders it: two Chinese characters get a space between them (确 定). */
export function button(scope: Page | Locator, name: string): Locator {
  const spaced = name.length === 2 ? `${name[0]} ${name[1]}` : name;
  return scope.getByRole('button', { name, exact: true }).or(scope.getByRole('button', { name: spaced, exact: true }));
}
