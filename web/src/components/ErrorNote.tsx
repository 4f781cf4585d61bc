import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorKey } from '../lib/api.ts';

/** An API error said kindly in the person's language, with the server's detail underneath. */
export function ErrorNote({ error, style }: { error: unknown; style?: React.CSSProperties }) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  const { key, detail } = errorKey(error, (k) => i18n.exists(k));
  return <Alert type="error" showIcon title={t(key)} description={key === 'errors.generic' ? detail : undefined} style={style} role="alert" />;
}
