import { Button, Card, Col, DatePicker, Form, InputNumber, Row, Select, Switch, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { PHASE_KINDS } from '../../../../shared/campaigns/phaseKinds.ts';
import { usePhaseName } from '../shared/usePhaseLabel.ts';
import { SlaRules } from './SlaRules.tsx';

/** The phases of a new campaign: kind, period, patrol multiplier, daily report duty and SLA multipliers each. */
export function PhaseFields({ categoryOptions }: { categoryOptions: { value: string; label: string }[] }) {
  const { t } = useTranslation();
  const phaseName = usePhaseName();
  return (
    <Form.List name="phases">
      {(fields, { add, remove }) => (
        <div style={{ marginTop: 8 }}>
          {fields.map((f, i) => (
            <Card
              key={f.key}
              size="small"
              className="phase-card"
              style={{ marginBottom: 8 }}
              title={t('campaigns.form.phaseN', { n: i + 1 })}
              extra={fields.length > 1 ? <Button size="small" icon={<DeleteOutlined />} onClick={() => remove(f.name)}>{t('directives.form.removeField')}</Button> : null}
            >
              <Row gutter={8}>
                <Col xs={24} md={8}>
                  <Form.Item name={[f.name, 'kind']} label={t('campaigns.form.phaseKind')} rules={[{ required: true }]}>
                    <Select options={PHASE_KINDS.map((k) => ({ value: k, label: phaseName(k) }))} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={16}>
                  <Form.Item name={[f.name, 'range']} label={t('campaigns.form.phaseRange')} rules={[{ required: true, message: t('directives.form.required') }]}>
                    <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col xs={12} md={8}>
                  <Form.Item name={[f.name, 'patrol']} label={t('campaigns.form.patrolMultiplier')}>
                    <InputNumber min={0.1} max={10} step={0.5} placeholder="1" style={{ width: '100%' }} prefix="×" />
                  </Form.Item>
                </Col>
                <Col xs={12} md={16}>
                  <Form.Item name={[f.name, 'dailyReport']} label={t('campaigns.form.dailyReport')} valuePropName="checked">
                    <Switch checkedChildren={t('campaigns.form.dailyOn')} unCheckedChildren={t('campaigns.form.dailyOff')} />
                  </Form.Item>
                </Col>
              </Row>
              <Typography.Text>{t('campaigns.form.slaMultiplier')}</Typography.Text>
              <SlaRules phase={f.name} options={categoryOptions} />
            </Card>
          ))}
          <Button size="small" icon={<PlusOutlined />} onClick={() => add({ kind: PHASE_KINDS[Math.min(fields.length, 3)] })}>
            {t('campaigns.form.addPhase')}
          </Button>
        </div>
      )}
    </Form.List>
  );
}
