import { Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../lib/api.ts';
import { pickBilingual } from '../../../lib/format.ts';
import type { InspectionFinding, ItemResultValue, Severity, TargetKind } from '../../../../../shared/inspections/wire.ts';

// Small pieces the inspection components share: colours, the period text, kind and target tags, server messages.
/** A finding as listed: in a plan it also names the task's target. */
export type ListedFinding = InspectionFinding & { targetName?: string };

export const SEVERITY_COLOURS: Record<Severity, string> = { minor: 'gold', major: 'orange', critical: 'red' };
export const RESULT_COLOURS: Record<ItemResultValue, string> = { pass: 'green', fail: 'red', na: 'default' };

/** The plan's period as two China dates (the stored end is the next day's midnight). */
export function periodText(startsAt: string, endsAt: string): string {
  return `${dayjs(startsAt).format('YYYY-MM-DD')} ~ ${dayjs(endsAt).subtract(1, 'ms').format('YYYY-MM-DD')}`;
}

export function KindTag({ kind }: { kind: 'open' | 'covert' }) {
  const { t } = useTranslation();
  return <Tag color={kind === 'covert' ? 'purple' : 'blue'}>{t(`supervision.insp.kind.${kind}`)}</Tag>;
}

export function TargetText({ kind, name }: { kind: TargetKind; name: string }) {
  const { t } = useTranslation();
  return (
    <Space size={4}>
      <Tag>{t(`supervision.insp.target.${kind}`)}</Tag>
      {name}
    </Space>
  );
}

/** A validation error from the server, said in the person's language ("中文 / English" messages). */
export function ServerMessage({ error }: { error: unknown }) {
  const { i18n } = useTranslation();
  if (!(error instanceof ApiError) || error.code !== 'VALIDATION_FAILED') return null;
  return <Typography.Text type="danger">{pickBilingual(error.message, i18n.language === 'en')}</Typography.Text>;
}
