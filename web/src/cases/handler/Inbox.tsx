import { useState } from 'react';
import { Badge, Button, Card, Drawer, Empty, Grid, List, Segmented, Space, Spin, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../lib/useApi.ts';
import { navigate } from '../../lib/router.ts';
import { queryString } from '../../lib/api.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { useLive } from '../../console/live.tsx';
import { CaseDetail } from '../console/CaseDetail.tsx';
import { fmtTime, OverdueTag, StateTag, useCategories } from '../console/caseUi.tsx';
import { isOverdue } from '../shared/cases.ts';
import type { CaseList } from '../../../../shared/cases/wire.ts';

type Tab = 'dispatched' | 'in_handling' | 'handled' | 'all';
const TABS: Tab[] = ['dispatched', 'in_handling', 'handled', 'all'];
/** Where the handler face lives; a case opens at BASE/<id>. */
export const BASE = '/console/inbox';

/** The department handler's inbox: dispatched cases to accept, cases in hand to report handled (note + photos), requests for more time or a return. */
export function Inbox({ caseId }: { caseId: string | null }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const cats = useCategories();
  const live = useLive();
  const [tab, setTab] = useState<Tab>('dispatched');
  const list = useApi<CaseList>(`/api/cases${queryString({ state: tab === 'all' ? undefined : tab, limit: 100 })}&_=${live.tick}`);
  const counts = {
    dispatched: useApi<CaseList>(`/api/cases?state=dispatched&limit=100&_=${live.tick}`).data?.cases.length,
    in_handling: useApi<CaseList>(`/api/cases?state=in_handling&limit=100&_=${live.tick}`).data?.cases.length,
  };
  return (
    <div>
      <Space wrap style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }}>
        <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
          {t('console.handler.inbox')}
        </Typography.Title>
        <Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={t('console.cases.refresh')} />
      </Space>
      <Segmented<Tab>
        block
        value={tab}
        onChange={setTab}
        style={{ marginBottom: 12 }}
        options={TABS.map((k) => ({
          value: k,
          label: (
            <span>
              {t(`console.handler.tab.${k}`)} {k in counts && (counts[k as keyof typeof counts] ?? 0) > 0 && <Badge count={counts[k as keyof typeof counts]} size="small" />}
            </span>
          ),
        }))}
      />
      <ErrorNote error={list.error} />
      {list.loading && !list.data ? (
        <Spin style={{ display: 'block', margin: 48 }} />
      ) : (list.data?.cases.length ?? 0) === 0 ? (
        <Empty description={t('console.handler.empty')} />
      ) : (
        <List
          grid={{ gutter: 12, xs: 1, md: 2, xl: 3 }}
          dataSource={list.data!.cases}
          renderItem={(c) => (
            <List.Item>
              <Card hoverable size="small" onClick={() => navigate(`${BASE}/${c.id}`)} className={isOverdue(c) ? 'inbox-card inbox-late' : 'inbox-card'}
                title={<span>{c.caseNo}</span>} extra={<Space size={4}><StateTag state={c.state} /><OverdueTag c={c} /></Space>}>
                <Typography.Text strong>{cats.name(c.categoryCode)}</Typography.Text>
                <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: '4px 0' }}>
                  {c.description}
                </Typography.Paragraph>
                <Typography.Text type="secondary">
                  {t('console.handler.due', { at: fmtTime(c.stageDueAt) })}
                </Typography.Text>
              </Card>
            </List.Item>
          )}
        />
      )}
      <Drawer open={!!caseId} onClose={() => navigate(BASE)} size={screens.lg ? 760 : '100%'} title={t('console.cases.detail')} destroyOnHidden>
        {caseId && <CaseDetail id={caseId} onChanged={() => list.reload()} />}
      </Drawer>
    </div>
  );
}
