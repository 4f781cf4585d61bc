import { useState } from 'react';
import { App as AntApp, Space, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';
import type { CaseResponse, CaseView } from '../../../../shared/cases/wire.ts';
import { scrubPersonalData } from '../../../../shared/privacy/scrub.ts';

/**
 * 公开: list a resident's report on the public feed (Open311 GET) or take it off. Shown only when the
 * server offers `publish` in caseOps (a portal/Open311 event in the caller's scope, case.publish). The
 * preview is what the public will read: the same scrubber the server applies (shared/privacy/scrub.ts).
 */
export function CasePublication({ c, onDone }: { c: CaseView; onDone: (updated: CaseView) => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState(false);
  if (!c.caseOps?.includes('publish')) return null;
  const isPublic = Boolean(c.publishedAt);

  const toggle = async (value: boolean) => {
    setBusy(true);
    try {
      const r = await api<CaseResponse>(`/api/cases/${c.id}/publication`, { method: 'POST', body: { public: value } });
      message.success(t(value ? 'console.publication.published' : 'console.publication.unpublished'));
      onDone(r.case);
    } catch (err) {
      message.error(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="case-publication" style={{ marginTop: 12 }}>
      <Space align="center">
        <Switch checked={isPublic} loading={busy} onChange={(v) => void toggle(v)} aria-label={t('console.publication.toggle')} />
        <Typography.Text strong>{t('console.publication.toggle')}</Typography.Text>
        <Typography.Text type="secondary">{t(isPublic ? 'console.publication.isPublic' : 'console.publication.notPublic')}</Typography.Text>
      </Space>
      <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
        {t('console.publication.hint')}
      </Typography.Paragraph>
      <Typography.Paragraph style={{ margin: '4px 0 0', whiteSpace: 'pre-wrap' }} data-testid="publication-preview">
        {t('console.publication.preview')}：{scrubPersonalData(c.description)}
      </Typography.Paragraph>
    </div>
  );
}
