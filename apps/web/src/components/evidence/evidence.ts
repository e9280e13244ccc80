import type { UploadFile } from 'antd';
import type { Schemas } from '../../api/client';
import { T } from './texts';

export type EvidenceFile = Schemas['FileDto'];

/** An upload control's value: its files as the upload list holds them (uploading, done or refused). */
export type EvidenceValue = UploadFile<EvidenceFile>[];

/** What one action carries at most, and how large a file may be (the api's defaults; the api decides). */
export const MAX_FILES = 10;
export const MAX_MB = 20;

/** The kinds the api accepts, for the file picker (the api checks the content, not the name). */
export const ACCEPT = '.pdf,.ofd,.doc,.docx,.xls,.xlsx,.wps,.et,.dps,.jpg,.jpeg,.png,.txt';

/** Images and PDFs preview in the browser; everything else downloads. */
export function previewKind(type: string): 'image' | 'pdf' | null {
  if (type === 'image/jpeg' || type === 'image/png') return 'image';
  if (type === 'application/pdf') return 'pdf';
  return null;
}

/** A file size as people read it (KB with one decimal below a megabyte). */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A form rule: wait until every file has finished uploading. */
export const evidenceSettled = {
  validator: (_rule: unknown, value: EvidenceValue | undefined) => (value?.some((f) => f.status === 'uploading') ? Promise.reject(new Error(T.uploading)) : Promise.resolve()),
};

/** The ids an action sends as `fileIds`: the files uploaded (none: the field is left out). */
export function fileIdsOf(value: EvidenceValue | undefined): number[] | undefined {
  const ids = (value ?? []).filter((f) => f.status === 'done' && f.response).map((f) => f.response!.id);
  return ids.length > 0 ? ids : undefined;
}
