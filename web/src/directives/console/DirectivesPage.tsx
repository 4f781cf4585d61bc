import { DirectiveDetail } from './DirectiveDetail.tsx';
import { DirectiveList } from './DirectiveList.tsx';
import '../directives.css';

/** 通知/指令 in the console: list, issue, detail with the live roll-up, overdue list and supplements. */
export default function DirectivesPage({ path }: { path: string }) {
  const id = path.split('/')[3];
  return id && /^[0-9a-f-]{36}$/.test(id) ? <DirectiveDetail id={id} /> : <DirectiveList />;
}

