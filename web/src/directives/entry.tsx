import { lazy } from 'react';
import { FlagOutlined, NotificationOutlined } from '@ant-design/icons';

// What the console and field shells import from directives/campaigns: only lazy pages and two icons,
// so neither the field app's first load nor the console's grows by more than a few hundred bytes.

/** Console 通知指令 page (/console/directives[/<id>]). */
export const DirectivesConsole = lazy(() => import('./console/DirectivesPage.tsx'));
/** Console 专项行动 page (/console/campaigns[/<id>]). */
export const CampaignsConsole = lazy(() => import('../campaigns/CampaignsPage.tsx'));
/** Field 通知 tab (/field/notices[/<id>]): inbox, 签收, 落实反馈, 日报. */
export const NoticesField = lazy(() => import('./field/NoticesPage.tsx'));

export const directivesIcon = <NotificationOutlined />;
export const campaignsIcon = <FlagOutlined />;
