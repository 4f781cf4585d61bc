import { maskName, maskPhone } from '../../../shared/access/roles.ts';
import { scrubPersonalData } from '../../../shared/privacy/scrub.ts';
import type { CaseMediationSessionRow } from '../../storage/schema.ts';

/** 调解结果. */
export const MEDIATION_OUTCOMES = ['agreed', 'partial', 'failed', 'adjourned'] as const;
export type MediationOutcome = (typeof MEDIATION_OUTCOMES)[number];
export const MEDIATION_OUTCOME_ZH: Record<MediationOutcome, string> = { agreed: '调解成功', partial: '部分达成', failed: '调解不成', adjourned: '择期再调' };

export interface PartyPresent {
  name: string;
  phone?: string | null;
}

/** Whether any session holds a party (a name, and maybe a phone: personal data masked by role). */
export function sessionsHavePersonalData(rows: readonly CaseMediationSessionRow[]): boolean {
  return rows.some((r) => (JSON.parse(r.parties_json) as PartyPresent[]).some((p) => p.name || p.phone));
}

/** Wire shape of one mediation session; parties' names and phones masked unless the caller may read personal data (same rule as the case). */
export function presentMediationSession(r: CaseMediationSessionRow, unmasked: boolean) {
  const parties = JSON.parse(r.parties_json) as PartyPresent[];
  return {
    id: r.id,
    date: r.held_on,
    mediator: r.mediator,
    place: r.place,
    partiesPresent: parties.map((p) => ({ name: unmasked ? p.name : (maskName(p.name) ?? p.name), phone: unmasked ? (p.phone ?? null) : maskPhone(p.phone ?? null) })),
    summary: unmasked || r.summary === null ? r.summary : scrubPersonalData(r.summary),
    outcome: r.outcome,
    outcomeZh: MEDIATION_OUTCOME_ZH[r.outcome as MediationOutcome] ?? r.outcome,
    recordedBy: r.recorded_by_name,
    createdAt: r.created_at,
  };
}
