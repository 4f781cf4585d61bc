import { useMemo } from 'react';
import { Alert, Button, Card, Descriptions, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { navigate } from '../../lib/router.ts';
import { useApi } from '../../lib/useApi.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import type { DirectiveView } from '../../../../shared/directives/wire.ts';
import { PriorityTag } from '../shared/PriorityTag.tsx';
import { useRoleName } from '../shared/useRoleName.ts';
import { RollupView } from './RollupView.tsx';
import { Supplements } from './Supplements.tsx';

/** One directive for the issuing side: text, deadlines and targets, the live roll-up, and 补充要求. */
export function DirectiveDetail({ id }: { id: string }) {
  const { t } = useTranslation();
  const roleName = useRoleName();
  const view = useApi<DirectiveView>(`/api/directives/${id}`);
  const d = view.data?.directive;
  const targets = useMemo(() => {
    if (!d) return '';
    const roles = d.targetRoles ? d.targetRoles.map(roleName).join('、') : null;
    const units = d.targetUnits ? d.targetUnits.join('、') : t('directives.form.targetAll');
    return roles ? `${units} · ${roles}` : units;
  }, [d, roleName, t]);
  return (
    <div>
      <Button type="link" style={{ padding: 0, marginBottom: 8 }} onClick={() => navigate('/console/directives')}>
        {t('directives.backToList')}
      </Button>
      <ErrorNote error={view.error} />
      {d && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Card size="small" title={<span className="directive-title">{d.title}</span>} extra={<PriorityTag p={d.priority} />}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{d.body}</Typography.Paragraph>
            <Descriptions
              size="small"
              column={{ xs: 1, md: 3 }}
              items={[
                { key: 'issuer', label: t('directives.issuer'), children: d.issuer.name },
                { key: 'created', label: t('directives.createdAt'), children: dayjs(d.createdAt).format('YYYY-MM-DD HH:mm') },
                { key: 'delivered', label: t('directives.delivered'), children: d.deliveredCount },
                { key: 'sign', label: t('directives.form.signDeadline'), children: d.signDeadline ? dayjs(d.signDeadline).format('YYYY-MM-DD HH:mm') : '—' },
                { key: 'report', label: t('directives.form.reportDeadline'), children: d.reportDeadline ? dayjs(d.reportDeadline).format('YYYY-MM-DD HH:mm') : '—' },
                { key: 'targets', label: t('directives.form.target'), children: targets },
              ]}
            />
            {d.replyForm && (
              <Alert type="info" style={{ marginTop: 8 }} title={t('directives.form.replyForm')} description={d.replyForm.map((f) => `${f.label}${f.required ? ' *' : ''}`).join('；')} />
            )}
          </Card>
          <RollupView directive={d} />
          <Supplements directive={d} onAdded={view.reload} />
        </Space>
      )}
    </div>
  );
}
