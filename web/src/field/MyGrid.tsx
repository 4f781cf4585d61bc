import { lazy, Suspense, useEffect, useState } from 'react';
import { App, Button, Card, Form, Input, InputNumber, Skeleton, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSession } from '../lib/session.tsx';
import { useCachedApi } from '../lib/useCachedApi.ts';
import { api } from '../lib/api.ts';
import { useAction } from '../lib/useAction.ts';
import type { NodeView } from '../../../shared/territory/wire.ts';
import { NodeDetails } from '../components/NodeDetails.tsx';
import { ErrorNote } from '../components/ErrorNote.tsx';

// Leaflet loads with the map, not with the field app (keeps the first download small).
const GridMap = lazy(() => import('../components/GridMap.tsx').then((m) => ({ default: m.GridMap })));

type ProfileForm = { households: number | null; residents: number | null; description: string | null };

/** 我的网格: the worker's grid on a small map, its profile, editable when allowed. */
export function MyGrid() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me } = useSession();
  // A grid worker is assigned to a grid; a grid leader may hold a community — show that node then.
  const assignment = me.roles.find((r) => r.scopeLevel === 'grid') ?? me.roles[0];
  const code = assignment?.scopeCode ?? null;
  const node = useCachedApi<NodeView>(code ? `/api/territory/nodes/${encodeURIComponent(code)}?geometry=1` : null);
  const [editing, setEditing] = useState(false);
  const { run: runSave, busy: saving, error: saveError } = useAction();
  const [form] = Form.useForm<ProfileForm>();

  useEffect(() => {
    if (node.data && editing) form.setFieldsValue(node.data.profile);
  }, [node.data, editing, form]);

  if (!code) return <Card>{t('field.noGrid')}</Card>;
  if (node.loading && !node.data) return <Skeleton active />;
  if (node.error && !node.data) return <ErrorNote error={node.error} />;
  const n = node.data;
  if (!n) return null;
  const canEdit = n.actions.includes('territory.updateProfile');
  const shape = n.geometry ? ({ type: 'Feature', properties: { code: n.code, name: n.name }, geometry: n.geometry } as GeoJSON.Feature) : null;

  async function save(values: ProfileForm) {
    await runSave(async () => {
      await api(`/api/territory/nodes/${encodeURIComponent(n!.code)}/profile`, {
        method: 'PATCH',
        body: { households: values.households ?? null, residents: values.residents ?? null, description: values.description?.trim() || null },
      });
      message.success(t('field.profileSaved'));
      setEditing(false);
      node.reload();
    });
  }

  return (
    <div>
      <Card size="small" className="field-section" styles={{ body: { padding: 8 } }}>
        <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 220 }} />}>
          <GridMap
            label={t('field.gridMap')}
            grids={shape ? { type: 'FeatureCollection', features: [shape] } : null}
            selected={n.code}
            height={220}
          />
        </Suspense>
      </Card>
      <Card
        size="small"
        className="field-section"
        title={t('field.gridProfile')}
        extra={canEdit && !editing && <Button type="link" onClick={() => setEditing(true)}>{t('common.edit')}</Button>}
      >
        {!editing && <NodeDetails node={n} />}
        {editing && (
          <Form<ProfileForm> form={form} layout="vertical" onFinish={save} disabled={saving}>
            <Form.Item label={t('territory.households')} name="households">
              <InputNumber min={0} max={1_000_000} precision={0} style={{ width: '100%' }} inputMode="numeric" />
            </Form.Item>
            <Form.Item label={t('territory.residents')} name="residents">
              <InputNumber min={0} max={10_000_000} precision={0} style={{ width: '100%' }} inputMode="numeric" />
            </Form.Item>
            <Form.Item label={t('territory.description')} name="description">
              <Input.TextArea rows={4} maxLength={2000} showCount />
            </Form.Item>
            <ErrorNote error={saveError} style={{ marginBottom: 12 }} />
            <Space>
              <Button type="primary" htmlType="submit" loading={saving}>
                {t('common.save')}
              </Button>
              <Button onClick={() => setEditing(false)}>{t('common.cancel')}</Button>
            </Space>
          </Form>
        )}
      </Card>
    </div>
  );
}
