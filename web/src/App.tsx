import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from './lib/api.ts';
import { navigate, usePath } from './lib/router.ts';
import { allowedFaces, faceHome, hasSessionHint, SessionContext, setSessionHint, type Session } from './lib/session.tsx';
import type { MeView as Me } from '../../shared/people/wire.ts';
import { LoginPage } from './login/LoginPage.tsx';
import { ErrorNote } from './components/ErrorNote.tsx';

// One chunk per face: a grid worker's phone never downloads the console.
const ConsoleApp = lazy(() => import('./console/ConsoleApp.tsx'));
const FieldApp = lazy(() => import('./field/FieldApp.tsx'));
const PublicApp = lazy(() => import('./public/PublicApp.tsx'));
const AdminApp = lazy(() => import('./admin/AdminApp.tsx'));
const AccountPage = lazy(() => import('./account/AccountPage.tsx'));

function Loading() {
  const { t } = useTranslation();
  return (
    <div className="page-loading">
      <Spin size="large" description={t('common.loading')} />
    </div>
  );
}

type SessionState = { status: 'loading' } | { status: 'anonymous' } | { status: 'error'; error: unknown } | { status: 'in'; me: Me };

/** Signed-in part of the app: who am I → the face for my roles. */
function Staff({ path }: { path: string }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const loadMe = useCallback(async () => {
    // The session cookie is HttpOnly; a local hint spares first-time visitors a 401 probe.
    if (!hasSessionHint()) {
      setState({ status: 'anonymous' });
      return;
    }
    try {
      const me = await api<Me>('/api/me');
      setState({ status: 'in', me });
    } catch (err) {
      if (err instanceof ApiError && (err.status === 401 || err.code === 'UNAUTHENTICATED')) {
        setSessionHint(false);
        setState({ status: 'anonymous' });
      } else setState({ status: 'error', error: err });
    }
  }, []);

  useEffect(() => {
    void loadMe();
  }, [loadMe]);

  const logout = useCallback(async () => {
    // Forget the session before asking the server: a page left while the request is in flight must not
    // come back believing it is signed in (it would probe /api/me into a 401).
    setSessionHint(false);
    await api('/api/auth/logout', { method: 'POST', body: {} }).catch(() => undefined);
    setState({ status: 'anonymous' });
    navigate('/login', { replace: true });
  }, []);

  const session: Session | null = useMemo(() => (state.status === 'in' ? { me: state.me, logout } : null), [state, logout]);

  const face = path.split('/')[1] ?? '';
  // A temporary password or a missing mandatory second factor holds the person on the account page
  // (the server refuses everything else with 403 meanwhile).
  const gated = state.status === 'in' && (state.me.mustChangePassword || (state.me.totpRequired && !state.me.totpEnabled));
  const onAccount = face === 'account' || gated;
  useEffect(() => {
    if (state.status === 'anonymous' && path !== '/login') navigate('/login', { replace: true });
    if (state.status === 'in' && !onAccount && !allowedFaces(state.me).includes(face)) navigate(faceHome(state.me), { replace: true });
  }, [state, path, face, onAccount]);

  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') return <ErrorNote error={state.error} style={{ margin: 24 }} />;
  if (state.status === 'anonymous') return <LoginPage
        onLoggedIn={() => {
          setSessionHint(true);
          void loadMe();
        }}
      />;
  if (session && onAccount) {
    return (
      <SessionContext.Provider value={session}>
        <Suspense fallback={<Loading />}>
          <AccountPage reload={() => void loadMe()} />
        </Suspense>
      </SessionContext.Provider>
    );
  }
  if (!session || !allowedFaces(session.me).includes(face)) return <Loading />;
  return (
    <SessionContext.Provider value={session}>
      <Suspense fallback={<Loading />}>
        {face === 'field' ? <FieldApp path={path} /> : face === 'admin' ? <AdminApp path={path} /> : <ConsoleApp path={path} />}
      </Suspense>
    </SessionContext.Provider>
  );
}

/** Root: antd in the chosen language, then the public portal (no login) or the staff faces. */
export function App() {
  const { i18n } = useTranslation();
  const path = usePath();
  const en = i18n.language === 'en';
  useEffect(() => {
    dayjs.locale(en ? 'en' : 'zh-cn');
  }, [en]);
  const isPublic = path === '/public' || path.startsWith('/public/');
  return (
    <ConfigProvider locale={en ? enUS : zhCN} theme={{ token: { colorPrimary: '#1677ff', borderRadius: 6 } }}>
      <AntApp>
        {isPublic ? (
          <Suspense fallback={<Loading />}>
            <PublicApp path={path} />
          </Suspense>
        ) : (
          <Staff path={path} />
        )}
      </AntApp>
    </ConfigProvider>
  );
}
