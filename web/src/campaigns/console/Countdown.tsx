import { useEffect, useState } from 'react';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';

/** 倒计时: days, hours, minutes, seconds to the target, ticking every second. */
export function Countdown({ target }: { target: string }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = Math.max(0, Math.floor((Date.parse(target) - now) / 1000));
  const d = Math.floor(left / 86400);
  const h = Math.floor((left % 86400) / 3600);
  const m = Math.floor((left % 3600) / 60);
  const s = left % 60;
  return (
    <div>
      <Typography.Text type="secondary">{t('campaigns.countdownTo', { at: dayjs(target).format('YYYY-MM-DD HH:mm') })}</Typography.Text>
      <div className="campaign-countdown" data-testid="countdown" data-seconds={left}>
        {left > 0 ? t('campaigns.countdown', { d, h: String(h).padStart(2, '0'), m: String(m).padStart(2, '0'), s: String(s).padStart(2, '0') }) : t('campaigns.countdownReached')}
      </div>
    </div>
  );
}
