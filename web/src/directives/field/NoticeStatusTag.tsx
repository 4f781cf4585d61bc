import { Tag } from 'antd';
import { CheckCircleOutlined, ClockCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

/** Where a notice stands for me: reported, signed, sign queued offline, or not yet signed. */
export function NoticeStatusTag({ signed, pendingSign, reported }: { signed: boolean; pendingSign: boolean; reported: boolean }) {
  const { t } = useTranslation();
  if (reported) return <Tag color="green" icon={<CheckCircleOutlined />}>{t('directives.status.reported')}</Tag>;
  if (signed) return <Tag color="green" icon={<CheckCircleOutlined />} className="notice-signed">{t('directives.status.signed')}</Tag>;
  if (pendingSign) return <Tag color="gold" icon={<ClockCircleOutlined />} className="notice-pending">{t('directives.status.signPending')}</Tag>;
  return <Tag color="blue" className="notice-unsigned">{t('directives.status.unsigned')}</Tag>;
}
