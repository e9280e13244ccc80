import mammoth from 'mammoth';
import { noticeTextOfHtml } from '@duban/domain';

/** Why a file is not a notice Duban can read. */
export class UnreadableFileError extends Error {
  constructor(
    message: string,
    /** 413: too large once unpacked; 415: not a .docx; 422: a .docx that cannot be read. */
    readonly status: 413 | 415 | 422,
  ) {
    super(message);
  }
}

/** What a .docx may unpack to: a notice's XML is a few megabytes; a zip bomb is gigabytes. */
export const MAX_UNPACKED_BYTES = 200 * 1024 * 1024;
/** The longest text an import takes, as pasted (ImportNoticeDto) or read from a file; a notice is far shorter. */
export const MAX_NOTICE_CHARS = 1_000_000;

/**
 * The text of a .docx notice, tables as tab-separated rows. Refuses what is not a .docx (415),
 * what would unpack to more than MAX_UNPACKED_BYTES or holds more than MAX_NOTICE_CHARS of text
 * (413), and a .docx that cannot be read (422); each message names `file`.
 */
export async function readDocx(buffer: Buffer): Promise<string> {
  if (buffer.length < 4 || buffer.readUInt32LE(0) !== 0x04034b50) {
    throw new UnreadableFileError('file must be a .docx document (Word 2007 or later); .doc, PDF and other formats are not read', 415);
  }
  const unpacked = unpackedSize(buffer);
  if (unpacked === undefined) throw new UnreadableFileError('file is a damaged .docx: its zip directory cannot be read', 422);
  if (unpacked > MAX_UNPACKED_BYTES) throw new UnreadableFileError(`file unpacks to more than ${MAX_UNPACKED_BYTES / 1024 / 1024} MB`, 413);
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer },
      // Images are not read (no data URIs in memory); nothing outside the file is opened.
      { convertImage: mammoth.images.imgElement(async () => ({ src: '' })), externalFileAccess: false },
    );
    html = result.value;
  } catch (error) {
    throw new UnreadableFileError(`file is not a readable .docx (${(error as Error).message.split('\n')[0].slice(0, 200)})`, 422);
  }
  const text = noticeTextOfHtml(html);
  if (text.length > MAX_NOTICE_CHARS) throw new UnreadableFileError(`file holds more than ${MAX_NOTICE_CHARS} characters of text`, 413);
  return text;
}

/**
 * The sum of the uncompressed sizes in a zip's central directory, or undefined when the
 * directory is damaged. ZIP64 sizes (0xFFFFFFFF) count as unbounded.
 */
export function unpackedSize(zip: Buffer): number | undefined {
  const from = Math.max(0, zip.length - 22 - 0xffff);
  let end = -1;
  for (let i = zip.length - 22; i >= from; i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return undefined;
  const entries = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50) return undefined;
    const size = zip.readUInt32LE(at + 24);
    total += size === 0xffffffff ? Number.POSITIVE_INFINITY : size;
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return total;
}
