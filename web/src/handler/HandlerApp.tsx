import { Grid, Layout } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSession } from '../lib/session.tsx';
import { ConsoleHeader } from '../components/ConsoleHeader.tsx';
import { BASE, Inbox } from '../cases/handler/Inbox.tsx';
import { LiveProvider } from '../console/live.tsx';
import { NewCaseToasts } from '../console/LiveFeed.tsx';
import '../console/console.css';
import '../i18n/staffAreas.ts'; // this face's strings travel with it (i18n/index.ts)

/** 处置部门 face: header (department, person, language, logout) and the inbox. */
export default function HandlerApp({ path }: { path: string }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const screens = Grid.useBreakpoint();
  const parts = path.split('/');
  const caseId = parts[2] === 'inbox' && parts[3] ? parts[3] : null;
  return (
    <LiveProvider>
      <NewCaseToasts on="case.dispatch" basePath={BASE} />
      <Layout className="console" style={{ minHeight: '100vh' }}>
        <ConsoleHeader unitName={me.roles[0]?.scopeName} subtitle={t('console.handler.title')} wide={screens.md ?? false} />
        <Layout.Content className="console-content handler-content">
          <Inbox caseId={caseId} />
        </Layout.Content>
      </Layout>
    </LiveProvider>
  );
}
