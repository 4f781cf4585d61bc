import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { inTransaction } from '../../context.ts';
import { requireActor } from '../../http/actor.ts';
import { withIdempotency } from '../../http/idempotency.ts';
import { addSupplement } from './addSupplement.ts';
import { idParams, issueBody, listQuery, reportBody, rollupQuery, signBody, supplementBody } from './directives.schemas.ts';
import { findEscalations } from './directives.repository.ts';
import { getDirective } from './getDirective.ts';
import { getDirectiveRollup } from './getDirectiveRollup.ts';
import { issueDirective } from './issueDirective.ts';
import { listInbox, listIssuedDirectives } from './listDirectives.ts';
import { reportImplementation } from './reportImplementation.ts';
import { signDirective } from './signDirective.ts';

// Runs before schema validation so an anonymous caller gets 401, not a 400 about their input.
async function authenticated(request: FastifyRequest): Promise<void> {
  requireActor(request);
}

/** Directives (通知/部署/指令): issue, inbox, sign (签收), implementation report (落实反馈), 补充要求, roll-up. */
export async function directiveRoutes(fastify: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const security: { [scheme: string]: string[] }[] = [{ session: [] }, { bearer: [] }];
  const tags = ['directives'];

  app.post('/api/directives', { preValidation: authenticated, schema: { tags, security, summary: '下发指令 / issue a directive (Idempotency-Key required)', body: issueBody } }, async (request, reply) => {
    const actor = requireActor(request);
    const b = request.body;
    return withIdempotency(ctx, request, reply, async (trx) => ({ status: 201, body: { directive: await issueDirective(trx, { actor, now: ctx.now(), ...b }) } }));
  });

  app.get('/api/directives', { preValidation: authenticated, schema: { tags, security, summary: '本辖区下发的指令 / directives issued in my scope', querystring: listQuery } }, async (request) => {
    const actor = requireActor(request);
    return listIssuedDirectives(ctx.storage.db, { actor, limit: request.query.limit ?? 50, ...(request.query.campaignId ? { campaignId: request.query.campaignId } : {}) });
  });

  app.get('/api/directives/inbox', { preValidation: authenticated, schema: { tags, security, summary: '我的通知 / directives that reached me', querystring: listQuery } }, async (request) => {
    const actor = requireActor(request);
    return listInbox(ctx.storage.db, { actor, limit: request.query.limit ?? 50 });
  });

  app.get('/api/directives/:id', { preValidation: authenticated, schema: { tags, security, summary: '指令详情 / one directive', params: idParams } }, async (request) => {
    const actor = requireActor(request);
    return getDirective(ctx.storage.db, { actor, directiveId: request.params.id });
  });

  app.post('/api/directives/:id/sign', { preValidation: authenticated, schema: { tags, security, summary: '签收 / sign for a directive (Idempotency-Key required; repeat signs are no-ops)', params: idParams, body: signBody } }, async (request, reply) => {
    const actor = requireActor(request);
    const b = request.body;
    const location = b?.lat !== undefined && b?.lng !== undefined ? { lat: b.lat, lng: b.lng } : null;
    return withIdempotency(ctx, request, reply, async (trx) => ({ status: 200, body: await signDirective(trx, { actor, now: ctx.now(), directiveId: request.params.id, location }) }));
  });

  app.post('/api/directives/:id/report', { preValidation: authenticated, schema: { tags, security, summary: '落实反馈 / implementation report (Idempotency-Key required)', params: idParams, body: reportBody } }, async (request, reply) => {
    const actor = requireActor(request);
    const b = request.body;
    return withIdempotency(ctx, request, reply, async (trx) => ({
      status: 200,
      body: await reportImplementation(trx, { actor, now: ctx.now(), directiveId: request.params.id, text: b.text, ...(b.unitCode ? { unitCode: b.unitCode } : {}), ...(b.answers ? { answers: b.answers } : {}), ...(b.photos ? { photos: b.photos } : {}) }),
    }));
  });

  app.post('/api/directives/:id/supplements', { preValidation: authenticated, schema: { tags, security, summary: '补充要求 / add a unit\'s supplementary requirement', params: idParams, body: supplementBody } }, async (request, reply) => {
    const actor = requireActor(request);
    const supplement = await inTransaction(ctx, (trx) => addSupplement(trx, { actor, now: ctx.now(), directiveId: request.params.id, unitCode: request.body.unitCode, body: request.body.body }));
    return reply.status(201).send({ supplement });
  });

  app.get('/api/directives/:id/rollup', { preValidation: authenticated, schema: { tags, security, summary: '落实情况汇总 / roll-up by child unit and grid, overdue list', params: idParams, querystring: rollupQuery } }, async (request) => {
    const actor = requireActor(request);
    const q = request.query;
    return inTransaction(ctx, (trx) => getDirectiveRollup(trx, { actor, now: ctx.now(), directiveId: request.params.id, ...(q.unit ? { unitCode: q.unit } : {}), ...(q.limit ? { limit: q.limit } : {}) }));
  });

  app.get('/api/directives/:id/escalations', { preValidation: authenticated, schema: { tags, security, summary: '催签督办记录 / reminder and escalation log', params: idParams } }, async (request) => {
    const actor = requireActor(request);
    // Same visibility as the roll-up at the issuing unit.
    await inTransaction(ctx, (trx) => getDirectiveRollup(trx, { actor, now: ctx.now(), directiveId: request.params.id, limit: 1 }));
    const rows = await findEscalations(ctx.storage.db, request.params.id);
    return { items: rows.map((r) => ({ step: r.step, unitCode: r.unit_code, recipientId: r.recipient_id, unsignedCount: r.unsigned_count, at: r.at })) };
  });
}
