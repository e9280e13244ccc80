import { checkFileIds, displayFileName, MAX_FILE_NAME_LENGTH } from './evidence';

describe('displayFileName', () => {
  it.each([
    ['../../etc/passwd.pdf', 'passwd.pdf'],
    ['..\\..\\windows\\system32\\a.docx', 'a.docx'],
    ['C:\\Users\\王静\\桌面\\现场照片 1.jpg', '现场照片 1.jpg'],
    ['关于智能传感器产业链的报告.pdf', '关于智能传感器产业链的报告.pdf'],
    ['evil\u202Efdp.exe', 'evilfdp.exe'],
    ['a\u0000b\r\nc.txt', 'abc.txt'],
    ['  spaced   name .txt ', 'spaced name .txt'],
    ['.hidden', 'hidden'],
    ['..', '未命名文件'],
    ['/', '未命名文件'],
    ['', '未命名文件'],
  ])('%j is shown as %j', (raw, shown) => {
    expect(displayFileName(raw)).toBe(shown);
  });

  it('never answers a path, whatever it is given', () => {
    for (const raw of ['a/b', 'a\\b', '../x', './y', '/etc/shadow', 'x/..', '...\\..\\z']) {
      const name = displayFileName(raw);
      expect(name).not.toMatch(/[\\/]/);
      expect(name).not.toMatch(/^\./);
    }
  });

  it('cuts a long name to the limit and keeps its extension', () => {
    const name = displayFileName(`${'很长的文件名'.repeat(60)}.xlsx`);
    expect([...name].length).toBe(MAX_FILE_NAME_LENGTH);
    expect(name.endsWith('.xlsx')).toBe(true);
  });
});

describe('checkFileIds', () => {
  it('takes up to 10 distinct ids', () => {
    expect(checkFileIds(undefined)).toEqual({ ok: true, ids: [] });
    expect(checkFileIds([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual({ ok: true, ids: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] });
  });
  it('refuses 11 files and repeated ones, naming fileIds', () => {
    expect(checkFileIds([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])).toEqual({ ok: false, message: 'fileIds: at most 10 files per action' });
    expect(checkFileIds([1, 1])).toEqual({ ok: false, message: 'fileIds must not repeat a file' });
  });
});
