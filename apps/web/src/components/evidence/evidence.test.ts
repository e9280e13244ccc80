import { describe, expect, it } from 'vitest';
import { fileIdsOf, formatSize, previewKind } from './evidence';

describe('evidence helpers', () => {
  it('previews images and PDFs only', () => {
    expect(previewKind('image/png')).toBe('image');
    expect(previewKind('image/jpeg')).toBe('image');
    expect(previewKind('application/pdf')).toBe('pdf');
    expect(previewKind('application/ofd')).toBeNull();
    expect(previewKind('text/plain; charset=utf-8')).toBeNull();
  });
  it('shows sizes as people read them', () => {
    expect(formatSize(512)).toBe('512 B');
    expect(formatSize(1536)).toBe('1.5 KB');
    expect(formatSize(20 * 1024 * 1024)).toBe('20.0 MB');
  });
  it('sends fileIds only when there are files', () => {
    expect(fileIdsOf(undefined)).toBeUndefined();
    expect(fileIdsOf([])).toBeUndefined();
    const done = { uid: '3', name: 'a.pdf', status: 'done' as const, response: { id: 3, name: 'a.pdf', size: 1, type: 'application/pdf' } };
    const refused = { uid: 'x', name: 'x.pdf', status: 'error' as const };
    const pending = { uid: 'y', name: 'y.pdf', status: 'uploading' as const };
    expect(fileIdsOf([done, refused, pending])).toEqual([3]);
  });
});
