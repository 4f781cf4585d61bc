import { CampaignDashboard } from './CampaignDashboard.tsx';
import { CampaignList } from './CampaignList.tsx';
import '../campaigns.css';

/** 专项行动 in the console: list, create with phases, dashboard, clone as a template. */
export default function CampaignsPage({ path }: { path: string }) {
  const id = path.split('/')[3];
  return id && /^[0-9a-f-]{36}$/.test(id) ? <CampaignDashboard key={id} id={id} /> : <CampaignList />;
}
