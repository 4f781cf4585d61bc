import { lazy } from 'react';
import { NotificationOutlined } from '@ant-design/icons';

// What the console and field shells import from directives: only lazy pages and an icon, so neither the
// field app's first load nor the console's grows by more than a few hundred bytes.

/** Console 通知指令 page (/console/directives[/<id>]). */
export const DirectivesConsole = lazy(() => import('./console/DirectivesPage.tsx'));
/** Field 通知 tab (/field/notices[/<id>]): inbox, 签收, 落实反馈, and today's campaign 日报 cards. */
export const NoticesField = lazy(() => import('./field/NoticesPage.tsx'));

export const directivesIcon = <NotificationOutlined />;
