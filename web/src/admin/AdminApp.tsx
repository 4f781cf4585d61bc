import { Button, Card, Col, Layout, Row, Space, Typography } from 'antd';
import { ApartmentOutlined, AuditOutlined, DashboardOutlined, MobileOutlined, TeamOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { navigate } from '../lib/router.ts';
import { ConsoleHeader } from '../components/ConsoleHeader.tsx';
import '../console/console.css';

/** 系统管理: the administrator's start page; people, territory and audit screens grow here. */
export default function AdminApp(_props: { path: string }) {
  const { t } = useTranslation();
  const cards = [
    { key: 'console', icon: <DashboardOutlined />, title: t('admin.console'), text: t('admin.consoleDesc'), go: '/console' },
    { key: 'field', icon: <MobileOutlined />, title: t('admin.field'), text: t('admin.fieldDesc'), go: '/field' },
    { key: 'people', icon: <TeamOutlined />, title: t('admin.people'), text: t('admin.peopleDesc') },
    { key: 'territory', icon: <ApartmentOutlined />, title: t('admin.territory'), text: t('admin.territoryDesc') },
    { key: 'audit', icon: <AuditOutlined />, title: t('admin.audit'), text: t('admin.auditDesc') },
  ];
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <ConsoleHeader unitName={t('admin.title')} subtitle={t('app.name')} wide />
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
