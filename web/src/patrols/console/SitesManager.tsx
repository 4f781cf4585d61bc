import { useState } from 'react';
import { App, Button, Popconfirm, Space, Switch, Table, Tag, Typography } from 'antd';
import { EditOutlined, PlusOutlined, QrcodeOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { SITE_CATEGORY_NAMES, type SiteCategory } from '../../../../shared/patrols/dosage.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { api } from '../../lib/api.ts';
import { useAction } from '../../lib/useAction.ts';
import { navigate } from '../../lib/router.ts';
import { useApi } from '../../lib/useApi.ts';
import { useSession } from '../../lib/session.tsx';
import { SiteEditor } from './SiteEditor.tsx';
import type { SiteList, SiteView } from '../../../../shared/patrols/wire.ts';

const RISK_COLOR: Record<number, string> = { 3: 'red', 2: 'orange', 1: 'blue' };

/** 部位管理: the key sites of a scope (deactivated ones too), with create, edit, print QR, deactivate / reactivate. */
export function SitesManager({ scope }: { scope: string }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { me } = useSession();
  const canManage = me.actions.includes('patrol.manage');
  const sites = useApi<SiteList>(`/api/patrols/sites?scope=${encodeURIComponent(scope)}&includeInactive=1`);
  const [editing, setEditing] = useState<SiteView | null>(null);
  const [open, setOpen] = useState(false);
  const { run, error } = useAction();

  async function setActive(s: SiteView, active: boolean) {
    await run(async () => {
      await api(`/api/patrols/sites/${encodeURIComponent(s.id)}`, { method: 'PATCH', body: { expectedUpdatedAt: s.updatedAt, active } });
      message.success(t(active ? 'patrols.sites.reactivated' : 'patrols.sites.deactivated', { name: s.name }));
    });
    // Reloaded either way: a conflict means someone else changed the site meanwhile.
    sites.reload();
  }

  const window = (w: SiteView['dosage'][number]) => t('patrols.sites.windowText', { from: w.start, to: w.end, every: w.everyMinutes, min: w.dwellMinMinutes, max: w.dwellMaxMinutes });
  return (
    <div>
      <Space style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Text type="secondary">{t('patrols.sites.help')}</Typography.Text>
        {canManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => { setEditing(null); setOpen(true); }}>
            {t('patrols.sites.add')}
          </Button>
        )}
      </Space>
      <ErrorNote error={sites.error ?? error} style={{ marginBottom: 12 }} />
      <Table
        className="patrol-sites"
        size="small"
        rowKey="id"
        loading={sites.loading}
        dataSource={sites.data?.sites ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        rowClassName={(s) => (s.active ? '' : 'patrol-site-inactive')}
        columns={[
          { title: t('patrols.console.site'), dataIndex: 'name', render: (n: string, s) => <span data-site={s.id}>{n}</span> },
          { title: t('patrols.sites.category'), dataIndex: 'category', render: (c: string) => SITE_CATEGORY_NAMES[c as SiteCategory]?.[i18n.language === 'en' ? 'en' : 'zh'] ?? c },
          { title: t('patrols.console.risk'), dataIndex: 'riskLevel', render: (r: number) => <Tag color={RISK_COLOR[r]}>{t(`patrols.risk.${r}`)}</Tag> },
          { title: t('patrols.sites.geofence'), key: 'fence', render: (_: unknown, s) => (s.geofence.type === 'circle' ? t('patrols.sites.circleText', { m: s.geofence.radiusMeters }) : t('patrols.sites.polygonText', { n: s.geofence.polygon.coordinates[0]!.length - 1 })) },
          { title: t('patrols.sites.dosage'), key: 'dosage', render: (_: unknown, s) => <div className="patrol-dosage">{s.dosage.map((w, i) => <div key={i}>{window(w)}</div>)}</div> },
          { title: t('patrols.sites.grid'), dataIndex: 'gridCode' },
          {
            title: t('patrols.sites.status'),
            key: 'active',
            render: (_: unknown, s) =>
              canManage ? (
                <Popconfirm title={s.active ? t('patrols.sites.confirmDeactivate') : t('patrols.sites.confirmReactivate')} onConfirm={() => void setActive(s, !s.active)}>
                  <Switch size="small" checked={s.active} checkedChildren={t('patrols.sites.active')} unCheckedChildren={t('patrols.sites.inactive')} aria-label={t('patrols.sites.status')} />
                </Popconfirm>
              ) : (
                <Tag color={s.active ? 'green' : 'default'}>{s.active ? t('patrols.sites.active') : t('patrols.sites.inactive')}</Tag>
              ),
          },
          ...(canManage
            ? [
                {
                  title: t('patrols.sites.actions'),
                  key: 'actions',
                  render: (_: unknown, s: SiteView) => (
                    <Space size={4}>
                      <Button size="small" icon={<EditOutlined />} disabled={!s.active} onClick={() => { setEditing(s); setOpen(true); }}>
                        {t('patrols.sites.edit')}
                      </Button>
                      <Button size="small" icon={<QrcodeOutlined />} disabled={!s.active} onClick={() => navigate(`/console/patrols/qr/${encodeURIComponent(s.id)}`)}>
                        {t('patrols.sites.printQr')}
                      </Button>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {canManage && (
        <SiteEditor
          scope={scope}
          site={editing}
          open={open}
          onClose={() => setOpen(false)}
          onSaved={() => {
            setOpen(false);
            sites.reload();
          }}
        />
      )}
    </div>
  );
}
