import { useState } from 'react';
import { App, Button, Card, Checkbox, DatePicker, Empty, Form, Input, InputNumber, List, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { api } from '../../lib/api.ts';
import { useApi } from '../../lib/useApi.ts';
import type { Unit } from '../../../../shared/rosters/wire.ts';
import type { PeopleListResponse } from '../../../../shared/people/wire.ts';

type Member = Unit['members'][number];

/**
 * 值班人员与请假: the unit's members with their roles/skills, night preference and weekly cap (add,
 * edit, remove), and leave / unavailability (record, withdraw). Changes go through the roster API,
 * which audits them; removing someone who still holds shifts is refused there with the reason.
 */
export function UnitPeople({ unit, onChanged }: { unit: Unit; onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [error, setError] = useState<unknown>(null);
  const [q, setQ] = useState('');
  const people = useApi<PeopleListResponse>(unit.canManage ? `/api/people?scope=${encodeURIComponent(unit.territoryCode)}&limit=30${q ? `&q=${encodeURIComponent(q)}` : ''}` : null);
  const [memberForm] = Form.useForm<{ userId: string; skills: string[]; avoidNights: boolean; maxWeeklyHours: number | null }>();
  const [leaveForm] = Form.useForm<{ userId: string; kind: 'leave' | 'unavailable'; range: [Dayjs, Dayjs]; reason?: string }>();
  const names = new Map(unit.members.map((m) => [m.userId, m.name]));
  const roles = [...new Set(unit.templates.flatMap((x) => x.requirements.map((r) => r.role)))];

  async function run(action: () => Promise<unknown>, done: string) {
    setError(null);
    try {
      await action();
      message.success(done);
      onChanged();
      return true;
    } catch (err) {
      setError(err);
      return false;
    }
  }

  const saveMember = (v: { userId: string; skills: string[]; avoidNights: boolean; maxWeeklyHours: number | null }) =>
    run(
      () => api(`/api/rosters/units/${encodeURIComponent(unit.id)}/members`, { method: 'PUT', body: { userId: v.userId, skills: v.skills, preferences: { avoidNights: !!v.avoidNights }, maxWeeklyHours: v.maxWeeklyHours ?? null } }),
      t('rosters.memberSaved', { name: names.get(v.userId) ?? people.data?.items.find((p) => p.id === v.userId)?.displayName ?? '' }),
    ).then((ok) => ok && memberForm.resetFields());

  const edit = (m: Member) => memberForm.setFieldsValue({ userId: m.userId, skills: m.skills, avoidNights: !!m.preferences?.avoidNights, maxWeeklyHours: m.maxWeeklyHours });

  return (
    <div className="roster-people">
      <ErrorNote error={error} style={{ marginBottom: 12 }} />
      <Card size="small" title={t('rosters.membersTitle')} style={{ marginBottom: 12 }}>
        <Table
          className="roster-members"
          size="small"
          rowKey="userId"
          pagination={false}
          dataSource={unit.members}
          columns={[
            { title: t('rosters.person'), dataIndex: 'name' },
            { title: t('rosters.skills'), dataIndex: 'skills', render: (s: string[]) => s.map((x) => <Tag key={x}>{x}</Tag>) },
            { title: t('rosters.avoidNights'), key: 'nights', render: (_: unknown, m: Member) => (m.preferences?.avoidNights ? '✓' : '') },
            { title: t('rosters.weeklyCap'), dataIndex: 'maxWeeklyHours', render: (h: number | null) => h ?? '—' },
            ...(unit.canManage
              ? [{
                  title: '',
                  key: 'actions',
                  render: (_: unknown, m: Member) => (
                    <Space size={4}>
                      <Button size="small" type="link" onClick={() => edit(m)}>
                        {t('patrols.sites.edit')}
                      </Button>
                      <Popconfirm title={t('rosters.confirmRemove', { name: m.name })} onConfirm={() => void run(() => api(`/api/rosters/units/${encodeURIComponent(unit.id)}/members/${encodeURIComponent(m.userId)}`, { method: 'DELETE' }), t('rosters.removed', { name: m.name }))}>
                        <Button size="small" type="link" danger>
                          {t('rosters.remove')}
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
                }]
              : []),
          ]}
        />
        {unit.canManage && (
          <Form form={memberForm} layout="inline" onFinish={(v) => void saveMember(v)} style={{ marginTop: 12, rowGap: 8 }} className="roster-member-form" initialValues={{ avoidNights: false }}>
            <Form.Item name="userId" rules={[{ required: true, message: t('rosters.searchPeople') }]}>
              <Select
                aria-label={t('rosters.addMember')}
                showSearch
                filterOption={false}
                onSearch={setQ}
                placeholder={t('rosters.searchPeople')}
                style={{ width: 200 }}
                loading={people.loading}
                options={[...unit.members.map((m) => ({ value: m.userId, label: m.name })), ...(people.data?.items ?? []).filter((p) => !names.has(p.id)).map((p) => ({ value: p.id, label: `${p.displayName} (${p.username})` }))]}
              />
            </Form.Item>
            <Form.Item name="skills" rules={[{ required: true, message: t('rosters.skillsPlaceholder') }]}>
              <Select mode="tags" aria-label={t('rosters.skills')} placeholder={t('rosters.skillsPlaceholder')} style={{ minWidth: 200 }} options={roles.map((r) => ({ value: r, label: r }))} />
            </Form.Item>
            <Form.Item name="avoidNights" valuePropName="checked">
              <Checkbox>{t('rosters.avoidNights')}</Checkbox>
            </Form.Item>
            <Form.Item name="maxWeeklyHours">
              <InputNumber min={1} max={84} placeholder={t('rosters.weeklyCap')} aria-label={t('rosters.weeklyCap')} style={{ width: 140 }} />
            </Form.Item>
            <Button type="primary" htmlType="submit" icon={<PlusOutlined />}>
              {t('rosters.addMember')}
            </Button>
          </Form>
        )}
      </Card>

      <Card size="small" title={t('rosters.leaveTitle')}>
        {unit.unavailability.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
        <List
          className="roster-leave"
          size="small"
          dataSource={unit.unavailability}
          renderItem={(l) => (
            <List.Item
              key={l.id}
              data-leave={l.id}
              actions={unit.canManage ? [
                <Popconfirm key="w" title={t('rosters.withdraw')} onConfirm={() => void run(() => api(`/api/rosters/units/${encodeURIComponent(unit.id)}/unavailability/${encodeURIComponent(l.id)}`, { method: 'DELETE' }), t('rosters.leaveRemoved'))}>
                  <Button size="small" type="link" danger>{t('rosters.withdraw')}</Button>
                </Popconfirm>,
              ] : []}
            >
              <Space wrap>
                <Typography.Text strong>{names.get(l.userId) ?? l.userId}</Typography.Text>
                <Tag color={l.kind === 'leave' ? 'gold' : 'default'}>{t(`rosters.leaveKind.${l.kind}`)}</Tag>
                <span>{dayjs(l.startsAt).format('MM-DD HH:mm')} – {dayjs(l.endsAt).format('MM-DD HH:mm')}</span>
                {l.reason && <Typography.Text type="secondary">{l.reason}</Typography.Text>}
              </Space>
            </List.Item>
          )}
        />
        {unit.canManage && (
          <Form
            form={leaveForm}
            layout="inline"
            className="roster-leave-form"
            style={{ marginTop: 12, rowGap: 8 }}
            initialValues={{ kind: 'leave' }}
            onFinish={(v) =>
              void run(
                () => api(`/api/rosters/units/${encodeURIComponent(unit.id)}/unavailability`, { method: 'POST', body: { userId: v.userId, kind: v.kind, startsAt: v.range[0].toISOString(), endsAt: v.range[1].toISOString(), ...(v.reason ? { reason: v.reason } : {}) } }),
                t('rosters.leaveAdded'),
              ).then((ok) => ok && leaveForm.resetFields())
            }
          >
            <Form.Item name="userId" rules={[{ required: true, message: t('rosters.leavePerson') }]}>
              <Select aria-label={t('rosters.leavePerson')} placeholder={t('rosters.leavePerson')} style={{ width: 150 }} options={unit.members.map((m) => ({ value: m.userId, label: m.name }))} />
            </Form.Item>
            <Form.Item name="kind">
              <Select style={{ width: 120 }} aria-label={t('rosters.unitKind')} options={(['leave', 'unavailable'] as const).map((k) => ({ value: k, label: t(`rosters.leaveKind.${k}`) }))} />
            </Form.Item>
            <Form.Item name="range" rules={[{ required: true, message: t('rosters.leaveRange') }]}>
              <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="MM-DD HH:mm" aria-label={t('rosters.leaveRange')} />
            </Form.Item>
            <Form.Item name="reason">
              <Input placeholder={t('rosters.leaveReason')} maxLength={200} style={{ width: 160 }} />
            </Form.Item>
            <Button htmlType="submit">{t('rosters.addLeave')}</Button>
          </Form>
        )}
      </Card>
    </div>
  );
}
