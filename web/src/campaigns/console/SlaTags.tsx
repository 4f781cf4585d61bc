import { Space, Tag, Typography } from 'antd';
import type { Phase } from '../../../../shared/campaigns/wire.ts';

/** "时限 ×0.5（市容环境）" tags for a phase's SLA multipliers. */
export function SlaTags({ phase, name }: { phase: Phase; name: (code: string) => string }) {
  const entries = Object.entries(phase.slaMultipliers);
  if (entries.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Space wrap size={4}>
      {entries.map(([code, m]) => (
        <Tag key={code} color={m < 1 ? 'volcano' : 'default'} className="phase-sla">
          {name(code)} ×{m}
        </Tag>
      ))}
    </Space>
  );
}
