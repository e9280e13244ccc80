import { compoundOf, SPECIMENS, zipOf } from '../../../../test/support/evidence-specimens';
import { detectEvidenceType } from './file-types';

describe('detectEvidenceType (by content, never by name)', () => {
  it.each([
    ['a PDF', SPECIMENS.pdf, 'application/pdf'],
    ['a PNG', SPECIMENS.png, 'image/png'],
    ['a JPEG', SPECIMENS.jpeg, 'image/jpeg'],
    ['UTF-8 text in Chinese', SPECIMENS.text, 'text/plain; charset=utf-8'],
  ])('accepts %s', async (_what, bytes, mime) => {
    expect(await detectEvidenceType(bytes)).toMatchObject({ mime });
  });

  it('accepts an OFD (a zip whose root holds OFD.xml), a .docx and an .xlsx', async () => {
    expect(await detectEvidenceType(await zipOf({ 'OFD.xml': '<ofd:OFD/>', 'Doc_0/Document.xml': '<x/>' }))).toMatchObject({ mime: 'application/ofd' });
    expect(await detectEvidenceType(await zipOf({ '[Content_Types].xml': '<x/>', 'word/document.xml': '<x/>' }))).toMatchObject({ label: 'Word' });
    expect(await detectEvidenceType(await zipOf({ '[Content_Types].xml': '<x/>', 'xl/workbook.xml': '<x/>' }))).toMatchObject({ label: 'Excel' });
  });

  it('accepts WPS and legacy Office compound files by their streams', async () => {
    expect(await detectEvidenceType(compoundOf('WordDocument'))).toMatchObject({ mime: 'application/msword' });
    expect(await detectEvidenceType(compoundOf('Workbook'))).toMatchObject({ mime: 'application/vnd.ms-excel' });
    expect(await detectEvidenceType(compoundOf('PowerPoint Document'))).toMatchObject({ mime: 'application/vnd.ms-powerpoint' });
  });

  it('refuses an executable, whatever it is called', async () => {
    expect(await detectEvidenceType(SPECIMENS.exe)).toEqual({ refused: 'a Windows executable (application/x-msdownload)' });
  });

  it('refuses a plain zip, an unknown compound file, binary junk and an empty file', async () => {
    expect(await detectEvidenceType(await zipOf({ 'payload.bin': 'x' }))).toHaveProperty('refused');
    expect(await detectEvidenceType(compoundOf('SummaryInformationOnly'))).toHaveProperty('refused');
    expect(await detectEvidenceType(Buffer.from([0x41, 0x00, 0x42]))).toHaveProperty('refused');
    expect(await detectEvidenceType(Buffer.from([0xc3, 0x28]))).toHaveProperty('refused');
    expect(await detectEvidenceType(Buffer.alloc(0))).toEqual({ refused: 'an empty file' });
  });
});
