import { useState } from 'react';
import { App, Button, Card, Checkbox, Empty, Form, Input, InputNumber, List, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { ApiError, api } from '../../lib/api.ts';
import type { Template, TemplateSaved, Unit, TemplateRetired } from '../../../../shared/rosters/wire.ts';

interface Values {
  nameZh: string;
  startTime: string;
  hours: number;
  night: boolean;
  requirements: { role: string; count: number }[];
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const hoursOf = (minutes: number) => Math.round((minutes / 60) * 100) / 100;
const blank: Values = { nameZh: '', startTime: '', hours: 8, night: false, requirements: [{ role: '', count: 1 }] };

/**
 * 班次模板 (managers edit, everyone reads): the unit's current templates, a form to add one or edit
 * one (name, start HH:MM China time, duration, night flag, any number of role + count rows), retire
 * with confirmation, and the retired or superseded versions that still name past shifts. The server
 * keeps history: an edit applies from the first date whose shift has not started.
 */
export function ShiftTemplates({ unit, onChanged }: { unit: Unit; onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [editing, setEditing] = useState<Template | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const base = `/api/rosters/units/${encodeURIComponent(unit.id)}/templates`;

  function startEdit(x: Template) {
    setError(null);
    setEditing(x);
    form.setFieldsValue({ nameZh: x.nameZh, startTime: x.startTime, hours: hoursOf(x.durationMinutes), night: x.night, requirements: x.requirements.map((r) => ({ ...r })) });
  }
  function reset() {
    setEditing(null);
    setError(null);
    form.resetFields();
  }

  // A field the server named ('startTime', 'requirements.1.role') is marked on the form itself.
  function markField(err: unknown) {
    if (!(err instanceof ApiError) || !err.field) return;
    const path = err.field === 'durationMinutes' ? ['hours'] : err.field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    if (['nameZh', 'startTime', 'hours', 'requirements'].includes(String(path[0]))) form.setFields([{ name: path as Parameters<typeof form.getFieldValue>[0], errors: [t(err.code === 'VALIDATION_FAILED' ? 'rosters.tpl.badField' : 'errors.generic')] }]);
  }

  async function submit(v: Values) {
    setBusy(true);
    setError(null);
    const body = { nameZh: v.nameZh.trim(), startTime: v.startTime.trim(), durationMinutes: Math.round(v.hours * 60), night: !!v.night, requirements: v.requirements.map((r) => ({ role: r.role.trim(), count: r.count })) };
    try {
      if (editing) {
        const out = await api<TemplateSaved>(`${base}/${encodeURIComponent(editing.id)}`, { method: 'PUT', body });
        if (out.replaces) message.success(t('rosters.tpl.savedFrom', { date: out.effectiveFrom }));
        else message.success(t('rosters.tpl.saved'));
        if (out.coverageGaps.length > 0) message.warning(t('rosters.tpl.gaps', { n: out.coverageGaps.length }));
      } else {
        await api(base, { method: 'POST', body });
        message.success(t('rosters.tpl.added', { name: body.nameZh }));
      }
      reset();
      onChanged();
    } catch (err) {
      setError(err);
      markField(err);
    } finally {
      setBusy(false);
    }
  }

  async function retire(x: Template) {
    setError(null);
    try {
      const out = await api<TemplateRetired>(`${base}/${encodeURIComponent(x.id)}/retire`, { method: 'POST', body: {} });
      message.success(t('rosters.tpl.retired', { name: x.nameZh, date: out.retiredFrom, n: out.keptAssignments }));
      if (editing?.id === x.id) reset();
      onChanged();
    } catch (err) {
      setError(err);
    }
  }

  const requirementTags = (x: Template) => x.requirements.map((r) => <Tag key={r.role}>{r.role} × {r.count}</Tag>);

  return (
    <div className="roster-templates">
      <ErrorNote error={error} style={{ marginBottom: 12 }} />
      <Table
        className="roster-template-list"
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={unit.templates}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('rosters.noTemplates')} /> }}
        onRow={(x) => ({ 'data-template': x.id }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('rosters.tpl.name'), dataIndex: 'nameZh' },
          { title: t('rosters.tpl.start'), dataIndex: 'startTime' },
          { title: t('rosters.tpl.hours'), dataIndex: 'durationMinutes', render: (m: number) => hoursOf(m) },
          { title: t('rosters.night'), dataIndex: 'night', render: (n: boolean) => (n ? <Tag color="purple">{t('rosters.night')}</Tag> : '') },
          { title: t('rosters.tpl.requirements'), key: 'req', render: (_: unknown, x: Template) => requirementTags(x) },
          { title: t('rosters.tpl.validFrom'), dataIndex: 'validFrom', render: (d: string | null) => d ?? '—' },
          ...(unit.canManage
            ? [{
                title: '',
                key: 'actions',
                render: (_: unknown, x: Template) => (
                  <Space size={4}>
                    <Button size="small" type="link" onClick={() => startEdit(x)}>
                      {t('rosters.tpl.edit')}
                    </Button>
                    <Popconfirm title={t('rosters.tpl.confirmRetire', { name: x.nameZh })} description={t('rosters.tpl.retireHint')} onConfirm={() => void retire(x)}>
                      <Button size="small" type="link" danger>
                        {t('rosters.tpl.retire')}
                      </Button>
                    </Popconfirm>
                  </Space>
                ),
              }]
            : []),
        ]}
      />

      {unit.canManage && (
        <Card size="small" className="roster-template-form" style={{ marginTop: 12 }} title={editing ? t('rosters.tpl.editTitle', { name: editing.nameZh }) : t('rosters.tpl.addTitle')}>
          <Form form={form} name="roster-template" layout="vertical" initialValues={blank} onFinish={(v) => void submit(v)} requiredMark={false}>
            <Space wrap align="start" size={[16, 0]}>
              <Form.Item name="nameZh" label={t('rosters.tpl.name')} rules={[{ required: true, whitespace: true, message: t('rosters.tpl.nameRequired') }]}>
                <Input maxLength={50} style={{ width: 160 }} placeholder={t('rosters.tpl.namePlaceholder')} />
              </Form.Item>
              <Form.Item name="startTime" label={t('rosters.tpl.startChina')} rules={[{ required: true, pattern: TIME, message: t('rosters.tpl.badTime') }]}>
                <Input placeholder="HH:MM" maxLength={5} style={{ width: 110 }} />
              </Form.Item>
              <Form.Item name="hours" label={t('rosters.tpl.hours')} rules={[{ required: true, type: 'number', min: 0.5, max: 24, message: t('rosters.tpl.badHours') }]}>
                <InputNumber min={0.5} max={24} step={0.5} style={{ width: 110 }} />
              </Form.Item>
              <Form.Item name="night" label={t('rosters.night')} valuePropName="checked">
                <Checkbox>{t('rosters.tpl.nightShift')}</Checkbox>
              </Form.Item>
            </Space>
            <div>
              <Typography.Text strong>{t('rosters.tpl.requirements')}</Typography.Text>
            </div>
            <Form.List name="requirements" rules={[{ validator: async (_, rows: unknown[]) => { if (!rows || rows.length === 0) throw new Error(t('rosters.tpl.needRole')); } }]}>
              {(fields, { add, remove }, { errors }) => (
                <div className="roster-template-roles" style={{ marginTop: 8 }}>
                  {fields.map((field, i) => (
                    <Space key={field.key} align="start" data-role-row={i} style={{ display: 'flex' }}>
                      <Form.Item
                        name={[field.name, 'role']}
                        rules={[
                          { required: true, whitespace: true, message: t('rosters.tpl.roleRequired') },
                          {
                            validator: async (_, role: string) => {
                              const rows = (form.getFieldValue('requirements') as Values['requirements']) ?? [];
                              if (role && rows.some((r, j) => j < i && r?.role?.trim() === role.trim())) throw new Error(t('rosters.tpl.duplicateRole'));
                            },
                          },
                        ]}
                      >
                        <Input aria-label={t('rosters.tpl.roleN', { n: i + 1 })} placeholder={t('rosters.skillsPlaceholder')} maxLength={50} style={{ width: 160 }} />
                      </Form.Item>
                      <Form.Item name={[field.name, 'count']} rules={[{ required: true, type: 'number', min: 1, max: 50, message: t('rosters.tpl.badCount') }]}>
                        <InputNumber aria-label={t('rosters.tpl.countN', { n: i + 1 })} min={1} max={50} precision={0} suffix={t('rosters.tpl.people')} style={{ width: 120 }} />
                      </Form.Item>
                      <Button aria-label={t('rosters.tpl.removeRole')} icon={<DeleteOutlined />} disabled={fields.length === 1} onClick={() => remove(field.name)} />
                    </Space>
                  ))}
                  <Form.ErrorList errors={errors} />
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ role: '', count: 1 })} style={{ marginBottom: 12 }}>
                    {t('rosters.tpl.addRole')}
                  </Button>
                </div>
              )}
            </Form.List>
            <Space>
              <Button type="primary" htmlType="submit" loading={busy}>
                {editing ? t('rosters.tpl.save') : t('rosters.tpl.add')}
              </Button>
              {editing && <Button onClick={reset}>{t('rosters.tpl.cancel')}</Button>}
            </Space>
            {editing && (
              <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
                {t('rosters.tpl.editHint')}
              </Typography.Paragraph>
            )}
          </Form>
        </Card>
      )}

      {unit.pastTemplates.length > 0 && (
        <Card size="small" style={{ marginTop: 12 }} title={t('rosters.tpl.pastTitle')}>
          <List
            size="small"
            className="roster-template-past"
            dataSource={unit.pastTemplates}
            renderItem={(x) => (
              <List.Item key={x.id} data-template={x.id}>
                <Space wrap>
                  <Typography.Text type="secondary">
                    {t('rosters.templateLine', { name: x.nameZh, start: x.startTime, hours: hoursOf(x.durationMinutes) })}
                  </Typography.Text>
                  {requirementTags(x)}
                  <Tag>{x.replacedBy ? t('rosters.tpl.replacedFrom', { date: x.retiredFrom }) : t('rosters.tpl.retiredFrom', { date: x.retiredFrom })}</Tag>
                </Space>
              </List.Item>
            )}
          />
        </Card>
      )}
    </div>
  );
}
