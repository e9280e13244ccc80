import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Drawer, Flex, Form, Grid, Input, Modal, Segmented, Select, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { useUnits } from '../../api/queries';
import { useSession } from '../../auth/session';
import { ItemList } from '../../components/ItemList';
import { EvidenceUpload, evidenceSettled, fileIdsOf, type EvidenceValue } from '../../components/evidence/EvidenceUpload';
import { FileList } from '../../components/evidence/FileList';
import { T as EVIDENCE } from '../../components/evidence/texts';
import { formatDate } from '../../lib/dates';
import { errorText, mapApiError, showApiError } from '../../lib/form-errors';
import { COMMON, LIST_TYPE } from '../../texts';
import { mayEditLists } from './chain-access';
import { T } from './texts';

type Chain = Schemas['ChainDetailDto'];
type Item = Schemas['ListItemDto'];
type ListType = Schemas['ListType'];
const TYPES = Object.keys(LIST_TYPE) as ListType[];
const PAGE_SIZE = 10;
const TYPE_COLOR: Record<ListType, string> = { MATTER: 'volcano', PARK: 'green', ENTERPRISE: 'blue', PROJECT: 'purple' };

export function ListTypeTag({ type }: { type: ListType }) {
  return <Tag color={TYPE_COLOR[type]}>{LIST_TYPE[type]}</Tag>;
}

/** 四个清单: the chain's live lists, a page at a time; the lead department adds and removes (with a reason). */
export function ChainLists({ chain }: { chain: Chain }) {
  const current = useSession();
  const [type, setType] = useState<ListType | 'ALL'>('ALL');
  const [page, setPage] = useState(1);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<Item | null>(null);
  const query = { type: type === 'ALL' ? undefined : type, page, pageSize: PAGE_SIZE };
  const items = useQuery({
    queryKey: ['list-items', chain.id, query],
    queryFn: () => call(api.GET('/api/v1/chains/{id}/list-items', { params: { path: { id: chain.id }, query } })),
    placeholderData: (previous) => previous,
  });
  const editor = current ? mayEditLists(chain, current.user) : false;
  return (
    <Card
      className="section-card"
      size="small"
      title={<h2 className="section-title">{T.tabLists}</h2>}
      extra={
        editor && (
          <Button type="primary" size="small" icon={<PlusOutlined aria-hidden />} onClick={() => setAdding(true)}>
            {T.add}
          </Button>
        )
      }
    >
      <Segmented
        block
        aria-label={T.type}
        value={type}
        onChange={(v) => {
          setType(v as ListType | 'ALL');
          setPage(1);
        }}
        options={[{ value: 'ALL', label: T.allTypes }, ...TYPES.map((t) => ({ value: t, label: T.typeShort[t] }))]}
        style={{ marginBottom: 8 }}
      />
      <ItemList
        label={T.listsLabel}
        items={items.data?.items}
        loading={items.isLoading}
        empty={T.noItems}
        page={page}
        pageSize={PAGE_SIZE}
        total={items.data?.total}
        onPage={setPage}
        itemKey={(i) => i.id}
        render={(i) => (
          <Flex justify="space-between" align="start" gap="small">
            <div style={{ minWidth: 0 }}>
              <div className="item-title">
                <ListTypeTag type={i.type} />
                {i.name}
              </div>
              {i.detail && <div>{i.detail}</div>}
              <div className="item-meta">
                {T.owner(i.ownerUnitName)}　{T.addedAt(formatDate(i.addedAt))}
              </div>
              {i.addedReason && <div className="item-meta">{T.addedReason(i.addedReason)}</div>}
              <FileList files={i.files} compact />
            </div>
            {editor && (
              <Button size="small" danger onClick={() => setRemoving(i)} aria-label={T.removeOf(i.name)} style={{ flex: 'none' }}>
                {T.remove}
              </Button>
            )}
          </Flex>
        )}
      />
      {adding && <AddItemDrawer chain={chain} onClose={() => setAdding(false)} />}
      {removing && <RemoveItemModal chain={chain} item={removing} onClose={() => setRemoving(null)} />}
    </Card>
  );
}

interface AddValues {
  type: ListType;
  name: string;
  ownerUnitId?: number;
  detail?: string;
  reason?: string;
  files?: EvidenceValue;
}
const ADD_FIELDS = ['type', 'name', 'ownerUnitId', 'detail', 'reason'];

function AddItemDrawer({ chain, onClose }: { chain: Chain; onClose: () => void }) {
  const mobile = !Grid.useBreakpoint().md;
  const [form] = Form.useForm<AddValues>();
  const [general, setGeneral] = useState<string[]>([]);
  const { message } = AntApp.useApp();
  const client = useQueryClient();
  const { units } = useUnits();
  const type = Form.useWatch('type', form);
  // A key matter is the lead department's; a park, enterprise or project is its zone's or district's.
  const owners = units.filter((u) => (type === 'MATTER' ? chain.leadUnits.some((l) => l.id === u.id) : u.kind === 'ZONE' || u.kind === 'DISTRICT'));
  const add = useMutation({
    mutationFn: (v: AddValues) =>
      call(
        api.POST('/api/v1/chains/{id}/list-items', {
          params: { path: { id: chain.id } },
          body: {
            type: v.type,
            name: v.name.trim(),
            ownerUnitId: v.ownerUnitId,
            detail: v.detail?.trim() || undefined,
            reason: v.reason?.trim() || undefined,
            fileIds: fileIdsOf(v.files),
          },
        }),
      ),
    onSuccess: () => {
      message.success(T.added);
      onClose();
    },
    onError: (error) => {
      const general = showApiError(form, error, ADD_FIELDS);
      setGeneral(general.length || mapApiError(error, ADD_FIELDS).fields.length ? general : [errorText(error)]);
    },
    onSettled: () => Promise.all([client.invalidateQueries({ queryKey: ['list-items', chain.id] }), client.invalidateQueries({ queryKey: ['list-history', chain.id] })]),
  });
  return (
    <Drawer
      open
      onClose={onClose}
      title={`${T.addTitle}：${chain.name}`}
      size={mobile ? '100%' : 520}
      destroyOnHidden
      footer={
        <Flex justify="end" gap="small">
          <Button onClick={onClose}>{COMMON.cancel}</Button>
          <Button type="primary" loading={add.isPending} onClick={() => form.submit()}>
            {T.add}
          </Button>
        </Flex>
      }
    >
      {general.length > 0 && <Alert type="error" showIcon title={general.join('；')} style={{ marginBottom: 16 }} />}
      <Form form={form} name="add-list-item" layout="vertical" onFinish={(v) => add.mutate(v)} initialValues={{ type: 'MATTER' }}>
        <Form.Item name="type" label={T.type} rules={[{ required: true, message: T.typeRequired }]}>
          <Select options={TYPES.map((t) => ({ value: t, label: LIST_TYPE[t] }))} onChange={() => form.setFieldValue('ownerUnitId', undefined)} />
        </Form.Item>
        <Form.Item name="name" label={T.itemName} rules={[{ required: true, whitespace: true, message: T.itemNameRequired }]}>
          <Input maxLength={200} placeholder={T.itemNamePlaceholder} />
        </Form.Item>
        <Form.Item name="ownerUnitId" label={T.itemOwner} extra={type === 'MATTER' ? T.itemOwnerMatter : T.itemOwnerPlace}>
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={owners.map((u) => ({ value: u.id, label: u.name }))} placeholder={COMMON.none} />
        </Form.Item>
        <Form.Item name="detail" label={T.itemDetail}>
          <Input.TextArea rows={3} maxLength={5000} />
        </Form.Item>
        <Form.Item name="reason" label={T.addReason}>
          <Input maxLength={500} />
        </Form.Item>
        <Form.Item name="files" label={EVIDENCE.label} rules={[evidenceSettled]}>
          <EvidenceUpload />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

function RemoveItemModal({ chain, item, onClose }: { chain: Chain; item: Item; onClose: () => void }) {
  const [form] = Form.useForm<{ reason: string }>();
  const [general, setGeneral] = useState<string[]>([]);
  const { message } = AntApp.useApp();
  const client = useQueryClient();
  const remove = useMutation({
    mutationFn: (reason: string) => call(api.DELETE('/api/v1/chains/{id}/list-items/{itemId}', { params: { path: { id: chain.id, itemId: item.id } }, body: { reason } })),
    onSuccess: () => {
      message.success(T.removed);
      onClose();
    },
    onError: (error) => {
      const general = showApiError(form, error, ['reason']);
      setGeneral(general.length || mapApiError(error, ['reason']).fields.length ? general : [errorText(error)]);
    },
    onSettled: () => Promise.all([client.invalidateQueries({ queryKey: ['list-items', chain.id] }), client.invalidateQueries({ queryKey: ['list-history', chain.id] })]),
  });
  return (
    <Modal
      open
      title={T.removeTitle(item.name)}
      okText={T.remove}
      okButtonProps={{ danger: true, loading: remove.isPending }}
      onOk={async () => remove.mutate((await form.validateFields()).reason.trim())}
      onCancel={onClose}
      destroyOnHidden
    >
      <Alert type="warning" showIcon title={T.removeWarning} style={{ marginBottom: 16 }} />
      {general.length > 0 && <Alert type="error" showIcon title={general.join('；')} style={{ marginBottom: 16 }} />}
      <Typography.Paragraph>
        <ListTypeTag type={item.type} />
        {item.name}
      </Typography.Paragraph>
      <Form form={form} name="remove-list-item" layout="vertical">
        <Form.Item name="reason" label={T.removeReason} rules={[{ required: true, whitespace: true, message: T.removeReasonRequired }]}>
          <Input.TextArea rows={2} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
