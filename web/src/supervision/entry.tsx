import { lazy } from 'react';
import { AuditOutlined } from '@ant-design/icons';

/** 督导 in the console: the page loads lazily (its own chunk); the menu icon is all the shell imports. */
export const SupervisionConsole = lazy(() => import('./console/SupervisionPage.tsx'));
export const supervisionIcon = <AuditOutlined />;
