import { useState } from 'react';
import { Space, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { usePath } from '../../lib/router.ts';
import { useScopes } from '../../console/useScope.ts';
import { ScopePicker } from '../../console/ScopePicker.tsx';
import QrSheet from './QrSheet.tsx';
import { SitesManager } from './SitesManager.tsx';
import { SitesMap } from './SitesMap.tsx';
import { ComplianceView } from './ComplianceView.tsx';
import { PlanForm } from './PlanForm.tsx';
import '../shared/patrols.css';

/** 巡逻防控 (console): key sites on the map with uncovered ones highlighted, plan-vs-actual per site and window, shift plans with their quality report. */
export default function PatrolsConsole() {
  const { t } = useTranslation();
  const path = usePath();
  const { scopes, code, setCode } = useScopes();
  const [tab, setTab] = useState(() => new URLSearchParams(window.location.search).get('tab') ?? 'map');
  const qrSite = /^\/console\/patrols\/qr\/([^/]+)$/.exec(path)?.[1];
  if (qrSite) return <QrSheet siteId={decodeURIComponent(qrSite)} />;
  return (
    <div className="patrols-console">
      <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
          {t('patrols.console.title')}
        </Typography.Title>
        <ScopePicker label={t('patrols.console.scope')} scopes={scopes} value={code} onChange={setCode} />
      </Space>
      {code && (
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            { key: 'map', label: t('patrols.console.tabMap'), children: <SitesMap scope={code} /> },
            { key: 'sites', label: t('patrols.console.tabSites'), children: <SitesManager scope={code} /> },
            { key: 'compliance', label: t('patrols.console.tabCompliance'), children: <ComplianceView scope={code} /> },
            { key: 'plan', label: t('patrols.console.tabPlan'), children: <PlanForm scope={code} /> },
          ]}
        />
      )}
    </div>
  );
}
