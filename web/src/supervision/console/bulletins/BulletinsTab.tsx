import { useState } from 'react';
import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { ScheduledBulletins } from './ScheduledBulletins.tsx';
import { AfterActionReview } from './AfterActionReview.tsx';
import { OnDemandBulletin } from './OnDemandBulletin.tsx';

/** 简报: on demand, the ones the scheduled job stored, and campaign after-action reviews (总结评估). */
export default function BulletinsTab({ scope }: { scope: string }) {
  const { t } = useTranslation();
  const [view, setView] = useState<'onDemand' | 'scheduled' | 'aar'>('onDemand');
  return (
    <div>
      <Segmented
        className="bulletins-view"
        style={{ marginBottom: 12 }}
        value={view}
        onChange={(v) => setView(v as typeof view)}
        options={[
          { value: 'onDemand', label: t('supervision.bulletin.viewOnDemand') },
          { value: 'scheduled', label: t('supervision.bulletin.viewScheduled') },
          { value: 'aar', label: t('supervision.aar.view') },
        ]}
      />
      {view === 'onDemand' && <OnDemandBulletin scope={scope} />}
      {view === 'scheduled' && <ScheduledBulletins scope={scope} />}
      {view === 'aar' && <AfterActionReview />}
    </div>
  );
}
