import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../access/actor.ts';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { actorHasAction, requireNode } from '../../access/access.ts';
import { AppError } from '../../errors.ts';
import { requireActor } from '../../http/actor.ts';
import type { EventBus, LiveEvent } from '../../events/bus.ts';
import { rolesOnCase } from '../cases/caseAccess.ts';
import { liveCasesQuery, recentCasesQuery } from './live.schemas.ts';
import { liveCaseEvent, liveNotification, recentCaseEventsResponse, type LiveCaseEvent, type LiveNotification } from '../../../shared/live/wire.ts';
import { recentCaseEvents } from './recentCaseEvents.ts';
import { caseListScope } from '../cases/caseAccess.ts';
import { installCaseChangePublisher } from './publishCaseChanges.ts';
import { openSse, type SseStream } from './sse.ts';
import { createStreamGuard, credentialOf, type StreamGuard } from './streamSessions.ts';
import { scrubPersonalData } from '../../../shared/privacy/scrub.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The app's live event bus (publish after commit; tests publish through it too). */
    events: EventBus;
    /** Re-checks the credential behind every open stream (every 30 s and on auth.sessionsEnded); tests call recheck(). */
    liveStreams: StreamGuard;
  }
}

// Runs before schema validation so an anonymous caller gets 401, not a 400 about their input.
async function authenticated(request: FastifyRequest): Promise<void> {
  requireActor(request);
}

/** The wire shape of a case event: what changed; clients re-read the case for details. */
function presentCaseEvent(e: LiveEvent): LiveCaseEvent {
  // Only case.* events reach here, and publishCaseChanges names the case in every one.
  return { id: e.id, type: e.type, caseId: e.caseId!, state: e.state, departmentId: e.departmentId, at: e.at };
}

/**
 * The 200 of an SSE route for the OpenAPI document: a text/event-stream whose messages carry `event`
 * and one JSON `data` object of this shape. openSse hijacks the reply, so no serializer ever runs.
 */
function sseResponse(event: string, data: z.ZodType) {
  return {
    description: `Server-Sent Events: a \`retry:\` hint, then messages \`id: …\`, \`event: ${event}\`, \`data: <JSON below>\`; a comment heartbeat every 20 s`,
    content: { 'text/event-stream': { schema: data } },
  };
}

/** Live updates (实时推送): SSE streams of case events (filtered by access) and of the caller's new notifications. */
export async function liveRoutes(fastify: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const bus = ctx.events!;
  const security: { [scheme: string]: string[] }[] = [{ session: [] }, { bearer: [] }];
  const streams = new Set<SseStream>();

  fastify.decorate('events', bus);
  installCaseChangePublisher(fastify, ctx);
  const guard = createStreamGuard(ctx, bus, fastify.log);
  fastify.decorate('liveStreams', guard);
  // Open streams would keep the server from closing: end them first, then stop the bus.
  fastify.addHook('preClose', async () => {
    guard.stop();
    for (const s of [...streams]) s.end();
  });
  fastify.addHook('onClose', async () => {
    await bus.close();
  });

  /** Open the SSE response and put it under the session re-check (streams end with their session). */
  const openGuarded = (request: FastifyRequest, reply: FastifyReply, actor: Actor): SseStream => {
    const credential = credentialOf(request, actor);
    if (!credential) throw new AppError('UNAUTHENTICATED', 'log in first (session cookie or Bearer token)');
    const stream = openSse(request, reply);
    streams.add(stream);
    guard.track(stream, actor, credential);
    return stream;
  };

  /** The caller's narrowing prefix (scope must be readable: outside the caller's territory it "does not exist"). */
  const scopePrefix = async (actor: ReturnType<typeof requireActor>, scope: string | undefined): Promise<string> => {
    if (!actorHasAction(actor, 'case.read')) throw new AppError('FORBIDDEN', '你的角色无权查看案件 / your role may not read cases');
    if (!scope) return '';
    return (await requireNode(ctx.storage.db, { actor, action: 'territory.read', code: scope, field: 'scope' })).path;
  };

  app.get(
    '/api/live/cases/recent',
    {
      preValidation: authenticated,
      schema: { tags: ['live'], summary: '最近动态 / the newest case changes you may read (last 7 days), to fill the live feed when it opens', security, querystring: recentCasesQuery, response: { 200: recentCaseEventsResponse } },
    },
    async (request) => {
      const actor = requireActor(request);
      const prefix = await scopePrefix(actor, request.query.scope);
      return { events: await recentCaseEvents(ctx.storage.db, { scope: caseListScope(actor), prefix, now: ctx.now(), limit: request.query.limit }) };
    },
  );

  app.get(
    '/api/live/cases',
    {
      preValidation: authenticated,
      schema: { tags: ['live'], summary: '案件实时动态 / Server-Sent Events of case changes you may read', security, querystring: liveCasesQuery, response: { 200: sseResponse('case', liveCaseEvent) } },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const prefix = await scopePrefix(actor, request.query.scope);
      const stream = openGuarded(request, reply, actor);
      // The case module's access rule, applied to each event's territory path and department.
      const unsubscribe = bus.subscribe(
        (e) =>
          e.type.startsWith('case.') &&
          e.territoryPath !== null &&
          e.territoryPath.startsWith(prefix) &&
          rolesOnCase(actor, { territory_path: e.territoryPath, department_id: e.departmentId }, 'case.read').length > 0,
        (e) => stream.send({ id: e.id, event: 'case', data: presentCaseEvent(e) }),
      );
      stream.onClose(() => {
        unsubscribe();
        streams.delete(stream);
      });
    },
  );

  app.get(
    '/api/live/notifications',
    { preValidation: authenticated, schema: { tags: ['live'], summary: '消息实时推送 / Server-Sent Events of your new notifications', security, response: { 200: sseResponse('notification', liveNotification) } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const userId = actor.id;
      if (!userId) throw new AppError('FORBIDDEN', '只有个人账号有消息 / only personal accounts have an inbox');
      const db = ctx.storage.db;
      // Only entries newer than the connection are pushed; the inbox endpoint lists the rest.
      const newest = await db.selectFrom('notifications').select('id').where('user_id', '=', userId).orderBy('id', 'desc').limit(1).executeTakeFirst();
      let lastId = newest?.id ?? '';
      const stream = openGuarded(request, reply, actor);
      // One re-read at a time per stream, so entries go out once and in order.
      let chain: Promise<void> = Promise.resolve();
      const pushNew = async () => {
        if (stream.closed) return;
        const rows = await db
          .selectFrom('notifications')
          .selectAll()
          .where('user_id', '=', userId)
          .where('id', '>', lastId)
          .orderBy('id', 'asc')
          .limit(100)
          .execute();
        for (const n of rows) {
          const data: LiveNotification = { id: n.id, caseId: n.case_id, kind: n.kind, title: n.title, body: scrubPersonalData(n.body), createdAt: n.created_at };
          stream.send({ id: n.id, event: 'notification', data });
          lastId = n.id;
        }
      };
      const unsubscribe = bus.subscribe(
        (e) => e.type === 'notification' && (e.userIds === null || e.userIds.includes(userId)),
        () => {
          chain = chain.then(pushNew).catch((err) => request.log.warn({ err }, 'live: reading notifications failed'));
        },
      );
      stream.onClose(() => {
        unsubscribe();
        streams.delete(stream);
      });
    },
  );
}
