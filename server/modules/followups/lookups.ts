/** The follow-up module's reads other modules may make (a campaign's after-action review); never followups.repository.ts directly. */
export { followupsOfCampaign } from './followups.repository.ts';
