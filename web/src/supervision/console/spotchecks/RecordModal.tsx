import { App, Form, Input, Modal, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../../lib/api.ts';
import { useAction } from '../../../lib/useAction.ts';
import { ErrorNote } from '../../../components/ErrorNote.tsx';
import { validated } from '../../shared/format.ts';
import type { SpotCheckResultResponse } from '../../../../../shared/supervision/wire.ts';
import type { RecordableItem } from './spotCheckUi.tsx';

export interface ResultForm {
  callbackReached: boolean;
  callbackSatisfied: boolean;
  callbackMatches: boolean;
  recheckFixed: boolean;
  note?: string;
}

/** 登记结果: callback (reached? satisfied? matches?) and field re-check (fixed?). Not fixed reopens the case. */
export function RecordModal({ item, onClose, onDone }: { item: RecordableItem | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<ResultForm>();
  const { run, busy, error } = useAction();
  const reached = Form.useWatch('callbackReached', form);
  const fixed = Form.useWatch('recheckFixed', form);
  const matches = Form.useWatch('callbackMatches', form);
  const failing = fixed === false || (reached && matches === false);

  const submit = async () => {
    if (!item) return;
    const v = await validated(form);
    if (!v) return;
    await run(async () => {
      const out = await api<SpotCheckResultResponse>(`/api/spotchecks/items/${item.id}/result`, {
        method: 'POST',
        body: {
          callbackReached: v.callbackReached,
          callbackSatisfied: v.callbackReached ? v.callbackSatisfied : null,
          callbackMatches: v.callbackReached ? v.callbackMatches : null,
          recheckFixed: v.recheckFixed,
          note: v.note?.trim() ? v.note.trim() : null,
        },
      });
      onClose();
      onDone();
      if (out.reopened) modal.warning({ title: t('supervision.spot.reopenedTitle'), content: t('supervision.spot.reopened', { caseNo: item.caseNo }) });
      else message.success(t(out.result === 'passed' ? 'supervision.spot.savedPassed' : 'supervision.spot.savedFailed'));
    });
  };

  return (
    <Modal open={!!item} onCancel={onClose} onOk={() => void submit()} confirmLoading={busy} title={t('supervision.spot.recordTitle', { caseNo: item?.caseNo ?? '' })} destroyOnHidden okText={t('supervision.confirm')} cancelText={t('supervision.cancel')}>
      {item && 'description' in item && item.description && <Typography.Paragraph type="secondary">{item.description}</Typography.Paragraph>}
      <Form<ResultForm> form={form} layout="horizontal" labelCol={{ span: 10 }} initialValues={{ callbackReached: true, callbackSatisfied: true, callbackMatches: true, recheckFixed: true }} className="spotcheck-record">
        <Form.Item name="callbackReached" label={t('supervision.spot.callbackReached')} valuePropName="checked">
          <Switch checkedChildren={t('supervision.yes')} unCheckedChildren={t('supervision.no')} aria-label={t('supervision.spot.callbackReached')} />
        </Form.Item>
        {reached !== false && (
          <>
            <Form.Item name="callbackSatisfied" label={t('supervision.spot.callbackSatisfied')} valuePropName="checked">
              <Switch checkedChildren={t('supervision.yes')} unCheckedChildren={t('supervision.no')} aria-label={t('supervision.spot.callbackSatisfied')} />
            </Form.Item>
            <Form.Item name="callbackMatches" label={t('supervision.spot.callbackMatches')} valuePropName="checked">
              <Switch checkedChildren={t('supervision.yes')} unCheckedChildren={t('supervision.no')} aria-label={t('supervision.spot.callbackMatches')} />
            </Form.Item>
          </>
        )}
        <Form.Item name="recheckFixed" label={t('supervision.spot.recheckFixed')} valuePropName="checked">
          <Switch checkedChildren={t('supervision.yes')} unCheckedChildren={t('supervision.no')} aria-label={t('supervision.spot.recheckFixed')} />
        </Form.Item>
        <Form.Item name="note" label={t('supervision.spot.note')} rules={failing ? [{ required: true, whitespace: true, message: t('supervision.spot.noteRequired') }] : []}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        {fixed === false && <Typography.Text type="danger">{t('supervision.spot.willReopen')}</Typography.Text>}
      </Form>
      <ErrorNote error={error} />
    </Modal>
  );
}
