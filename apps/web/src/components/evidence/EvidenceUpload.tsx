import { CameraOutlined, InboxOutlined } from '@ant-design/icons';
import { Button, Grid, Upload, type UploadFile } from 'antd';
import { api, call } from '../../api/client';
import { errorText } from '../../lib/form-errors';
import { ACCEPT, type EvidenceFile, type EvidenceValue, MAX_FILES, MAX_MB } from './evidence';

export { evidenceSettled, fileIdsOf, type EvidenceValue } from './evidence';
import { T } from './texts';

interface Props {
  value?: EvidenceValue;
  onChange?: (files: EvidenceValue) => void;
}

/**
 * Evidence for a form (见证材料): drag and drop or pick files, and on a phone take a photo with the
 * camera. Each file is uploaded at once (POST /files); the form sends their ids as `fileIds`.
 * The api checks each file's content and size and says why it refuses one.
 */
export function EvidenceUpload({ value, onChange }: Props) {
  const phone = !Grid.useBreakpoint().md;
  const list = value ?? [];
  const update = (files: EvidenceValue) => onChange?.(files);
  const common = {
    multiple: true,
    maxCount: MAX_FILES,
    fileList: list,
    // File names are the user's own: shown as they are.
    itemRender: (node: React.ReactElement) => <div translate="no">{node}</div>,
    beforeUpload: (file: File) => {
      if (file.size > MAX_MB * 1024 * 1024) return Promise.reject(new Error(T.tooLarge(file.name, MAX_MB)));
      return true;
    },
    customRequest: ({ file, onSuccess, onError }: { file: unknown; onSuccess?: (body: EvidenceFile) => void; onError?: (error: Error) => void }) => {
      call(
        api.POST('/api/v1/files', {
          body: { file: file as unknown as string },
          bodySerializer: (body) => {
            const form = new FormData();
            form.append('file', body.file as unknown as Blob);
            return form;
          },
        }),
      ).then(
        (uploaded) => onSuccess?.(uploaded),
        (error: unknown) => onError?.(new Error(errorText(error))),
      );
    },
    onChange: ({ fileList }: { fileList: UploadFile<EvidenceFile>[] }) =>
      update(fileList.map((f) => (f.status === 'error' ? { ...f, response: undefined, error: f.error ?? new Error(T.failed(f.name)) } : f))),
  };

  return (
    <div className="evidence-upload">
      <Upload.Dragger {...common} accept={ACCEPT} data-testid="evidence-upload">
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{T.drop}</p>
        {/* The formats' own names (PDF, OFD, WPS …), not words to translate. */}
        <p className="ant-upload-hint" translate="no">
          {T.hint(MAX_FILES, MAX_MB)}
        </p>
      </Upload.Dragger>
      {phone && (
        <Upload {...common} accept="image/*" capture="environment" showUploadList={false}>
          <Button icon={<CameraOutlined />} block style={{ marginTop: 8 }}>
            {T.camera}
          </Button>
        </Upload>
      )}
    </div>
  );
}
