import { useEffect, useState } from 'react';
import { Alert, Button, DatePicker, Select, Space, Spin, Typography } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { SITE_CATEGORY_NAMES, type SiteCategory } from '../../../../shared/patrols/dosage.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { useApi } from '../../lib/useApi.ts';
import { navigate } from '../../lib/router.ts';
import { QrCode } from '../../components/QrCode.tsx';
import type { SiteList, SiteQr } from '../../../../shared/patrols/wire.ts';


/**
 * 打印巡逻二维码: a printable sheet for one key site with its signed QR code (valid from a day for N
 * days; the server records who issued which code). Workers scan it on arrival and departure; it is
 * reprinted before it expires. Only the sheet is printed (the console around it is hidden).
 */
export default function QrSheet({ siteId }: { siteId: string }) {
  const { t, i18n } = useTranslation();
  const [validFrom, setValidFrom] = useState<Dayjs>(dayjs());
  const [validDays, setValidDays] = useState(7);
  const sites = useApi<SiteList>('/api/patrols/sites?includeInactive=1');
  const qr = useApi<SiteQr>(`/api/patrols/sites/${encodeURIComponent(siteId)}/qr?validFrom=${validFrom.format('YYYY-MM-DD')}&validDays=${validDays}`);
  const site = sites.data?.sites.find((s) => s.id === siteId) ?? null;

  // While this page is open, printing shows the sheet only.
  useEffect(() => {
    document.body.classList.add('patrol-qr-printing');
    return () => document.body.classList.remove('patrol-qr-printing');
  }, []);

  const day = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm');
  const category = site ? (SITE_CATEGORY_NAMES[site.category as SiteCategory]?.[i18n.language === 'en' ? 'en' : 'zh'] ?? site.category) : '';
  return (
    <div className="qr-page">
      <Space wrap className="qr-controls" style={{ marginBottom: 16 }}>
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/console/patrols?tab=sites')}>
          {t('patrols.qr.back')}
        </Button>
        <DatePicker aria-label={t('patrols.qr.validFrom')} value={validFrom} allowClear={false} onChange={(d) => d && setValidFrom(d)} />
        <Select
          aria-label={t('patrols.qr.validDays')}
          value={validDays}
          style={{ width: 130 }}
          onChange={setValidDays}
          options={[1, 3, 7, 14, 31].map((n) => ({ value: n, label: t('patrols.qr.nDays', { n }) }))}
        />
        <Button type="primary" icon={<PrinterOutlined />} disabled={!qr.data} onClick={() => window.print()}>
          {t('patrols.qr.print')}
        </Button>
      </Space>
      <ErrorNote error={qr.error ?? sites.error} style={{ marginBottom: 12 }} />
      {site && !site.active && <Alert type="warning" showIcon title={t('patrols.qr.inactive')} style={{ marginBottom: 12 }} />}
      <Spin spinning={qr.loading}>
        {qr.data && (
          <div className="qr-sheet" data-testid="qr-sheet">
            <div className="qr-sheet-head">{t('patrols.qr.heading')}</div>
            <Typography.Title level={1} className="qr-sheet-name">
              {site?.name ?? siteId}
            </Typography.Title>
            {site && (
              <div className="qr-sheet-meta">
                {category} · {t('patrols.console.risk')} {t(`patrols.risk.${site.riskLevel}`)} · {t('patrols.qr.grid')} {site.gridCode}
              </div>
            )}
            <QrCode text={qr.data.payload} size={320} label={t('patrols.qr.codeLabel', { name: site?.name ?? siteId })} />
            <div className="qr-sheet-valid">{t('patrols.qr.validity', { from: day(qr.data.validFrom), until: day(qr.data.validUntil) })}</div>
            <ol className="qr-sheet-steps">
              <li>{t('patrols.qr.step1')}</li>
              <li>{t('patrols.qr.step2')}</li>
              <li>{t('patrols.qr.step3')}</li>
            </ol>
            <div className="qr-sheet-payload" data-testid="qr-payload">
              {qr.data.payload}
            </div>
          </div>
        )}
      </Spin>
    </div>
  );
}
