import { Inbox } from './Inbox.tsx';
import { NoticeDetail } from './NoticeDetail.tsx';
import '../directives.css';

/** 通知 on the phone: the inbox (签收 / 落实反馈, offline through the outbox) and today's campaign daily reports. */
export default function NoticesPage({ path }: { path: string }) {
  const id = path.split('/')[3];
  return id && /^[0-9a-f-]{36}$/.test(id) ? <NoticeDetail id={id} /> : <Inbox />;
}
