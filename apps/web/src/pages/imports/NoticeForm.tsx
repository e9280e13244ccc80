import { DeleteOutlined, FileWordOutlined, InboxOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Form, Input, Tabs, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, call } from '../../api/client';
import { mapApiError } from '../../lib/form-errors';
import { LatinTerms } from './LatinTerms';
import { T } from './texts';

type Mode = 'text' | 'file';
type Errors = { text?: string[]; file?: string[]; source?: string[]; general: string[] };

/** The api's limit on an uploaded notice (ImportUploadDto); a larger file is refused before it is sent. */
const MAX_FILE_BYTES = 20 * 1024 * 1024;
const FIELDS = ['text', 'file', 'source'] as const;

/**
 * Step 1 of 导入: the notice pasted as text or uploaded as a .docx (multipart), with where it
 * comes from; 解析 makes the preview. The api's refusals (empty, too large, not Chinese, not a
 * readable .docx) show under the field they name.
 */
export function NoticeForm() {
  const navigate = useNavigate();
  const client = useQueryClient();
  const [mode, setMode] = useState<Mode>('text');
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [source, setSource] = useState('');
  const [errors, setErrors] = useState<Errors>({ general: [] });

  const parse = useMutation({
    mutationFn: async () => {
      const from = source.trim() || undefined;
      if (mode === 'text') return call(api.POST('/api/v1/imports', { body: { text, source: from } }));
      return call(
        api.POST('/api/v1/imports', {
          body: { file, source: from },
          bodySerializer: () => {
            const form = new FormData();
            form.append('file', file!, file!.name);
            if (from) form.append('source', from);
            return form;
          },
        }),
      );
    },
    onSuccess: (preview) => {
      client.setQueryData(['imports', preview.id], preview);
      void client.invalidateQueries({ queryKey: ['imports', 'list'] });
      navigate(`/imports/${preview.id}`);
    },
    onError: (error) => {
      const mapped = mapApiError(error, FIELDS);
      const next: Errors = { general: mapped.general };
      // The api names `text` for a pasted notice and `file` for an upload: each shows under its own field.
      for (const f of mapped.fields) next[f.name[0] as (typeof FIELDS)[number]] = f.errors;
      setErrors(next);
    },
  });

  const submit = () => {
    if (mode === 'text' && !text.trim()) return setErrors({ text: [T.textRequired], general: [] });
    if (mode === 'file' && !file) return setErrors({ file: [T.fileRequired], general: [] });
    if (mode === 'file' && file!.size > MAX_FILE_BYTES) return setErrors({ file: [T.fileTooLarge], general: [] });
    setErrors({ general: [] });
    parse.mutate();
  };
  const help = (messages: string[] | undefined) =>
    messages?.length
      ? messages.map((m) => (
          <div key={m}>
            <LatinTerms text={m} />
          </div>
        ))
      : undefined;

  return (
    <Card className="section-card" size="small">
      <Form layout="vertical" name="import-notice" onFinish={submit} requiredMark={false}>
        <Tabs
          activeKey={mode}
          onChange={(key) => {
            setMode(key as Mode);
            setErrors({ general: [] });
          }}
          items={[
            {
              key: 'text',
              label: T.paste,
              children: (
                <Form.Item label={T.text} htmlFor="import-text" validateStatus={errors.text ? 'error' : undefined} help={help(errors.text)}>
                  <Input.TextArea
                    id="import-text"
                    translate="no"
                    value={text}
                    onChange={(e) => setText(e.target.value)}
                    autoSize={{ minRows: 8, maxRows: 20 }}
                    placeholder={T.textPlaceholder}
                  />
                </Form.Item>
              ),
            },
            {
              key: 'file',
              label: T.upload,
              children: (
                <Form.Item label={T.file} validateStatus={errors.file ? 'error' : undefined} help={help(errors.file)}>
                  <Upload.Dragger
                    accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                    multiple={false}
                    showUploadList={false}
                    beforeUpload={(picked) => {
                      setFile(picked);
                      setErrors({ general: [] });
                      return false; // sent with 解析, not on its own
                    }}
                  >
                    <p className="ant-upload-drag-icon">
                      <InboxOutlined aria-hidden />
                    </p>
                    <p className="ant-upload-text">{T.fileHint}</p>
                    <p className="ant-upload-hint">
                      <LatinTerms text={T.fileFormats} />
                    </p>
                  </Upload.Dragger>
                  {file && (
                    <Flex align="center" gap="small" style={{ marginTop: 8 }} data-file>
                      <FileWordOutlined aria-hidden style={{ color: '#1677ff' }} />
                      <Typography.Text translate="no" ellipsis style={{ maxWidth: '70vw' }}>
                        {file.name}
                      </Typography.Text>
                      <Button type="text" size="small" icon={<DeleteOutlined />} aria-label={T.removeFile} onClick={() => setFile(null)} />
                    </Flex>
                  )}
                </Form.Item>
              ),
            },
          ]}
        />
        <Form.Item label={T.source} htmlFor="import-source" validateStatus={errors.source ? 'error' : undefined} help={help(errors.source)}>
          <Input id="import-source" value={source} onChange={(e) => setSource(e.target.value)} maxLength={200} placeholder={T.sourcePlaceholder} />
        </Form.Item>
        {errors.general.length > 0 && <Alert type="error" showIcon role="alert" title={<LatinTerms text={errors.general.join('；')} />} style={{ marginBottom: 16 }} />}
        <Flex align="center" gap="middle" wrap>
          <Button type="primary" htmlType="submit" loading={parse.isPending}>
            {parse.isPending ? T.parsing : T.parse}
          </Button>
          <Typography.Text type="secondary">{T.parseHelp}</Typography.Text>
        </Flex>
      </Form>
    </Card>
  );
}
