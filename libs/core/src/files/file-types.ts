import * as CFB from 'cfb';
import FileType from 'file-type';
import JSZip from 'jszip';

/** A kind of evidence Duban accepts, as recognised from a file's bytes. */
export interface EvidenceType {
  /** The MIME type downloads are served as. */
  mime: string;
  /** What the kind is called in refusals and in the console. */
  label: string;
}

const PDF: EvidenceType = { mime: 'application/pdf', label: 'PDF' };
const OFD: EvidenceType = { mime: 'application/ofd', label: 'OFD' };
const JPEG: EvidenceType = { mime: 'image/jpeg', label: 'JPEG' };
const PNG: EvidenceType = { mime: 'image/png', label: 'PNG' };
const TEXT: EvidenceType = { mime: 'text/plain; charset=utf-8', label: '纯文本' };
const DOCX: EvidenceType = { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', label: 'Word' };
const XLSX: EvidenceType = { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', label: 'Excel' };
const PPTX: EvidenceType = { mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', label: '演示文稿' };
// WPS Office's .wps, .et and .dps are the same compound files as .doc, .xls and .ppt.
const DOC: EvidenceType = { mime: 'application/msword', label: 'Word/WPS 文字' };
const XLS: EvidenceType = { mime: 'application/vnd.ms-excel', label: 'Excel/WPS 表格' };
const PPT: EvidenceType = { mime: 'application/vnd.ms-powerpoint', label: '演示文稿/WPS 演示' };

/** What the refusal lists as accepted. */
export const ACCEPTED_KINDS = 'PDF, OFD, Word (.doc/.docx), Excel (.xls/.xlsx), WPS (.wps/.et/.dps), JPEG, PNG or plain UTF-8 text';

/** MIME types a browser may show inline (under a CSP that runs no script): images and PDF. */
export const INLINE_TYPES = new Set([PDF.mime, JPEG.mime, PNG.mime]);

/**
 * Recognises an evidence file by its content, never by its name: magic bytes (file-type) for
 * PDF, JPEG, PNG and the zip and compound-file containers; inside a zip, the parts that make it
 * an OFD (OFD.xml), a Word or an Excel document; inside a compound file (OLE, as .doc, .xls and
 * WPS's .wps/.et/.dps are), the stream that makes it a document, a workbook or slides. Text is
 * valid UTF-8 without NUL. Answers `{refused}` with what the content is when it is none of these.
 */
export async function detectEvidenceType(bytes: Buffer): Promise<EvidenceType | { refused: string }> {
  if (bytes.length === 0) return { refused: 'an empty file' };
  const found = await FileType.fromBuffer(bytes);
  if (!found) return isUtf8Text(bytes) ? TEXT : { refused: 'of no recognised type (not UTF-8 text)' };
  switch (found.ext) {
    case 'pdf':
      return PDF;
    case 'jpg':
      return JPEG;
    case 'png':
      return PNG;
    case 'zip':
    case 'docx':
    case 'xlsx':
    case 'pptx':
      return (await zipKind(bytes)) ?? { refused: 'a zip archive that is no OFD, Word or Excel document' };
    case 'cfb':
      return compoundKind(bytes) ?? { refused: 'an OLE compound file that is no Word, Excel or WPS document (an installer?)' };
    default:
      return { refused: `${describe(found.ext)} (${found.mime})` };
  }
}

async function zipKind(bytes: Buffer): Promise<EvidenceType | null> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes, { checkCRC32: false });
  } catch {
    return null;
  }
  const has = (name: string) => zip.file(name) !== null;
  if (has('OFD.xml')) return OFD;
  if (has('[Content_Types].xml')) {
    if (has('word/document.xml')) return DOCX;
    if (has('xl/workbook.xml')) return XLSX;
    if (has('ppt/presentation.xml')) return PPTX;
  }
  return null;
}

function compoundKind(bytes: Buffer): EvidenceType | null {
  let container: CFB.CFB$Container;
  try {
    container = CFB.read(bytes, { type: 'buffer' });
  } catch {
    return null;
  }
  if (CFB.find(container, 'WordDocument')) return DOC;
  if (CFB.find(container, 'Workbook') || CFB.find(container, 'Book')) return XLS;
  if (CFB.find(container, 'PowerPoint Document')) return PPT;
  return null;
}

function isUtf8Text(bytes: Buffer): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

const NAMES: Record<string, string> = {
  exe: 'a Windows executable',
  elf: 'a Linux executable',
  macho: 'a macOS executable',
  msi: 'an installer',
  gif: 'a GIF image',
  webp: 'a WebP image',
  bmp: 'a BMP image',
  rar: 'a RAR archive',
  '7z': 'a 7z archive',
  gz: 'a gzip archive',
  mp4: 'a video',
  mp3: 'an audio file',
};

function describe(ext: string): string {
  return NAMES[ext] ?? `a .${ext} file`;
}
