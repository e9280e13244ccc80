import * as CFB from 'cfb';
import JSZip from 'jszip';

/** Small but real specimens of each kind, built here so the test holds no binary fixtures. */
export async function zipOf(entries: Record<string, string>): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, text] of Object.entries(entries)) zip.file(name, text);
  return zip.generateAsync({ type: 'nodebuffer' });
}

export function compoundOf(stream: string): Buffer {
  const c = CFB.utils.cfb_new();
  CFB.utils.cfb_add(c, `/${stream}`, Buffer.from('content'));
  return Buffer.from(CFB.write(c, { type: 'buffer' }) as Uint8Array);
}

export const SPECIMENS = {
  pdf: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'),
  png: Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4a20000000049454e44ae426082', 'hex'),
  jpeg: Buffer.concat([Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'), Buffer.alloc(64, 0x20), Buffer.from('ffd9', 'hex')]),
  exe: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]),
  text: Buffer.from('会议签到表\n王静 巩义市\n刘洋 高新区\n'),
};
