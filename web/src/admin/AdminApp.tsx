import { Button, Card, Col, Layout, Row, Space, Typography } from 'antd';
import { ApartmentOutlined, AuditOutlined, DashboardOutlined, LogoutOutlined, MobileOutlined, TeamOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSession } from '../lib/session.tsx';
import { navigate } from '../lib/router.ts';
import { LangSwitch } from '../components/LangSwitch.tsx';
import { AccountLink } from '../components/AccountLink.tsx';
import '../console/console.css';

/** 系统管理: the administrator's start page; people, territory and audit screens grow here. */
export default function AdminApp(_props: { path: string }) {
  const { t } = useTranslation();
  const { me, logout } = useSession();
  const cards = [
    { key: 'console', icon: <DashboardOutlined />, title: t('admin.console'), text: t('admin.consoleDesc'), go: '/console' },
    { key: 'field', icon: <MobileOutlined />, title: t('admin.field'), text: t('admin.fieldDesc'), go: '/field' },
    { key: 'people', icon: <TeamOutlined />, title: t('admin.people'), text: t('admin.peopleDesc') },
    { key: 'territory', icon: <ApartmentOutlined />, title: t('admin.territory'), text: t('admin.territoryDesc') },
    { key: 'audit', icon: <AuditOutlined />, title: t('admin.audit'), text: t('admin.auditDesc') },
  ];
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header className="console-header">
        <div className="console-unit">
          <img src="/icons/icon.svg" alt="" width={28} height={28} />
          <div className="console-unit-text">
            <span className="console-unit-name">{t('admin.title')}</span>
            <span className="console-unit-sub">{t('app.name')}</span>
          </div>
        </div>
        <Space className="console-user">
          <span className="console-person">{me.displayName}</span>
          <LangSwitch />
          <AccountLink />
          <Button icon={<LogoutOutlined />} onClick={() => void logout()} aria-label={t('common.logout')}>
            {t('common.logout')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout.Content className="console-content">
        <Typography.Title level={2} style={{ fontSize: 20, marginTop: 0 }}>
          {t('admin.title')}
        </Typography.Title>
        <Row gutter={[16, 16]}>
          {cards.map((c) => (
            <Col key={c.key} xs={24} sm={12} xl={8}>
              <Card
                title={
                  <Space>
                    {c.icon}
                    {c.title}
                  </Space>
                }
                extra={c.go ? <Button type="primary" onClick={() => navigate(c.go!)}>{t('admin.open')}</Button> : <Typography.Text type="secondary">{t('admin.comingSoon')}</Typography.Text>}
              >
                {c.text}
              </Card>
            </Col>
          ))}
        </Row>
      </Layout.Content>
    </Layout>
  );
}
