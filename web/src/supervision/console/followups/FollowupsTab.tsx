import { useState } from 'react';
import { App, Button, Card, Checkbox, DatePicker, Form, Image, Input, InputNumber, Modal, Progress, Segmented, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { CameraOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api, queryString, uploadImage } from '../../../lib/api.ts';
import { useApi } from '../../../lib/useApi.ts';
import { useSession } from '../../../lib/session.tsx';
import { ErrorNote } from '../../../components/ErrorNote.tsx';
import { fmtTime } from '../../../cases/console/caseUi.tsx';
import { validated } from '../../shared/format.ts';
import type { FollowupItem, FollowupItemResponse, FollowupListResponse } from '../../../../../shared/followups/wire.ts';
import type { PeopleListResponse } from '../../../../../shared/people/wire.ts';
import type { CampaignList } from '../../../../../shared/campaigns/wire.ts';

const STATE_COLOURS: Record<string, string> = { open: 'default', in_progress: 'processing', completed: 'gold', verified: 'green' };
type Act = { item: FollowupItem; kind: 'progress' | 'complete' | 'accept' | 'reject' };

/** 长效机制: follow-up items with owners and deadlines — create, report progress, complete with evidence, verify. */
export default function FollowupsTab({ scope }: { scope: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me } = useSession();
  const canCreate = me.actions.includes('followup.manage');
  const [state, setState] = useState<string>('all');
  const [overdue, setOverdue] = useState(false);
  const [campaign, setCampaign] = useState<string | null>(null);
  const list = useApi<FollowupListResponse>(`/api/followups${queryString({ scope: scope || null, state: state === 'all' ? null : state, overdue: overdue ? 'true' : null, campaign })}`);
  const campaigns = useApi<CampaignList>('/api/campaigns');
  const [creating, setCreating] = useState(false);
  const [acting, setActing] = useState<Act | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [owners, setOwners] = useState<{ value: string; label: string }[]>([]);
  const [createForm] = Form.useForm();
  const [actForm] = Form.useForm();
  // Evidence photos of the item being completed: uploaded on pick (POST /api/uploads); each file's response is its sha256.
  const [files, setFiles] = useState<UploadFile[]>([]);
  const uploading = files.some((f) => f.status === 'uploading');
  const startAct = (item: FollowupItem, kind: Act['kind']) => {
    actForm.resetFields();
    if (kind === 'progress') actForm.setFieldsValue({ progress: item.progress, note: '' });
    setFiles([]);
    setError(null);
    setActing({ item, kind });
  };

  const searchPeople = async (q: string) => {
    try {
      const page = await api<PeopleListResponse>(`/api/people${queryString({ q: q || null, scope: scope || null, limit: 20 })}`);
      setOwners(page.items.map((p) => ({ value: p.id, label: `${p.displayName}（${p.username}）` })));
    } catch {
      setOwners([]);
    }
  };

  const create = async () => {
    const v = await validated<{ campaignId?: string; title: string; description?: string; ownerId: string; dueAt: Dayjs }>(createForm);
    if (!v) return;
    setBusy(true);
    setError(null);
    try {
      // A creating POST: the Idempotency-Key makes a double submit create one item.
      await api<FollowupItemResponse>('/api/followups', {
        method: 'POST',
        body: { ...(v.campaignId ? { campaignId: v.campaignId } : { territoryCode: scope }), title: v.title, ...(v.description ? { description: v.description } : {}), ownerId: v.ownerId, dueAt: v.dueAt.format('YYYY-MM-DD'), sourceKind: v.campaignId ? 'aar' : 'manual' },
        idempotencyKey: true,
      });
      message.success(t('supervision.followup.created'));
      setCreating(false);
      createForm.resetFields();
      list.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const act = async () => {
    if (!acting) return;
    const v = await validated<{ progress?: number; note?: string }>(actForm);
    if (!v) return;
    if (uploading) {
      message.warning(t('supervision.followup.uploading'));
      return;
    }
    const photos = files.map((f) => f.response as string | undefined).filter((sha): sha is string => !!sha);
    setBusy(true);
    setError(null);
    const url = `/api/followups/${acting.item.id}`;
    try {
      if (acting.kind === 'progress') await api(`${url}/progress`, { method: 'POST', body: { progress: v.progress ?? 0, note: v.note ?? '', expectedVersion: acting.item.version } });
      else if (acting.kind === 'complete') await api(`${url}/complete`, { method: 'POST', body: { evidenceNote: v.note ?? '', ...(photos.length ? { photos } : {}), expectedVersion: acting.item.version } });
      else await api(`${url}/verify`, { method: 'POST', body: { decision: acting.kind, ...(v.note ? { note: v.note } : {}) } });
      setActing(null);
      actForm.resetFields();
      setFiles([]);
      list.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" className="followups">
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented value={state} onChange={(v) => setState(String(v))} options={['all', 'open', 'in_progress', 'completed', 'verified'].map((s) => ({ value: s, label: t(`supervision.followup.state.${s}`) }))} />
        <Checkbox checked={overdue} onChange={(e) => setOverdue(e.target.checked)}>{t('supervision.followup.overdueOnly')}</Checkbox>
        <Select allowClear placeholder={t('supervision.followup.campaign')} style={{ minWidth: 200 }} value={campaign ?? undefined} onChange={(v) => setCampaign(v ?? null)} options={(campaigns.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))} />
        {canCreate && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => { setError(null); setCreating(true); void searchPeople(''); }}>
            {t('supervision.followup.new')}
          </Button>
        )}
      </Space>
      <ErrorNote error={list.error ?? (acting || creating ? null : error)} />
      <Table<FollowupItem>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: true }}
        locale={{ emptyText: t('supervision.followup.empty') }}
        columns={[
          { title: t('supervision.followup.title'), dataIndex: 'title', render: (v: string, r) => <Space direction="vertical" size={0}><Typography.Text strong>{v}</Typography.Text>{r.progressNote && <Typography.Text type="secondary">{r.progressNote}</Typography.Text>}</Space> },
          { title: t('supervision.followup.owner'), render: (_, r) => `${r.owner.name}${r.ownerUnit.name ? ` · ${r.ownerUnit.name}` : ''}` },
          { title: t('supervision.followup.dueAt'), dataIndex: 'dueAt', render: (v: string, r) => <Space size={4}>{fmtTime(v)}{r.overdue && <Tag color="red">{t('supervision.followup.overdue')}</Tag>}</Space> },
          { title: t('supervision.followup.stateLabel'), dataIndex: 'state', render: (v: string) => <Tag color={STATE_COLOURS[v]}>{t(`supervision.followup.state.${v}`)}</Tag> },
          { title: t('supervision.followup.progress'), dataIndex: 'progress', width: 140, render: (v: number) => <Progress percent={v} size="small" /> },
          {
            title: '',
            render: (_, r) => (
              <Space size={4} wrap>
                {r.actions?.includes('progress') && <Button size="small" onClick={() => startAct(r, 'progress')}>{t('supervision.followup.reportProgress')}</Button>}
                {r.actions?.includes('complete') && <Button size="small" onClick={() => startAct(r, 'complete')}>{t('supervision.followup.complete')}</Button>}
                {r.actions?.includes('verify') && <Button size="small" type="primary" onClick={() => startAct(r, 'accept')}>{t('supervision.followup.accept')}</Button>}
                {r.actions?.includes('verify') && <Button size="small" danger onClick={() => startAct(r, 'reject')}>{t('supervision.followup.reject')}</Button>}
              </Space>
            ),
          },
        ]}
      />
      <Modal open={creating} title={t('supervision.followup.new')} onCancel={() => setCreating(false)} onOk={() => void create()} confirmLoading={busy} okText={t('supervision.confirm')} cancelText={t('supervision.cancel')} destroyOnHidden>
        <ErrorNote error={error} />
        <Form form={createForm} layout="vertical">
          <Form.Item name="campaignId" label={t('supervision.followup.campaign')}>
            <Select allowClear options={(campaigns.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))} />
          </Form.Item>
          <Form.Item name="title" label={t('supervision.followup.title')} rules={[{ required: true, min: 2 }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="description" label={t('supervision.followup.description')}>
            <Input.TextArea rows={3} maxLength={4000} />
          </Form.Item>
          <Form.Item name="ownerId" label={t('supervision.followup.owner')} rules={[{ required: true }]}>
            <Select showSearch filterOption={false} onSearch={(q) => void searchPeople(q)} options={owners} />
          </Form.Item>
          <Form.Item name="dueAt" label={t('supervision.followup.dueAt')} rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={acting !== null} title={acting ? t(`supervision.followup.${acting.kind === 'progress' ? 'reportProgress' : acting.kind}`) + ` · ${acting.item.title}` : ''} onCancel={() => setActing(null)} onOk={() => void act()} confirmLoading={busy} okButtonProps={{ disabled: uploading }} okText={t('supervision.confirm')} cancelText={t('supervision.cancel')} destroyOnHidden>
        <ErrorNote error={error} />
        {acting?.item.evidence && (
          <div className="followup-evidence" style={{ marginBottom: 12 }}>
            <Typography.Paragraph type="secondary">{t('supervision.followup.evidence')}: {acting.item.evidence.note}</Typography.Paragraph>
            {acting.item.evidence.photos.length > 0 && (
              <Image.PreviewGroup>
                <Space wrap size={8}>
                  {acting.item.evidence.photos.map((sha) => (
                    <Image key={sha} width={96} height={96} style={{ objectFit: 'cover' }} src={`/api/attachments/${sha}`} alt={t('supervision.followup.photos')} />
                  ))}
                </Space>
              </Image.PreviewGroup>
            )}
          </div>
        )}
        <Form form={actForm} layout="vertical">
          {acting?.kind === 'progress' && (
            <Form.Item name="progress" label={t('supervision.followup.progress')} rules={[{ required: true }]}>
              <InputNumber min={0} max={100} addonAfter="%" />
            </Form.Item>
          )}
          <Form.Item
            name="note"
            label={t(acting?.kind === 'complete' ? 'supervision.followup.evidence' : 'supervision.followup.note')}
            rules={acting?.kind === 'accept' ? [] : [{ required: true, min: acting?.kind === 'progress' ? 1 : 4 }]}
          >
            <Input.TextArea rows={3} maxLength={4000} />
          </Form.Item>
          {acting?.kind === 'complete' && (
            <Form.Item label={t('supervision.followup.photos')}>
              <Upload
                className="followup-photos"
                accept="image/jpeg,image/png,image/webp"
                listType="picture-card"
                fileList={files}
                onChange={({ fileList }) => setFiles(fileList)}
                customRequest={({ file, onSuccess, onError }) => {
                  uploadImage(file as Blob).then(
                    (sha) => onSuccess?.(sha),
                    (e: Error) => {
                      onError?.(e);
                      message.error(e.message);
                    },
                  );
                }}
              >
                {files.length < 9 && (
                  <div>
                    <CameraOutlined style={{ fontSize: 20 }} />
                    <div style={{ marginTop: 4 }}>{t('supervision.followup.addPhoto')}</div>
                  </div>
                )}
              </Upload>
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Card>
  );
}
