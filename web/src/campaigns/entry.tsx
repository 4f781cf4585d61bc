import { lazy } from 'react';
import { FlagOutlined } from '@ant-design/icons';

// What the console shell imports from campaigns: a lazy page and an icon, so its first load grows by a
// few hundred bytes only. (The field app's 日报 card rides inside the 通知 tab: directives/entry.tsx.)

/** Console 专项行动 page (/console/campaigns[/<id>]). */
export const CampaignsConsole = lazy(() => import('./console/CampaignsPage.tsx'));

export const campaignsIcon = <FlagOutlined />;
