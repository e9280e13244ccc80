import { Alert, Button, Drawer, Flex, Grid } from 'antd';
import type { ReactNode } from 'react';
import { COMMON } from '../texts';

/** A form in a drawer: its errors that name no field on top, 取消 and the submit button below. */
export function FormDrawer({
  open,
  title,
  onClose,
  onSubmit,
  submitText = COMMON.save,
  pending,
  general,
  width = 560,
  children,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  onSubmit: () => void;
  submitText?: string;
  pending: boolean;
  general: string[];
  width?: number;
  children: ReactNode;
}) {
  const mobile = !Grid.useBreakpoint().md;
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={title}
      size={mobile ? '100%' : width}
      destroyOnHidden
      footer={
        <Flex justify="end" gap="small">
          <Button onClick={onClose}>{COMMON.cancel}</Button>
          <Button type="primary" loading={pending} onClick={onSubmit}>
            {submitText}
          </Button>
        </Flex>
      }
    >
      {general.length > 0 && <Alert type="error" showIcon role="alert" title={general.join('；')} style={{ marginBottom: 16 }} />}
      {children}
    </Drawer>
  );
}

/** Lets Enter in any field submit the form whose buttons live outside it (a drawer's footer). */
export function SubmitOnEnter() {
  return <button type="submit" className="visually-hidden" tabIndex={-1} aria-hidden="true" />;
}
