import { useEffect } from 'react';
import { Alert, Card, Descriptions, Empty, Image, Space, Spin, Table, Tabs, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../lib/useApi.ts';
import type { CaseDetail as Detail, CaseView } from '../../../../shared/cases/wire.ts';
import type { NodeView } from '../../../../shared/territory/wire.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { GridMap } from '../../components/GridMap.tsx';
import { CaseActions } from './CaseActions.tsx';
import { CasePublication } from './CasePublication.tsx';
import { fmtTime, OverdueTag, StateTag, useCategories } from './caseUi.tsx';
import { useLive } from '../../console/live.tsx';
import { ResponsibilityChain } from '../../supervision/shared/ResponsibilityChain.tsx';

/**
 * 案件详情: what, where (a small map of its grid), photos, the timeline, the responsibility chain (who held
 * it in each stage and for how long), the ledger of controlled requests, and the actions this person may
 * take. Re-reads itself when the live stream says the case changed.
 */
export function CaseDetail({ id, onChanged }: { id: string; onChanged?: (c: CaseView) => void }) {
  const { t } = useTranslation();
  const cats = useCategories();
  const detail = useApi<Detail>(`/api/cases/${id}`);
  const live = useLive();
  const c = detail.data?.case;
  const grid = useApi<NodeView>(c ? `/api/territory/nodes/${c.gridCode}?geometry=1` : null);
  const { reload } = detail;

  useEffect(() => live.subscribe((e) => e.caseId === id && reload()), [live.subscribe, id, reload]);

  if (detail.error) return <ErrorNote error={detail.error} />;
  if (!detail.data || !c) return <Spin style={{ display: 'block', margin: 48 }} />;
  const { timeline, ledger } = detail.data;
  const photos = [...new Set(timeline.flatMap((e) => e.photos))];
  const gridOutline = grid.data?.geometry ? ({ type: 'Feature', properties: { code: c.gridCode, name: grid.data.name }, geometry: grid.data.geometry } as GeoJSON.Feature) : null;

  return (
    <div className="case-detail">
      <Space wrap style={{ marginBottom: 8 }}>
        <Typography.Title level={3} style={{ margin: 0, fontSize: 18 }}>
          {c.caseNo}
        </Typography.Title>
        <StateTag state={c.state} />
        <OverdueTag c={c} />
        {c.reworkCount > 0 && <Tag color="orange">{t('console.cases.reworkN', { n: c.reworkCount })}</Tag>}
        {c.escalationLevel > 0 && <Tag color="volcano">{t('console.cases.escalated', { n: c.escalationLevel })}</Tag>}
      </Space>
      {c.pendingRequest && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('console.cases.pending', { kind: t(`console.requestKind.${c.pendingRequest.kind}`) })}
          description={`${c.pendingRequest.reason}${c.pendingRequest.extendBy ? ` · ${t(`console.extend.${c.pendingRequest.extendBy}`, { defaultValue: c.pendingRequest.extendBy })}` : ''}`}
        />
      )}
      <Card size="small" title={t('console.cases.actionsTitle')} style={{ marginBottom: 12 }} className="case-actions">
        <CaseActions
          c={c}
          onDone={(updated) => {
            reload();
            onChanged?.(updated);
          }}
        />
        <CasePublication
          c={c}
          onDone={(updated) => {
            reload();
            onChanged?.(updated);
          }}
        />
      </Card>
      <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('console.cases.category')}>{cats.name(c.categoryCode)}</Descriptions.Item>
        <Descriptions.Item label={t('console.cases.grid')}>{grid.data?.name ?? c.gridCode}</Descriptions.Item>
        <Descriptions.Item label={t('console.cases.reportedAt')}>{fmtTime(c.createdAt)}</Descriptions.Item>
        <Descriptions.Item label={t('console.cases.due')}>{fmtTime(c.stageDueAt)}</Descriptions.Item>
        <Descriptions.Item label={t('console.cases.source')}>{t(`console.source.${c.source}`, { defaultValue: c.source })}</Descriptions.Item>
        <Descriptions.Item label={t('console.cases.reporter')}>{[c.reporterName, c.reporterPhone].filter(Boolean).join(' ') || '—'}</Descriptions.Item>
        {c.address && <Descriptions.Item label={t('console.cases.address')} span={2}>{c.address}</Descriptions.Item>}
        <Descriptions.Item label={t('console.cases.description')} span={2}>
          <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{c.description}</Typography.Paragraph>
        </Descriptions.Item>
      </Descriptions>
      <div className="case-detail-media">
        <GridMap label={t('console.cases.map')} outlines={gridOutline} point={c.location} height={220} fallbackCenter={[c.location.lat, c.location.lng]} />
        <div>
          <Typography.Text strong style={{ display: 'block' }}>
            {t('console.cases.photos')}
          </Typography.Text>
          {photos.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('console.cases.noPhotos')} />
          ) : (
            <Image.PreviewGroup>
              <Space wrap style={{ marginTop: 8 }}>
                {photos.map((sha) => (
                  <Image key={sha} src={`/api/attachments/${sha}`} width={96} height={96} style={{ objectFit: 'cover', borderRadius: 4 }} alt={t('console.cases.photoAlt')} />
                ))}
              </Space>
            </Image.PreviewGroup>
          )}
        </div>
      </div>
      <Tabs
        items={[
          {
            key: 'timeline',
            label: t('console.cases.timeline'),
            children: (
              <Timeline
                items={timeline.map((e) => ({
                  key: e.id,
                  color: e.toState === 'closed' ? 'green' : e.action.startsWith('deny') || e.action === 'rework' ? 'red' : 'blue',
                  content: (
                    <div>
                      <Typography.Text strong>{t(`console.action.${e.action}`, { defaultValue: e.action })}</Typography.Text>
                      <Typography.Text type="secondary">
                        {' '}
                        · {e.actorName ?? t('console.cases.system')} · {fmtTime(e.at)}
                      </Typography.Text>
                      {e.toState && e.toState !== e.fromState && (
                        <span style={{ marginLeft: 8 }}>
                          <StateTag state={e.toState} />
                        </span>
                      )}
                      {e.note && <div className="case-note">{e.note}</div>}
                      {e.photos.length > 0 && <Typography.Text type="secondary">{t('console.cases.nPhotos', { n: e.photos.length })}</Typography.Text>}
                    </div>
                  ),
                }))}
              />
            ),
          },
          {
            key: 'chain',
            label: t('console.cases.chain'),
            // 责任链: holder, unit, deadline and who missed it, with the case's accountability records (supervision).
            children: <ResponsibilityChain caseId={id} />,
          },
          {
            key: 'ledger',
            label: t('console.cases.ledger', { n: ledger.length }),
            children: (
              <Table
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={ledger}
                scroll={{ x: 560 }}
                locale={{ emptyText: t('console.cases.noLedger') }}
                columns={[
                  { title: t('console.cases.at'), dataIndex: 'at', render: fmtTime },
                  { title: t('console.cases.ledgerKind'), dataIndex: 'kind', render: (k: string) => t(`console.requestKind.${k}`, { defaultValue: k }) },
                  { title: t('console.cases.ledgerStep'), dataIndex: 'action', render: (a: string) => t(`console.action.${a}`, { defaultValue: a }) },
                  { title: t('console.cases.by'), dataIndex: 'actorName' },
                  { title: t('console.cases.reason'), render: (_: unknown, r) => [r.reason, r.extendBy && t(`console.extend.${r.extendBy}`, { defaultValue: r.extendBy })].filter(Boolean).join(' · ') || '—' },
                ]}
              />
            ),
          },
        ]}
      />
    </div>
  );
}
