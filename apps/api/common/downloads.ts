import type { Response } from 'express';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Names a download: `filename` in ASCII for every client, `filename*` (RFC 6266/5987) in UTF-8
 * for those that show the Chinese name.
 */
export function attachment(res: Response, asciiName: string, name: string): void {
  res.setHeader('content-disposition', `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(name)}`);
}
