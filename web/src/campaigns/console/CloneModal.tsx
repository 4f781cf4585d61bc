import { App, DatePicker, Form, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { api } from '../../lib/api.ts';
import { useAction } from '../../lib/useAction.ts';
import { navigate } from '../../lib/router.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import type { Campaign, CampaignResponse, CloneCampaignBody } from '../../../../shared/campaigns/wire.ts';

/** 以此为模板新建: a new start date (every date shifts) and optionally a new name. */
export function CloneModal({ campaign, onClose }: { campaign: Campaign | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ startsAt: Dayjs; name?: string }>();
  const { run, error } = useAction();
  return (
    <Modal
      open={!!campaign}
      title={t('campaigns.clone')}
      okText={t('campaigns.cloneOk')}
      onCancel={onClose}
      destroyOnHidden
      onOk={() =>
        void form.validateFields().then((v) =>
          run(async () => {
            const res = await api<CampaignResponse>(`/api/campaigns/${campaign!.id}/clone`, { method: 'POST', body: { startsAt: v.startsAt.second(0).format(), ...(v.name ? { name: v.name } : {}) } satisfies CloneCampaignBody });
            message.success(t('campaigns.cloned'));
            onClose();
            navigate(`/console/campaigns/${res.campaign.id}`);
          }),
        )
      }
    >
      <Typography.Paragraph type="secondary">{t('campaigns.cloneHelp', { start: campaign ? dayjs(campaign.startsAt).format('YYYY-MM-DD HH:mm') : '' })}</Typography.Paragraph>
      <Form form={form} name="campaign-clone" layout="vertical">
        <Form.Item name="name" label={t('campaigns.form.name')}>
          <Input placeholder={campaign?.name} />
        </Form.Item>
        <Form.Item name="startsAt" label={t('campaigns.form.cloneStart')} rules={[{ required: true, message: t('directives.form.required') }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <ErrorNote error={error} />
      </Form>
    </Modal>
  );
}
