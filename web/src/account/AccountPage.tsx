import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Form, Input, InputNumber, Layout, Popconfirm, Radio, Space, Table, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../lib/api.ts';
import { navigate } from '../lib/router.ts';
import { faceHome, useSession } from '../lib/session.tsx';
import { ErrorNote } from '../components/ErrorNote.tsx';
import type { NewTokenResponse, TokenListResponse, TokenView, TotpConfirmResponse, TotpSetupResponse } from '../../../shared/people/wire.ts';
import { ConsoleHeader } from '../components/ConsoleHeader.tsx';
import { QrCode } from '../components/QrCode.tsx';
import '../console/console.css';
import './account.css';
import { addAreaStrings } from '../i18n/index.ts';
import accountZh from '../i18n/account.zh-CN.json';
import accountEn from '../i18n/account.en.json';

// This page's strings travel with it (web/src/i18n/index.ts keeps them out of the start-up bundle).
addAreaStrings({ 'zh-CN': accountZh, en: accountEn });

// Every form here has a name: antd derives input ids from it, and several forms have a `password` field.

/** Fields whose 400 the page says in words (the server names the field; docs/access.md). */
const FIELD_ERRORS = new Set(['currentPassword', 'newPassword', 'password', 'code', 'expiresInDays', 'name']);

/** An API error, with a field-specific sentence for a 400 on a field this page knows. */
function AccountError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (error instanceof ApiError && error.code === 'VALIDATION_FAILED' && error.field && FIELD_ERRORS.has(error.field)) {
    return <Alert type="error" showIcon role="alert" title={t(`account.bad.${error.field}`)} description={error.message} style={{ marginBottom: 16 }} />;
  }
  return <ErrorNote error={error} style={{ marginBottom: 16 }} />;
}

/** 修改密码: current + new (twice); a forced change (temporary password) reloads the session when done. */
function PasswordCard({ forced, onChanged }: { forced: boolean; onChanged: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  async function submit(v: { currentPassword: string; newPassword: string }) {
    setBusy(true);
    setError(null);
    setDone(false);
    try {
      await api('/api/me/password', { method: 'POST', body: { currentPassword: v.currentPassword, newPassword: v.newPassword } });
      form.resetFields();
      setDone(true);
      onChanged();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Card title={t('account.password.title')} className="account-card">
      {forced && <Alert type="warning" showIcon title={t('account.password.forced')} style={{ marginBottom: 16 }} />}
      <Form form={form} name="changePassword" layout="vertical" onFinish={submit} requiredMark={false} disabled={busy} aria-label={t('account.password.title')}>
        <Form.Item label={forced ? t('account.password.temporary') : t('account.password.current')} name="currentPassword" rules={[{ required: true, message: t('account.password.required') }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          label={t('account.password.new')}
          name="newPassword"
          extra={t('account.password.policy')}
          rules={[{ required: true, min: 10, message: t('account.password.policy') }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label={t('account.password.repeat')}
          name="repeat"
          dependencies={['newPassword']}
          rules={[({ getFieldValue }) => ({ validator: (_r, value) => (value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('account.password.mismatch')))) })]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <AccountError error={error} />
        {done && <Alert type="success" showIcon title={t('account.password.done')} style={{ marginBottom: 16 }} />}
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('account.password.submit')}
        </Button>
      </Form>
    </Card>
  );
}

type Enrolment = { stage: 'idle' } | { stage: 'scan'; secret: string; uri: string } | { stage: 'codes'; codes: string[] };

/** 两步验证: enrol with a QR code and a first code, see the recovery codes once; disable with password + code. */
function TwoFactorCard({ enabled, required, onChanged }: { enabled: boolean; required: boolean; onChanged: () => void }) {
  const { t } = useTranslation();
  const [enrolment, setEnrolment] = useState<Enrolment>({ stage: 'idle' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  // The password again: a stolen session alone must not be able to bind someone else's authenticator.
  const start = (v: { password: string }) =>
    run(async () => setEnrolment({ stage: 'scan', ...(await api<TotpSetupResponse>('/api/me/totp/setup', { method: 'POST', body: { password: v.password } })) }));
  const confirm = (v: { code: string }) =>
    run(async () => {
      const r = await api<TotpConfirmResponse>('/api/me/totp/confirm', { method: 'POST', body: { code: v.code.trim() } });
      setEnrolment({ stage: 'codes', codes: r.recoveryCodes });
    });
  const disable = (v: { password: string; code: string }) =>
    run(async () => {
      await api('/api/me/totp/disable', { method: 'POST', body: { password: v.password, code: v.code.trim() } });
      onChanged();
    });

  return (
    <Card
      title={
        <Space>
          <SafetyCertificateOutlined />
          {t('account.totp.title')}
          {enabled || enrolment.stage === 'codes' ? <Tag color="green">{t('account.totp.on')}</Tag> : <Tag>{t('account.totp.off')}</Tag>}
        </Space>
      }
      className="account-card"
    >
      {required && !enabled && enrolment.stage !== 'codes' && <Alert type="warning" showIcon title={t('account.totp.requiredNote')} style={{ marginBottom: 16 }} />}
      <AccountError error={error} />
      {enrolment.stage === 'codes' ? (
        <div>
          <Alert type="success" showIcon title={t('account.totp.enabled')} description={t('account.totp.codesNote')} style={{ marginBottom: 16 }} />
          <pre className="account-codes" aria-label={t('account.totp.codes')}>
            {enrolment.codes.join('\n')}
          </pre>
          <Button
            type="primary"
            onClick={() => {
              setEnrolment({ stage: 'idle' });
              onChanged();
            }}
          >
            {t('account.totp.codesSaved')}
          </Button>
        </div>
      ) : enabled ? (
        <Form name="totpDisable" layout="vertical" onFinish={disable} requiredMark={false} disabled={busy || required} aria-label={t('account.totp.disable')}>
          <Typography.Paragraph type="secondary">{required ? t('account.totp.cannotDisable') : t('account.totp.disableNote')}</Typography.Paragraph>
          <Form.Item label={t('account.password.current')} name="password" rules={[{ required: true, message: t('account.password.required') }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item label={t('account.totp.codeOrRecovery')} name="code" rules={[{ required: true, message: t('account.totp.codeRequired') }]}>
            <Input autoComplete="one-time-code" />
          </Form.Item>
          <Button danger htmlType="submit" loading={busy}>
            {t('account.totp.disable')}
          </Button>
        </Form>
      ) : enrolment.stage === 'scan' ? (
        <div className="account-scan">
          <QrCode text={enrolment.uri} size={200} label={t('account.totp.qr')} />
          <div>
            <Typography.Paragraph>{t('account.totp.scan')}</Typography.Paragraph>
            <Typography.Paragraph>
              {t('account.totp.manual')} <Typography.Text code copyable data-testid="totp-secret">{enrolment.secret}</Typography.Text>
            </Typography.Paragraph>
            <Form name="totpConfirm" layout="inline" onFinish={confirm} requiredMark={false} disabled={busy} aria-label={t('account.totp.confirm')}>
              <Form.Item name="code" rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: t('account.totp.codeRequired') }]}>
                <Input inputMode="numeric" autoComplete="one-time-code" placeholder="123456" maxLength={8} aria-label={t('account.totp.code')} />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={busy}>
                {t('account.totp.confirm')}
              </Button>
            </Form>
          </div>
        </div>
      ) : (
        <Form name="totpSetup" layout="vertical" onFinish={start} requiredMark={false} disabled={busy} aria-label={t('account.totp.enable')}>
          <Typography.Paragraph type="secondary">{t('account.totp.explain')}</Typography.Paragraph>
          <Form.Item label={t('account.password.current')} name="password" rules={[{ required: true, message: t('account.password.required') }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('account.totp.enable')}
          </Button>
        </Form>
      )}
    </Card>
  );
}

/** API令牌: my tokens (revoke), a new one (name, scope, days, password) shown once. */
function TokensCard() {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const [tokens, setTokens] = useState<TokenView[] | null>(null);
  const [fresh, setFresh] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(async () => {
    try {
      setTokens((await api<TokenListResponse>('/api/tokens')).items);
    } catch (err) {
      setError(err);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  async function create(v: { name: string; scope: 'read' | 'write'; expiresInDays: number; password: string }) {
    setBusy(true);
    setError(null);
    try {
      const made = await api<NewTokenResponse>('/api/tokens', { method: 'POST', body: v });
      setFresh(made.token);
      form.resetFields();
      await load();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  async function revoke(id: string) {
    setError(null);
    try {
      await api(`/api/tokens/${id}`, { method: 'DELETE' });
      await load();
    } catch (err) {
      setError(err);
    }
  }
  const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '—');
  return (
    <Card title={t('account.tokens.title')} className="account-card">
      <Typography.Paragraph type="secondary">{t('account.tokens.explain')}</Typography.Paragraph>
      <AccountError error={error} />
      {fresh && (
        <Alert
          type="success"
          showIcon
          title={t('account.tokens.shownOnce')}
          description={<Typography.Text code copyable data-testid="new-token">{fresh}</Typography.Text>}
          closable
          onClose={() => setFresh(null)}
          style={{ marginBottom: 16 }}
        />
      )}
      <Table<TokenView>
        size="small"
        rowKey="id"
        loading={tokens === null}
        dataSource={tokens ?? []}
        pagination={false}
        locale={{ emptyText: t('account.tokens.none') }}
        columns={[
          { title: t('account.tokens.name'), dataIndex: 'name' },
          { title: t('account.tokens.scope'), dataIndex: 'scope', render: (s: string) => <Tag color={s === 'write' ? 'orange' : 'blue'}>{t(`account.tokens.scope_${s}`)}</Tag> },
          { title: t('account.tokens.created'), dataIndex: 'createdAt', render: day },
          { title: t('account.tokens.expires'), dataIndex: 'expiresAt', render: day },
          { title: t('account.tokens.lastUsed'), dataIndex: 'lastUsedAt', render: day },
          {
            title: '',
            key: 'revoke',
            render: (_v, r) =>
              r.revokedAt ? (
                <Tag>{t('account.tokens.revoked')}</Tag>
              ) : (
                <Popconfirm title={t('account.tokens.revokeConfirm')} onConfirm={() => void revoke(r.id)}>
                  <Button size="small" danger>
                    {t('account.tokens.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <Typography.Title level={3} style={{ fontSize: 15, marginTop: 16 }}>
        {t('account.tokens.new')}
      </Typography.Title>
      <Form form={form} name="newToken" layout="vertical" onFinish={create} requiredMark={false} disabled={busy} initialValues={{ scope: 'read', expiresInDays: 90 }} aria-label={t('account.tokens.new')}>
        <Form.Item label={t('account.tokens.name')} name="name" rules={[{ required: true, whitespace: true, message: t('account.tokens.nameRequired') }]}>
          <Input maxLength={100} placeholder={t('account.tokens.namePlaceholder')} />
        </Form.Item>
        <Form.Item label={t('account.tokens.scope')} name="scope">
          <Radio.Group
            options={[
              { value: 'read', label: t('account.tokens.scope_read') },
              { value: 'write', label: t('account.tokens.scope_write') },
            ]}
          />
        </Form.Item>
        <Form.Item label={t('account.tokens.days')} name="expiresInDays" rules={[{ required: true, type: 'integer', min: 1, max: 365, message: t('account.bad.expiresInDays') }]}>
          <InputNumber min={1} max={365} precision={0} />
        </Form.Item>
        <Form.Item label={t('account.tokens.confirmPassword')} name="password" rules={[{ required: true, message: t('account.password.required') }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('account.tokens.create')}
        </Button>
      </Form>
    </Card>
  );
}

/**
 * 账号安全 / Account security, reachable from every face's header. Also the screen a person is held
 * on while their account must do something first: change a temporary password, or enrol the second
 * factor their role requires (the server answers 403 to everything else meanwhile).
 */
export default function AccountPage({ reload }: { reload: () => void }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const gated = me.mustChangePassword || (me.totpRequired && !me.totpEnabled);
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <ConsoleHeader unitName={t('account.title')} subtitle={t('app.name')} wide accountLink={false} />
      <Layout.Content className="console-content account-content">
        {!gated && (
          <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(faceHome(me))} style={{ marginBottom: 16 }}>
            {t('account.back')}
          </Button>
        )}
        <Typography.Title level={2} style={{ fontSize: 20, marginTop: 0 }}>
          {me.mustChangePassword ? t('account.forcedTitle') : me.totpRequired && !me.totpEnabled ? t('account.enrolTitle') : t('account.title')}
        </Typography.Title>
        {me.mustChangePassword ? (
          <PasswordCard forced onChanged={reload} />
        ) : (
          <>
            <TwoFactorCard enabled={me.totpEnabled} required={me.totpRequired} onChanged={reload} />
            {!gated && (
              <>
                <PasswordCard forced={false} onChanged={() => undefined} />
                <TokensCard />
              </>
            )}
          </>
        )}
      </Layout.Content>
    </Layout>
  );
}
