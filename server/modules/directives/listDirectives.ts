import { scopePathsFor } from '../../access/access.ts';
import type { Actor } from '../../access/actor.ts';
import type { Executor } from '../../storage/db.ts';
import type { DirectiveList, Inbox, Priority } from '../../../shared/directives/wire.ts';
import { presentDirective } from './directive.ts';
import { findInbox, findIssued } from './directives.repository.ts';

/** 我的通知: directives that reached the caller, newest first, with their own sign/report state. */
export async function listInbox(db: Executor, o: { actor: Actor; limit: number }): Promise<Inbox> {
  if (!o.actor.id) return { items: [] };
  const rows = await findInbox(db, o.actor.id, o.limit);
  return {
    items: rows.map((r) => ({
      id: r.id,
      title: r.title,
      priority: r.priority as Priority,
      issuerName: r.issuer_name,
      issuingCode: r.issuing_code,
      signDeadline: r.sign_deadline,
      reportDeadline: r.report_deadline,
      createdAt: r.created_at,
      campaignId: r.campaign_id,
      unitCode: r.unit_code,
      role: r.role,
      signedAt: r.signed_at,
      reportedAt: r.reported_at,
    })),
  };
}

/** Directives issued by units inside the caller's roll-up scopes (the issuing side's list). */
export async function listIssuedDirectives(db: Executor, o: { actor: Actor; limit: number; campaignId?: string | undefined }): Promise<DirectiveList> {
  const rows = await findIssued(db, scopePathsFor(o.actor, 'directive.rollup'), o.limit, o.campaignId);
  return { items: rows.map((r) => presentDirective(r)) };
}
