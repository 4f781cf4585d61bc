import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { inTransaction } from '../../context.ts';
import { requireActor } from '../../http/actor.ts';
import { withIdempotency } from '../../http/idempotency.ts';
import {
  directiveListResponse,
  directiveViewResponse,
  escalationsResponse,
  inboxResponse,
  issueBody,
  issueResponse,
  reportBody,
  reportResponse,
  rollupResponse,
  signBody,
  signResponse,
  supplementBody,
  supplementResponse,
} from '../../../shared/directives/wire.ts';
import { addSupplement } from './addSupplement.ts';
import { idParams, listQuery, rollupQuery } from './directives.schemas.ts';
import { getDirective } from './getDirective.ts';
import { getDirectiveRollup } from './getDirectiveRollup.ts';
import { issueDirective } from './issueDirective.ts';
import { listInbox, listIssuedDirectives } from './listDirectives.ts';
import { listEscalations } from './listEscalations.ts';
import { reportImplementation } from './reportImplementation.ts';
import { signDirective } from './signDirective.ts';

// Runs before schema validation so an anonymous caller gets 401, not a 400 about their input.
async function authenticated(request: FastifyRequest): Promise<void> {
  requireActor(request);
}

/**
 * Directives (通知/部署/指令): issue, inbox, sign (签收), implementation report (落实反馈), 补充要求, roll-up.
 * Idempotent routes send their answer as stored text (replayed byte for byte), so their response schema
 * documents the shape; the use cases' return types are the same wire types, checked at compile time.
 */
export async function directiveRoutes(fastify: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const security: { [scheme: string]: string[] }[] = [{ session: [] }, { bearer: [] }];
  const tags = ['directives'];

  app.post(
    '/api/directives',
    { preValidation: authenticated, schema: { tags, security, summary: '下发指令 / issue a directive (Idempotency-Key required)', body: issueBody, response: { 201: issueResponse } } },
    async (request, reply) => {
      const actor = requireActor(request);
      return withIdempotency(ctx, request, reply, async (trx) => ({ status: 201, body: { directive: await issueDirective(trx, { ...request.body, actor, now: ctx.now() }) } }));
    },
  );

  app.get(
    '/api/directives',
    { preValidation: authenticated, schema: { tags, security, summary: '本辖区下发的指令 / directives issued in my scope', querystring: listQuery, response: { 200: directiveListResponse } } },
    async (request) => listIssuedDirectives(ctx.storage.db, { actor: requireActor(request), limit: request.query.limit ?? 50, campaignId: request.query.campaignId }),
  );

  app.get(
    '/api/directives/inbox',
    { preValidation: authenticated, schema: { tags, security, summary: '我的通知 / directives that reached me', querystring: listQuery, response: { 200: inboxResponse } } },
    async (request) => listInbox(ctx.storage.db, { actor: requireActor(request), limit: request.query.limit ?? 50 }),
  );

  app.get(
    '/api/directives/:id',
    { preValidation: authenticated, schema: { tags, security, summary: '指令详情 / one directive', params: idParams, response: { 200: directiveViewResponse } } },
    async (request) => getDirective(ctx.storage.db, { actor: requireActor(request), directiveId: request.params.id }),
  );

  app.post(
    '/api/directives/:id/sign',
    {
      preValidation: authenticated,
      schema: { tags, security, summary: '签收 / sign for a directive (Idempotency-Key required; repeat signs are no-ops)', params: idParams, body: signBody, response: { 200: signResponse } },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      return withIdempotency(ctx, request, reply, async (trx) => ({ status: 200, body: await signDirective(trx, { ...request.body, actor, now: ctx.now(), directiveId: request.params.id }) }));
    },
  );

  app.post(
    '/api/directives/:id/report',
    { preValidation: authenticated, schema: { tags, security, summary: '落实反馈 / implementation report (Idempotency-Key required)', params: idParams, body: reportBody, response: { 200: reportResponse } } },
    async (request, reply) => {
      const actor = requireActor(request);
      return withIdempotency(ctx, request, reply, async (trx) => ({ status: 200, body: await reportImplementation(trx, { ...request.body, actor, now: ctx.now(), directiveId: request.params.id }) }));
    },
  );

  app.post(
    '/api/directives/:id/supplements',
    { preValidation: authenticated, schema: { tags, security, summary: "补充要求 / add a unit's supplementary requirement", params: idParams, body: supplementBody, response: { 201: supplementResponse } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const supplement = await inTransaction(ctx, (trx) => addSupplement(trx, { ...request.body, actor, now: ctx.now(), directiveId: request.params.id }));
      return reply.status(201).send({ supplement });
    },
  );

  app.get(
    '/api/directives/:id/rollup',
    {
      preValidation: authenticated,
      schema: { tags, security, summary: '落实情况汇总 / roll-up by child unit and grid, overdue list', params: idParams, querystring: rollupQuery, response: { 200: rollupResponse } },
    },
    async (request) => {
      const actor = requireActor(request);
      return inTransaction(ctx, (trx) => getDirectiveRollup(trx, { actor, now: ctx.now(), directiveId: request.params.id, unitCode: request.query.unit, limit: request.query.limit }));
    },
  );

  app.get(
    '/api/directives/:id/escalations',
    { preValidation: authenticated, schema: { tags, security, summary: '催签督办记录 / reminder and escalation log', params: idParams, response: { 200: escalationsResponse } } },
    async (request) => {
      const actor = requireActor(request);
      return inTransaction(ctx, (trx) => listEscalations(trx, { actor, now: ctx.now(), directiveId: request.params.id }));
    },
  );
}
