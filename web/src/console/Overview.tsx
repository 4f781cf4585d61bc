import { Card, Col, List, Row, Statistic, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSession } from '../lib/session.tsx';
import { useApi } from '../lib/useApi.ts';
import type { GridCollection } from '../lib/types.ts';
import { usePick } from '../i18n/usePick.ts';
import { navigate } from '../lib/router.ts';
import { useScopes } from './useScope.ts';

/** 态势总览: who I am, where I work, what is in my scope. Live case figures arrive with cases. */
export function Overview() {
  const { t } = useTranslation();
  const pick = usePick();
  const { me } = useSession();
  const { code } = useScopes();
  const grids = useApi<GridCollection>(code ? `/api/territory/grids.geojson?within=${encodeURIComponent(code)}` : null);
  return (
    <div>
      <Typography.Title level={2} style={{ fontSize: 20, marginTop: 0 }}>
        {t('console.menu.overview')}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} sm={12} xl={6}>
          <Card>
            <Statistic title={t('console.stats.grids')} value={grids.data?.features.length ?? '—'} loading={grids.loading} />
          </Card>
        </Col>
        <Col xs={24} sm={12} xl={6}>
          <Card>
            <Statistic title={t('console.stats.openCases')} value="—" />
          </Card>
        </Col>
        <Col xs={24} sm={12} xl={6}>
          <Card>
            <Statistic title={t('console.stats.overdue')} value="—" />
          </Card>
        </Col>
        <Col xs={24} sm={12} xl={6}>
          <Card>
            <Statistic title={t('console.stats.closedToday')} value="—" />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('console.myRoles')}>
            <List
              dataSource={me.roles}
              locale={{ emptyText: t('common.none') }}
              renderItem={(r) => (
                <List.Item>
                  <span>
                    <Tag color="blue">{pick(r.roleName)}</Tag>
                    {r.scopeName ?? r.scopeCode}
                    {r.scopeLevel && <Typography.Text type="secondary"> · {t(`levels.${r.scopeLevel}`)}</Typography.Text>}
                  </span>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('console.next')}>
            <Typography.Paragraph>{t('console.overviewComing')}</Typography.Paragraph>
            <Typography.Link onClick={() => navigate('/console/map')}>{t('console.openMap')}</Typography.Link>
          </Card>
        </Col>
      </Row>
    </div>
  );
}
