import { useEffect, useRef, useState } from 'react';
import { App, Badge, Empty, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime';
import { api } from '../lib/api.ts';
import { navigate } from '../lib/router.ts';
import type { LiveCaseEvent } from '../../../shared/live/wire.ts';
import type { CaseDetail, CaseView } from '../../../shared/cases/wire.ts';
import { StateTag, useCategories } from '../cases/console/caseUi.tsx';
import { useLive } from './live.tsx';

dayjs.extend(relativeTime);

const cache = new Map<string, Promise<CaseView | null>>();

/** The case behind a live event (events carry ids only), read once per case and change. */
function caseFor(e: LiveCaseEvent): Promise<CaseView | null> {
  const key = `${e.caseId}:${e.id}`;
  let p = cache.get(key);
  if (!p) {
    p = api<CaseDetail>(`/api/cases/${e.caseId}`).then(
      (d) => d.case,
      () => null,
    );
    cache.set(key, p);
  }
  return p;
}

function useCases(events: LiveCaseEvent[]): Map<string, CaseView> {
  const [cases, setCases] = useState(new Map<string, CaseView>());
  useEffect(() => {
    let live = true;
    for (const e of events.slice(0, 30)) {
      void caseFor(e).then((c) => {
        if (live && c) setCases((m) => (m.get(e.id) === c ? m : new Map(m).set(e.id, c)));
      });
    }
    return () => {
      live = false;
    };
  }, [events]);
  return cases;
}

/** 实时动态: the newest case changes in my scope — the last days' first (backfill), then as they happen (SSE). */
export function LiveFeed({ max = 12, dark }: { max?: number; dark?: boolean }) {
  const { t } = useTranslation();
  const live = useLive();
  const cats = useCategories();
  const events = live.events.slice(0, max);
  const cases = useCases(events);
  return (
    <div className={dark ? 'live-feed live-feed-dark' : 'live-feed'} aria-live="polite">
      <div className="live-feed-status">
        <Badge status={live.status === 'open' ? 'processing' : live.status === 'retrying' ? 'warning' : 'default'} text={t(`console.live.${live.status}`)} />
      </div>
      {events.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('console.live.empty')} />
      ) : (
        <List
          size="small"
          dataSource={events}
          renderItem={(e) => {
            const c = cases.get(e.id);
            const action = e.type.replace(/^case\./, '');
            return (
              <List.Item className="live-item" onClick={() => navigate(`/console/cases/${e.caseId}`)} style={{ cursor: 'pointer' }}>
                <div className="live-item-body">
                  <div>
                    <Typography.Text strong className="live-action">
                      {t(`console.action.${action}`, { defaultValue: action === 'report' ? t('console.live.reported') : action })}
                    </Typography.Text>{' '}
                    <span className="live-caseno">{c?.caseNo ?? '…'}</span> {e.state && <StateTag state={e.state} />}
                  </div>
                  {c && (
                    <Typography.Text type="secondary" ellipsis className="live-desc">
                      {cats.name(c.categoryCode)} · {c.description}
                    </Typography.Text>
                  )}
                </div>
                <Typography.Text type="secondary" className="live-time" title={e.at}>
                  {dayjs(e.at).isSame(dayjs(), 'day') ? dayjs(e.at).format('HH:mm:ss') : dayjs(e.at).format('MM-DD HH:mm')}
                </Typography.Text>
              </List.Item>
            );
          }}
        />
      )}
    </div>
  );
}

/** A toast for each newly reported case (console) or newly dispatched one (handler), opening it on click. */
export function NewCaseToasts({ on = 'case.report', basePath = '/console/cases' }: { on?: string; basePath?: string }) {
  const { t } = useTranslation();
  const { notification } = App.useApp();
  const live = useLive();
  const cats = useCategories();
  const catsRef = useRef(cats);
  catsRef.current = cats;
  useEffect(
    () =>
      live.subscribe((e) => {
        if (e.type !== on) return;
        void caseFor(e).then((c) => {
          if (!c) return;
          notification.info({
            key: e.caseId,
            title: on === 'case.dispatch' ? t('console.live.newDispatch', { no: c.caseNo }) : t('console.live.newCase', { no: c.caseNo }),
            description: `${catsRef.current.name(c.categoryCode)} · ${c.description}`,
            placement: 'bottomRight',
            duration: 6,
            onClick: () => navigate(`${basePath}/${c.id}`),
          });
        });
      }),
    [live.subscribe, notification, t, on, basePath],
  );
  return null;
}
