import { useState } from 'react';
import { Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../lib/api.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { LangSwitch } from '../components/LangSwitch.tsx';
import type { LoginResponse } from '../../../shared/people/wire.ts';
import './login.css';

/** 登录: username and password, keyboard-first (Enter submits), errors said plainly. */
export function LoginPage({ onLoggedIn }: { onLoggedIn: () => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // Set when the password was right and the account has a second factor: the TOTP step comes next.
  const [challenge, setChallenge] = useState<string | null>(null);

  async function submit(values: { username: string; password: string }) {
    setBusy(true);
    setError(null);
    try {
      const r = await api<LoginResponse>('/api/auth/login', { method: 'POST', body: { username: values.username.trim(), password: values.password } });
      if ('totpRequired' in r) {
        setChallenge(r.challenge);
        setBusy(false);
        return;
      }
      onLoggedIn();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  async function submitCode(values: { code: string }) {
    setBusy(true);
    setError(null);
    try {
      await api('/api/auth/totp', { method: 'POST', body: { challenge, code: values.code.trim() } });
      onLoggedIn();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <main className="login-page">
      <div className="login-lang">
        <LangSwitch />
      </div>
      <Card className="login-card">
        <div className="login-brand">
          <img src="/icons/icon.svg" alt="" width={48} height={48} />
          <div>
            <Typography.Title level={1} className="login-title">
              {t('app.name')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('app.tagline')}</Typography.Text>
          </div>
        </div>
        {challenge ? (
          <Form layout="vertical" onFinish={submitCode} requiredMark={false} disabled={busy} aria-label={t('login.totpTitle')}>
            <Typography.Paragraph>{t('login.totpHint')}</Typography.Paragraph>
            <Form.Item label={t('login.totpCode')} name="code" rules={[{ required: true, whitespace: true, message: t('login.totpRequired') }]}>
              <Input prefix={<SafetyCertificateOutlined aria-hidden />} autoComplete="one-time-code" autoFocus size="large" />
            </Form.Item>
            <ErrorNote error={error} style={{ marginBottom: 16 }} />
            <Button type="primary" htmlType="submit" block size="large" loading={busy}>
              {t('login.totpSubmit')}
            </Button>
            <Button
              type="link"
              block
              onClick={() => {
                setChallenge(null);
                setError(null);
              }}
            >
              {t('login.totpBack')}
            </Button>
          </Form>
        ) : (
          <Form layout="vertical" onFinish={submit} requiredMark={false} disabled={busy} aria-label={t('login.title')}>
            <Form.Item label={t('login.username')} name="username" rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}>
              <Input prefix={<UserOutlined aria-hidden />} autoComplete="username" autoFocus size="large" />
            </Form.Item>
            <Form.Item label={t('login.password')} name="password" rules={[{ required: true, message: t('login.passwordRequired') }]}>
              <Input.Password prefix={<LockOutlined aria-hidden />} autoComplete="current-password" size="large" />
            </Form.Item>
            <ErrorNote error={error} style={{ marginBottom: 16 }} />
            <Button type="primary" htmlType="submit" block size="large" loading={busy}>
              {t('login.submit')}
            </Button>
          </Form>
        )}
        <div className="login-public">
          <Typography.Text type="secondary">{t('login.residentHint')}</Typography.Text>{' '}
          <a href="/public">{t('login.toPublic')}</a>
        </div>
      </Card>
    </main>
  );
}
