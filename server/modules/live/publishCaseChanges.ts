import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import type { Executor } from '../../storage/db.ts';
import type { EventBus } from '../../events/bus.ts';

/** Case mutation routes and the event type each publishes; the actions route names its action in the body. */
const CASE_MUTATIONS: Record<string, (request: FastifyRequest) => string> = {
  '/api/cases': () => 'case.report',
  '/api/cases/public': () => 'case.report',
  '/api/cases/:id/actions': (r) => `case.${String((r.body as { action?: unknown } | undefined)?.action ?? 'action')}`,
  '/api/cases/:id/merge': () => 'case.merge',
  '/api/cases/:id/escalate-dispute': () => 'case.dispute_escalation_request',
  '/api/cases/:id/escalate-dispute/decision': () => 'case.dispute_escalation_decision',
  '/api/cases/:id/hazard/plan': () => 'case.hazard_plan',
  '/api/cases/:id/hazard/reinspection': () => 'case.hazard_reinspection',
  '/api/cases/:id/hazard/signoff': () => 'case.hazard_signoff',
  '/api/cases/:id/mediation-sessions': () => 'case.mediation_session',
  '/api/cases/:id/agreement': () => 'case.mediation_agreement',
};

/**
 * A replayed idempotent answer (`Idempotency-Replayed: true`, server/http/idempotency.ts) changed
 * nothing: its event went out with the first response, so publishing again would tell live clients
 * about a change twice (and a field phone replaying its outbox would flood every console).
 */
export function isReplayed(reply: FastifyReply): boolean {
  const header = reply.getHeader('idempotency-replayed');
  return String(header).toLowerCase() === 'true';
}

/** Find the case a successful mutation touched: the :id param, or the id/case number in the response. */
function caseRefOf(request: FastifyRequest, payload: unknown): { id?: string; caseNo?: string } | null {
  const params = request.params as { id?: string } | undefined;
  if (params?.id) return { id: params.id };
  if (typeof payload !== 'string') return null;
  try {
    const body = JSON.parse(payload) as { case?: { id?: string }; caseNo?: string };
    if (body.case?.id) return { id: body.case.id };
    if (body.caseNo) return { caseNo: body.caseNo };
  } catch {
    // not JSON: nothing to publish
  }
  return null;
}

/**
 * Publish what a committed case change means for live clients: one case event (id, type, territory
 * path, department — enough for the access filter) and, when the change wrote inbox entries, one
 * notification event naming their recipients. Reads committed rows, so call it only after commit.
 */
export async function publishCaseChange(db: Executor, events: EventBus, ref: { id?: string; caseNo?: string }, type: string): Promise<void> {
  let query = db.selectFrom('cases').select(['id', 'territory_path', 'department_id', 'state', 'updated_at']);
  query = ref.id ? query.where('id', '=', ref.id) : query.where('case_no', '=', ref.caseNo!);
  const row = await query.executeTakeFirst();
  if (!row) return;
  await events.publish({ type, caseId: row.id, territoryPath: row.territory_path, departmentId: row.department_id, state: row.state, at: row.updated_at });
  // The change wrote its inbox entries with the case's updated_at as their creation time.
  const recipients = await db
    .selectFrom('notifications')
    .select('user_id')
    .distinct()
    .where('case_id', '=', row.id)
    .where('created_at', '>=', row.updated_at)
    .execute();
  if (recipients.length) {
    await events.publish({ type: 'notification', caseId: row.id, territoryPath: row.territory_path, departmentId: row.department_id, userIds: recipients.map((r) => r.user_id) });
  }
}

const captured = new WeakMap<FastifyRequest, unknown>();

/**
 * Hooks that publish case events after a successful case mutation has been answered: the use case's
 * transaction has committed by then (events never leave from inside a transaction), and publishing
 * stays off the request path. Covers every case mutation route without touching the case module.
 */
export function installCaseChangePublisher(app: FastifyInstance, ctx: AppContext): void {
  const typeFor = (request: FastifyRequest, reply: FastifyReply): string | null => {
    if (request.method !== 'POST' || reply.statusCode >= 300 || isReplayed(reply)) return null;
    const make = CASE_MUTATIONS[request.routeOptions.url ?? ''];
    return make ? make(request) : null;
  };
  app.addHook('onSend', async (request, reply, payload) => {
    if (typeFor(request, reply)) captured.set(request, payload);
    return payload;
  });
  app.addHook('onResponse', async (request, reply) => {
    const type = typeFor(request, reply);
    if (!type || !ctx.events) return;
    const ref = caseRefOf(request, captured.get(request));
    captured.delete(request);
    if (!ref) return;
    try {
      await publishCaseChange(ctx.storage.db, ctx.events, ref, type);
    } catch (err) {
      request.log.warn({ err }, 'live: publishing a case change failed');
    }
  });
}
