import { Button, Card, Col, Layout, Menu, Row, Typography } from 'antd';
import { AimOutlined, MessageOutlined, NotificationOutlined, SearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { navigate } from '../lib/router.ts';
import { LangSwitch } from '../components/LangSwitch.tsx';
import { Placeholder } from '../components/Placeholder.tsx';
import { LocatePage } from '../cases/public/LocatePage.tsx';
import { ReportConcern } from '../cases/public/ReportConcern.tsx';
import { TrackPage } from '../cases/public/TrackPage.tsx';
import './public.css';

/** 居民服务门户 at /public: no login. 反映问题 (coming with cases) and 网格查询. */
export default function PublicApp({ path }: { path: string }) {
  const { t } = useTranslation();
  const page = path.split('/')[2] ?? '';
  return (
    <Layout className="public">
      <Layout.Header className="public-header">
        <a href="/public" className="public-brand" onClick={(e) => { e.preventDefault(); navigate('/public'); }}>
          <img src="/icons/icon.svg" alt="" width={28} height={28} />
          <span>{t('public.title')}</span>
        </a>
        <Menu
          mode="horizontal"
          theme="dark"
          selectedKeys={[page]}
          className="public-menu"
          onClick={(e) => navigate(`/public/${e.key}`)}
          items={[
            { key: 'report', label: t('public.menu.report') },
            { key: 'track', label: t('public.menu.track') },
            { key: 'notices', label: t('public.menu.notices') },
            { key: 'locate', label: t('public.menu.locate') },
          ]}
        />
        <LangSwitch />
      </Layout.Header>
      <Layout.Content className="public-content">
        {page === 'locate' && <LocatePage />}
        {page === 'report' && <ReportConcern />}
        {page === 'track' && <TrackPage />}
        {page === 'notices' && <Placeholder title={t('public.menu.notices')} text={t('public.notices.coming')} />}
        {!['locate', 'report', 'track', 'notices'].includes(page) && (
          <div>
            <Typography.Title level={1} className="public-hero">
              {t('public.hero')}
            </Typography.Title>
            <Typography.Paragraph type="secondary">{t('public.heroSub')}</Typography.Paragraph>
            <Row gutter={[16, 16]}>
              <Col xs={24} md={12}>
                <Card hoverable onClick={() => navigate('/public/report')}>
                  <Card.Meta avatar={<MessageOutlined className="public-icon" />} title={t('public.menu.report')} description={t('public.reportDesc')} />
                  <Button type="primary" style={{ marginTop: 16 }} onClick={(e) => { e.stopPropagation(); navigate('/public/report'); }}>
                    {t('public.menu.report')}
                  </Button>
                </Card>
              </Col>
              <Col xs={24} md={12}>
                <Card hoverable onClick={() => navigate('/public/track')}>
                  <Card.Meta avatar={<SearchOutlined className="public-icon" />} title={t('public.menu.track')} description={t('public.track.desc')} />
                  <Button style={{ marginTop: 16 }} onClick={(e) => { e.stopPropagation(); navigate('/public/track'); }}>
                    {t('public.menu.track')}
                  </Button>
                </Card>
              </Col>
              <Col xs={24} md={12}>
                <Card hoverable onClick={() => navigate('/public/notices')}>
                  <Card.Meta avatar={<NotificationOutlined className="public-icon" />} title={t('public.menu.notices')} description={t('public.notices.desc')} />
                  <Button style={{ marginTop: 16 }} onClick={(e) => { e.stopPropagation(); navigate('/public/notices'); }}>
                    {t('public.menu.notices')}
                  </Button>
                </Card>
              </Col>
              <Col xs={24} md={12}>
                <Card hoverable onClick={() => navigate('/public/locate')}>
                  <Card.Meta avatar={<AimOutlined className="public-icon" />} title={t('public.menu.locate')} description={t('public.locateDesc')} />
                  <Button style={{ marginTop: 16 }} onClick={(e) => { e.stopPropagation(); navigate('/public/locate'); }}>
                    {t('public.menu.locate')}
                  </Button>
                </Card>
              </Col>
            </Row>
          </div>
        )}
      </Layout.Content>
      <Layout.Footer className="public-footer">
        {t('public.footer')} · <a href="/login">{t('public.staffLogin')}</a>
      </Layout.Footer>
    </Layout>
  );
}
