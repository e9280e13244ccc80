import { callWithResponse } from '../api/api-error';

/** The name a download is saved under: Content-Disposition's `filename*` (UTF-8, the Chinese name), else `filename`, else the fallback. */
export function filenameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // a malformed name: try the plain one
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1].trim() : fallback;
}

/** Hands a file to the browser's downloads (an object URL clicked through a link with `download`). */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Downloads what a typed client call answers as a blob (`parseAs: 'blob'`, so it carries the
 * bearer token as every call does) and saves it; answers its name and the X-Total-Count it
 * reported, if any. Errors are {@link ApiError}s, as for any call.
 */
export async function downloadFile(
  request: Promise<{ data?: Blob; error?: unknown; response: Response }>,
  fallbackName: string,
): Promise<{ filename: string; total: number | null }> {
  const { data, response } = await callWithResponse(request);
  const filename = filenameOf(response.headers.get('content-disposition'), fallbackName);
  saveBlob(data, filename);
  const total = response.headers.get('x-total-count');
  return { filename, total: total === null ? null : Number(total) };
}

/**
 * Opens a printable page the api serves only with a token (a published notice's HTML) in a new
 * tab: the tab is opened at once, in the click, so no pop-up blocker stops it, and shows the page
 * once fetched. Answers false if the browser refused the tab.
 */
export async function openPrintable(request: () => Promise<{ data?: Blob; error?: unknown; response: Response }>): Promise<boolean> {
  const tab = window.open('', '_blank');
  if (!tab) return false;
  tab.opener = null; // the notice needs nothing of the console
  try {
    const { data } = await callWithResponse(request());
    const url = URL.createObjectURL(new Blob([data], { type: 'text/html;charset=utf-8' }));
    tab.location.href = url;
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    return true;
  } catch (error) {
    tab.close();
    throw error;
  }
}
