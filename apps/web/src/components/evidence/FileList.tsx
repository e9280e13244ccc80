import { EyeOutlined, FileOutlined, PaperClipOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Flex, Image, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, callWithResponse } from '../../api/client';
import { errorText } from '../../lib/form-errors';
import { downloadFile } from '../../lib/download';
import { type EvidenceFile, formatSize, previewKind } from './evidence';
import { T } from './texts';

/** Fetches a file with the caller's token, as the browser should show it inline (images, PDF). */
async function fetchInline(file: EvidenceFile): Promise<string> {
  const { data } = await callWithResponse(api.GET('/api/v1/files/{id}', { params: { path: { id: file.id }, query: { inline: '1' } }, parseAs: 'blob' }));
  return URL.createObjectURL(new Blob([data as Blob], { type: file.type }));
}

/**
 * A record's evidence files: each downloads under its own name; images open in a preview, PDFs
 * in a new tab (both fetched with the caller's token, shown from the browser's memory).
 */
export function FileList({ files, compact = false }: { files: readonly EvidenceFile[]; compact?: boolean }) {
  const { message } = AntApp.useApp();
  const [image, setImage] = useState<string | null>(null);
  useEffect(() => () => void (image && URL.revokeObjectURL(image)), [image]);
  if (files.length === 0) return null;

  const download = (f: EvidenceFile) =>
    downloadFile(api.GET('/api/v1/files/{id}', { params: { path: { id: f.id } }, parseAs: 'blob' }), f.name).catch((error) => message.error(errorText(error)));
  const preview = async (f: EvidenceFile) => {
    if (previewKind(f.type) === 'image') {
      fetchInline(f).then(setImage, (error) => message.error(errorText(error)));
      return;
    }
    const tab = window.open('', '_blank');
    if (!tab) return message.warning(T.previewBlocked);
    tab.opener = null;
    fetchInline(f).then(
      (url) => {
        tab.location.href = url;
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
      },
      (error) => {
        tab.close();
        message.error(errorText(error));
      },
    );
  };

  return (
    <div className="evidence-files" aria-label={T.label}>
      {files.map((f) => (
        <Flex key={f.id} gap={6} align="center" wrap data-file-id={f.id}>
          {compact ? <PaperClipOutlined /> : <FileOutlined />}
          <Typography.Link onClick={() => download(f)} title={T.download} translate="no">
            {f.name}
          </Typography.Link>
          <Typography.Text type="secondary">{formatSize(f.size)}</Typography.Text>
          {previewKind(f.type) && (
            <Button size="small" type="link" icon={<EyeOutlined />} onClick={() => preview(f)}>
              {T.preview}
            </Button>
          )}
        </Flex>
      ))}
      {image && (
        // Only the preview shows (in its own layer); the thumbnail stays hidden.
        <div style={{ display: 'none' }}>
          <Image src={image} alt="" preview={{ open: true, src: image, onOpenChange: (open) => !open && setImage(null) }} />
        </div>
      )}
    </div>
  );
}
