import JSZip from 'jszip';
import { readDocx, unpackedSize, UnreadableFileError } from './notice-files';

/** A stored (uncompressed) zip whose central directory claims the given sizes, as a zip bomb's would. */
function zipClaiming(sizes: number[]): Buffer {
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  const headers = sizes.map((size, i) => {
    const name = Buffer.from(`f${i}`);
    const h = Buffer.alloc(46);
    h.writeUInt32LE(0x02014b50, 0);
    h.writeUInt32LE(size, 24);
    h.writeUInt16LE(name.length, 28);
    return Buffer.concat([h, name]);
  });
  const directory = Buffer.concat(headers);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(sizes.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(local.length, 16);
  return Buffer.concat([local, directory, end]);
}

describe('unpackedSize', () => {
  it('sums the uncompressed sizes of the central directory', () => {
    expect(unpackedSize(zipClaiming([10, 20, 30]))).toBe(60);
  });

  it('counts a ZIP64 size as unbounded, and a damaged directory as unreadable', () => {
    expect(unpackedSize(zipClaiming([0xffffffff]))).toBe(Number.POSITIVE_INFINITY);
    expect(unpackedSize(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).toBeUndefined();
    const broken = zipClaiming([10]);
    broken.writeUInt32LE(0xdeadbeef, 30); // the directory entry's signature
    expect(unpackedSize(broken)).toBeUndefined();
  });
});

describe('readDocx', () => {
  const refusal = async (buffer: Buffer) => {
    try {
      await readDocx(buffer);
    } catch (error) {
      return [(error as UnreadableFileError).status, (error as Error).message];
    }
    return 'read';
  };

  it('refuses what is no zip (415), what would unpack past the limit (413) and a zip that holds no document (422), naming file', async () => {
    expect(await refusal(Buffer.from('%PDF-1.7'))).toEqual([415, expect.stringMatching(/^file must be a \.docx/)]);
    expect(await refusal(zipClaiming([150 * 1024 * 1024, 100 * 1024 * 1024]))).toEqual([413, 'file unpacks to more than 200 MB']);
    const zip = new JSZip();
    zip.file('readme.txt', '你好');
    expect(await refusal(await zip.generateAsync({ type: 'nodebuffer' }))).toEqual([422, expect.stringMatching(/^file is not a readable \.docx/)]);
  });
});
