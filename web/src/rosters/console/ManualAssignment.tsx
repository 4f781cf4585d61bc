import { App, Button, DatePicker, Form, Input, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { api } from '../../lib/api.ts';
import { useAction } from '../../lib/useAction.ts';
import type { AssignmentAdded, Unit } from '../../../../shared/rosters/wire.ts';

interface Values {
  date: Dayjs;
  templateId: string;
  role: string;
  userId: string;
  overrideReason?: string;
}

/**
 * 手工调班 (managers): put a person on a shift. The server checks it against the rules for the week
 * either side; a change that breaks one is refused with the rules it breaks, and goes through only
 * with a supervisor's reason (主管特批), which is stored and audited.
 */
export function ManualAssignment({ unit, defaultDate, onDone }: { unit: Unit; defaultDate: Dayjs; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { run, busy, error } = useAction();
  const templateId = Form.useWatch('templateId', form);
  const roles = unit.templates.find((x) => x.id === templateId)?.requirements.map((r) => r.role) ?? [];

  async function submit(v: Values) {
    await run(async () => {
      const out = await api<AssignmentAdded>(`/api/rosters/units/${encodeURIComponent(unit.id)}/assignments`, {
        method: 'POST',
        body: { templateId: v.templateId, date: v.date.format('YYYY-MM-DD'), role: v.role, userId: v.userId, ...(v.overrideReason?.trim() ? { overrideReason: v.overrideReason.trim() } : {}) },
      });
      message.success(t(out.overridden ? 'rosters.manualOverridden' : 'rosters.manualAdded'));
      form.resetFields(['userId', 'overrideReason']);
      onDone();
    });
  }

  return (
    <div className="roster-manual" style={{ marginTop: 12 }}>
      <Typography.Text strong>{t('rosters.manualTitle')}</Typography.Text>
      <Form form={form} layout="inline" style={{ marginTop: 8, rowGap: 8 }} initialValues={{ date: defaultDate }} onFinish={(v) => void submit(v)}>
        <Form.Item name="date" rules={[{ required: true }]}>
          <DatePicker aria-label={t('rosters.manualDate')} allowClear={false} />
        </Form.Item>
        <Form.Item name="templateId" rules={[{ required: true, message: t('rosters.manualShift') }]}>
          <Select aria-label={t('rosters.manualShift')} placeholder={t('rosters.manualShift')} style={{ width: 130 }} options={unit.templates.map((x) => ({ value: x.id, label: `${x.nameZh} ${x.startTime}` }))} onChange={() => form.setFieldValue('role', undefined)} />
        </Form.Item>
        <Form.Item name="role" rules={[{ required: true, message: t('rosters.manualRole') }]}>
          <Select aria-label={t('rosters.manualRole')} placeholder={t('rosters.manualRole')} style={{ width: 120 }} options={roles.map((r) => ({ value: r, label: r }))} />
        </Form.Item>
        <Form.Item name="userId" rules={[{ required: true, message: t('rosters.leavePerson') }]}>
          <Select aria-label={t('rosters.leavePerson')} placeholder={t('rosters.leavePerson')} style={{ width: 140 }} showSearch optionFilterProp="label" options={unit.members.map((m) => ({ value: m.userId, label: m.name }))} />
        </Form.Item>
        <Form.Item name="overrideReason">
          <Input placeholder={t('rosters.overrideReason')} maxLength={500} style={{ width: 220 }} />
        </Form.Item>
        <Button htmlType="submit" loading={busy}>
          {t('rosters.manualAdd')}
        </Button>
      </Form>
      <ErrorNote error={error} style={{ marginTop: 8 }} />
    </div>
  );
}
