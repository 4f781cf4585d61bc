import { useEffect, useMemo, useState } from 'react';
import { App, Badge, Button, Drawer, Grid, Input, Select, Space, Switch, Table, Tooltip, Typography } from 'antd';
import { DeleteOutlined, DownloadOutlined, ReloadOutlined, SaveOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../lib/useApi.ts';
import { navigate } from '../../lib/router.ts';
import { queryString } from '../../lib/api.ts';
import { CASE_STATE_LIST } from '../shared/cases.ts';
import type { CaseList, CaseListItem } from '../../../../shared/cases/wire.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { CaseDetail } from './CaseDetail.tsx';
import { fmtTime, OverdueTag, StateTag, useCategories } from './caseUi.tsx';
import { useLive } from '../../console/live.tsx';

/** The list filters; the server's GET /api/cases query, one to one. */
export interface CaseFilters {
  state?: string;
  category?: string;
  grid?: string;
  overdue?: boolean;
  assignedToMe?: boolean;
}

interface SavedView {
  name: string;
  filters: CaseFilters;
}

const VIEWS_KEY = 'wangge.console.caseViews';
const PAGE_SIZE = 20;

function loadViews(): SavedView[] {
  try {
    const v = JSON.parse(localStorage.getItem(VIEWS_KEY) ?? '[]') as unknown;
    return Array.isArray(v) ? (v as SavedView[]) : [];
  } catch {
    return [];
  }
}

function storeViews(views: SavedView[]): void {
  try {
    localStorage.setItem(VIEWS_KEY, JSON.stringify(views));
  } catch {
    // private mode: views last for this visit only
  }
}

/**
 * 案件列表: filters (state, category, grid, overdue, mine), saved views kept on this device, keyset paging
 * (the API's cursor), live refresh from the SSE stream, XLSX export of the same filters, and the case
 * detail in a drawer at /console/cases/<id> so a case can be linked to.
 */
export function CasesPage({ caseId, basePath = '/console/cases', initial }: { caseId?: string | null; basePath?: string; initial?: CaseFilters }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const cats = useCategories();
  const live = useLive();
  const [filters, setFilters] = useState<CaseFilters>(initial ?? {});
  const [gridInput, setGridInput] = useState(initial?.grid ?? '');
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [views, setViews] = useState<SavedView[]>(loadViews);
  const [viewName, setViewName] = useState('');
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const cursor = cursors[cursors.length - 1] ?? null;
  const query = queryString({ ...filters, limit: PAGE_SIZE, cursor });
  const list = useApi<CaseList>(`/api/cases${query}`);
  const { reload } = list;

  // Live: the first page re-reads on every change it might show; later pages keep still (keyset paging).
  useEffect(() => {
    if (live.tick > 0 && cursors.length === 1) reload();
  }, [live.tick]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(
    () =>
      live.subscribe((e) => {
        setFresh((s) => new Set(s).add(e.caseId));
        window.setTimeout(() => setFresh((s) => {
          const n = new Set(s);
          n.delete(e.caseId);
          return n;
        }), 8000);
      }),
    [live.subscribe],
  );

  const update = (f: CaseFilters) => {
    setFilters(f);
    setCursors([null]);
  };

  const categoryOptions = useMemo(
    () =>
      cats.list
        .filter((c) => c.parentCode !== null)
        .map((c) => ({ value: c.code, label: cats.name(c.code) })),
    [cats],
  );

  const exportHref = `/api/cases/export.xlsx${queryString({ state: filters.state, category: filters.category, scope: filters.grid })}`;
  const gridValid = gridInput === '' || /^\d{15}$/.test(gridInput);

  return (
    <div>
      <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
          {t('console.menu.cases')}
          <Badge status={live.status === 'open' ? 'processing' : 'default'} text={t(`console.live.${live.status}`)} style={{ marginLeft: 12, fontWeight: 'normal' }} />
        </Typography.Title>
        <Space wrap>
          <Select
            aria-label={t('console.views.pick')}
            placeholder={t('console.views.pick')}
            style={{ minWidth: 160 }}
            value={null}
            options={views.map((v, i) => ({ value: i, label: v.name }))}
            notFoundContent={t('console.views.none')}
            onChange={(i: number) => {
              const v = views[i];
              if (!v) return;
              update(v.filters);
              setGridInput(v.filters.grid ?? '');
            }}
            optionRender={(o) => (
              <Space style={{ width: '100%', justifyContent: 'space-between' }}>
                {o.label}
                <DeleteOutlined
                  aria-label={t('console.views.delete')}
                  onClick={(e) => {
                    e.stopPropagation();
                    const next = views.filter((_, j) => j !== o.value);
                    setViews(next);
                    storeViews(next);
                  }}
                />
              </Space>
            )}
          />
          <Space.Compact>
            <Input placeholder={t('console.views.name')} aria-label={t('console.views.name')} value={viewName} onChange={(e) => setViewName(e.target.value)} style={{ width: 140 }} />
            <Button
              icon={<SaveOutlined />}
              disabled={!viewName.trim()}
              onClick={() => {
                const next = [...views.filter((v) => v.name !== viewName.trim()), { name: viewName.trim(), filters }];
                setViews(next);
                storeViews(next);
                setViewName('');
                message.success(t('console.views.saved'));
              }}
            >
              {t('console.views.save')}
            </Button>
          </Space.Compact>
          <Button icon={<DownloadOutlined />} href={exportHref} download>
            {t('console.cases.export')}
          </Button>
        </Space>
      </Space>
      <Space wrap style={{ marginBottom: 12 }} className="case-filters">
        <Select
          allowClear
          aria-label={t('console.cases.state')}
          placeholder={t('console.cases.state')}
          style={{ width: 130 }}
          value={filters.state ?? null}
          options={CASE_STATE_LIST.map((s) => ({ value: s, label: t(`console.state.${s}`) }))}
          onChange={(v: string | undefined) => update({ ...filters, state: v ?? undefined })}
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          aria-label={t('console.cases.category')}
          placeholder={t('console.cases.category')}
          style={{ width: 220 }}
          value={filters.category ?? null}
          options={categoryOptions}
          onChange={(v: string | undefined) => update({ ...filters, category: v ?? undefined })}
        />
        <Tooltip title={gridValid ? '' : t('console.cases.gridInvalid')} open={!gridValid}>
          <Input.Search
            allowClear
            aria-label={t('console.cases.gridCode')}
            placeholder={t('console.cases.gridCode')}
            style={{ width: 220 }}
            value={gridInput}
            status={gridValid ? '' : 'error'}
            onChange={(e) => {
              setGridInput(e.target.value.trim());
              if (e.target.value === '') update({ ...filters, grid: undefined });
            }}
            onSearch={(v) => /^\d{15}$/.test(v.trim()) && update({ ...filters, grid: v.trim() })}
          />
        </Tooltip>
        <label className="switch-label">
          <Switch size="small" checked={!!filters.overdue} onChange={(v) => update({ ...filters, overdue: v })} /> {t('console.cases.overdueOnly')}
        </label>
        <label className="switch-label">
          <Switch size="small" checked={!!filters.assignedToMe} onChange={(v) => update({ ...filters, assignedToMe: v })} /> {t('console.cases.mine')}
        </label>
        <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('console.cases.refresh')} />
      </Space>
      <ErrorNote error={list.error} style={{ marginBottom: 12 }} />
      <Table<CaseListItem>
        size="middle"
        rowKey="id"
        loading={list.loading && !list.data}
        dataSource={list.data?.cases ?? []}
        pagination={false}
        scroll={{ x: 900 }}
        rowClassName={(r) => (fresh.has(r.id) ? 'row-live' : '')}
        onRow={(r) => ({ onClick: () => navigate(`${basePath}/${r.id}`), style: { cursor: 'pointer' } })}
        locale={{ emptyText: t('console.cases.empty') }}
        columns={[
          { title: t('console.cases.caseNo'), dataIndex: 'caseNo', width: 170, render: (v: string, r) => <Typography.Link onClick={() => navigate(`${basePath}/${r.id}`)}>{v}</Typography.Link> },
          { title: t('console.cases.state'), dataIndex: 'state', width: 130, render: (s: string, r) => <Space size={4}><StateTag state={s} /><OverdueTag c={r} /></Space> },
          { title: t('console.cases.category'), dataIndex: 'categoryCode', width: 200, render: (code: string) => cats.name(code) },
          { title: t('console.cases.description'), dataIndex: 'description', ellipsis: true },
          { title: t('console.cases.gridCode'), dataIndex: 'gridCode', width: 160, responsive: ['lg'] },
          { title: t('console.cases.reportedAt'), dataIndex: 'createdAt', width: 120, render: fmtTime },
          { title: t('console.cases.due'), dataIndex: 'stageDueAt', width: 120, render: fmtTime },
        ]}
      />
      <Space style={{ marginTop: 12 }}>
        <Button disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
          {t('console.cases.prev')}
        </Button>
        <Typography.Text type="secondary">{t('console.cases.page', { n: cursors.length })}</Typography.Text>
        <Button disabled={!list.data?.nextCursor} onClick={() => list.data?.nextCursor && setCursors((c) => [...c, list.data!.nextCursor])}>
          {t('console.cases.next')}
        </Button>
      </Space>
      <Drawer
        open={!!caseId}
        onClose={() => navigate(basePath)}
        size={screens.xl ? 880 : screens.md ? 720 : '100%'}
        title={t('console.cases.detail')}
        destroyOnHidden
      >
        {caseId && <CaseDetail id={caseId} onChanged={() => reload()} />}
      </Drawer>
    </div>
  );
}
