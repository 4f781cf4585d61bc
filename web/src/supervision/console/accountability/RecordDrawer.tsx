import { Button, Descriptions, Drawer, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { navigate } from '../../../lib/router.ts';
import { fmtTime } from '../../../cases/console/caseUi.tsx';
import type { AccountabilityRecord } from '../../../../../shared/supervision/wire.ts';
import { ResponsibilityChain } from '../../shared/ResponsibilityChain.tsx';
import { RecordStateTag } from './accountabilityUi.tsx';

/** One record: what, who, which unit, the decision; for a case, its responsibility chain (责任链). */
export function RecordDrawer({ record, onClose, onDecide }: { record: AccountabilityRecord | null; onClose: () => void; onDecide?: ((r: AccountabilityRecord, d: 'confirm' | 'waive') => void) | undefined }) {
  const { t } = useTranslation();
  const r = record;
  return (
    <Drawer open={!!r} onClose={onClose} size={1000} destroyOnHidden title={t('supervision.acc.detailTitle')} className="accountability-detail"
      extra={r && r.state === 'pending' && onDecide ? (
        <Space>
          <Button danger onClick={() => onDecide(r, 'confirm')}>{t('supervision.acc.confirm')}</Button>
          <Button onClick={() => onDecide(r, 'waive')}>{t('supervision.acc.waive')}</Button>
        </Space>
      ) : null}
    >
      {r && (
        <>
          <Descriptions size="small" column={2} bordered style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('supervision.acc.source')}>{t(`supervision.acc.kind.${r.sourceKind}`, { defaultValue: r.sourceKind })}</Descriptions.Item>
            <Descriptions.Item label={t('supervision.acc.occurredAt')}>{fmtTime(r.occurredAt)}</Descriptions.Item>
            <Descriptions.Item label={t('supervision.acc.summary')} span={2}>{r.summary}</Descriptions.Item>
            <Descriptions.Item label={t('supervision.acc.person')}>{r.personName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('supervision.acc.unit')}>{[r.unitName ?? r.unitCode, r.departmentName].filter(Boolean).join(' · ')}</Descriptions.Item>
            <Descriptions.Item label={t('supervision.acc.stateCol')}>
              <RecordStateTag record={r} />
            </Descriptions.Item>
            <Descriptions.Item label={t('supervision.acc.reason')}>{r.reason ?? '—'}</Descriptions.Item>
            {r.caseId && (
              <Descriptions.Item label={t('supervision.acc.case')} span={2}>
                <Button type="link" className="supervision-drill" onClick={() => navigate(`/console/cases/${r.caseId}`)}>{r.caseNo ?? r.caseId}</Button>
              </Descriptions.Item>
            )}
          </Descriptions>
          {r.caseId ? (
            <>
              <Typography.Title level={5}>{t('supervision.chain.title')}</Typography.Title>
              <ResponsibilityChain caseId={r.caseId} />
            </>
          ) : (
            <Typography.Paragraph type="secondary">{t('supervision.acc.noCase')}</Typography.Paragraph>
          )}
        </>
      )}
    </Drawer>
  );
}
