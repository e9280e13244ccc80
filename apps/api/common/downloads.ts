import type { FastifyReply } from 'fastify';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Names a download: `filename` in ASCII for every client, `filename*` (RFC 6266/5987) in UTF-8
 * for those that show the Chinese name.
 */
export function attachment(res: FastifyReply, asciiName: string, name: string): void {
  void res.header('content-disposition', `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(name)}`);
}

/**
 * A Content-Disposition for a user's file name: `filename` is an ASCII stand-in (other
 * characters, quotes and backslashes as `_`), `filename*` the name itself in UTF-8 (RFC 5987).
 */
export function dispositionOf(kind: 'attachment' | 'inline', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(name)}`;
}

function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
