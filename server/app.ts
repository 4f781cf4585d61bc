import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from 'helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import { slaPolicyOf, type AppContext } from './context.ts';
import type { Storage } from './storage/db.ts';
import { installErrorHandler } from './http/errorHandler.ts';
import { requireActor } from './http/actor.ts';
import { rejectNulCharacters } from './http/rejectNul.ts';
import { csrfHook } from './http/csrf.ts';
import { healthRoutes } from './modules/health/health.routes.ts';
import { authenticateHook } from './modules/people/authenticate.ts';
import { peopleRoutes } from './modules/people/people.routes.ts';
import { territoryRoutes } from './modules/territory/territory.routes.ts';
import { webRoutes } from './modules/web/web.routes.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { caseRoutes } from './modules/cases/cases.routes.ts';
import { seedCategories } from './modules/cases/seedCategories.ts';
import { open311Routes } from './modules/open311/open311.routes.ts';
import { createEventBus, type EventBus } from './events/bus.ts';
import { liveRoutes } from './modules/live/live.routes.ts';
import { analyticsRoutes } from './modules/analytics/analytics.routes.ts';
import { patrolRoutes } from './modules/patrols/patrols.routes.ts';
import { directiveRoutes } from './modules/directives/directives.routes.ts';
import { campaignRoutes } from './modules/campaigns/campaigns.routes.ts';
import { rosterRoutes } from './modules/rosters/rosters.routes.ts';
import { supervisionRoutes } from './modules/supervision/supervision.routes.ts';
import { inspectionRoutes } from './modules/inspections/inspections.routes.ts';
import { evaluationRoutes } from './modules/evaluation/evaluation.routes.ts';
import { reportRoutes } from './modules/reports/reports.routes.ts';
import { followupRoutes } from './modules/followups/followups.routes.ts';

export interface AppDeps {
  storage: Storage;
  now?: () => Date;
  /** Live event bus; by default in-process, or LISTEN/NOTIFY when storage supports it. Closed with the app. */
  events?: EventBus;
}

export type App = FastifyInstance;

/** Build the HTTP app from config and dependencies. Reads no environment itself. */
export async function createApp(config: Readonly<Config>, deps: AppDeps): Promise<App> {
  const ctx: AppContext = { config, storage: deps.storage, now: deps.now ?? (() => new Date()), slaPolicy: slaPolicyOf(config) };
  // Boot-time data, before any route exists (route registration writes nothing): the shipped case
  // categories that are missing — idempotent, never overwrites an operator's edits.
  await seedCategories(deps.storage.db, { now: ctx.now() });
  ctx.events = deps.events ?? (await createEventBus(deps.storage));
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    // Only the proxies named in WANGGE_TRUST_PROXY may tell us the client's address (X-Forwarded-For);
    // with none, request.ip is the socket's peer, so rate limits and audit source_ip cannot be forged.
    trustProxy: config.trustProxy.length > 0 ? [...config.trustProxy] : false,
    bodyLimit: 2 * 1024 * 1024,
    ajv: { customOptions: { coerceTypes: false } },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);

  // Security headers (CSP, nosniff, frame and referrer policy…) from helmet, built ONCE. The
  // @fastify/helmet plugin rebuilt the whole middleware, CSP parsing included, on every request:
  // 8% of the server's CPU on the check-in path (bench/profile.ts). Same library, same headers.
  const securityHeaders = helmet({
    // The console loads its own bundled assets only; Swagger UI needs inline styles.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'"],
      },
    },
  });
  app.addHook('onRequest', (request, reply, done) => securityHeaders(request.raw, reply.raw, (err) => done(err as Error | undefined)));
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      info: { title: 'wangge API', description: 'wangge (网格) grid governance platform', version: config.version },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'wangge_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });

  app.addHook('preHandler', rejectNulCharacters);
  app.decorateRequest('actor', null);
  app.decorateRequest('credential', null);
  app.addHook('onRequest', authenticateHook(ctx));
  // After authentication: it needs to know whether the session cookie authenticated the request.
  app.addHook('onRequest', csrfHook());

  // The API description is a map of every route and field: for people who have logged in, not for
  // anonymous scanners. Registered after the authentication hook so request.actor is set on its routes.
  const docsNeedLogin = async (request: FastifyRequest) => void requireActor(request);
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiHooks: { onRequest: docsNeedLogin } });
  app.get('/api/openapi.json', { schema: { hide: true }, onRequest: docsNeedLogin }, async () => app.swagger());
  await healthRoutes(app, ctx);
  await peopleRoutes(app, ctx);
  await territoryRoutes(app, ctx);
  await auditRoutes(app, ctx);
  await caseRoutes(app, ctx);
  await open311Routes(app, ctx);
  await liveRoutes(app, ctx);
  await analyticsRoutes(app, ctx);
  await directiveRoutes(app, ctx);
  await campaignRoutes(app, ctx);
  await patrolRoutes(app, ctx);
  await rosterRoutes(app, ctx);
  await supervisionRoutes(app, ctx);
  await inspectionRoutes(app, ctx);
  await evaluationRoutes(app, ctx);
  await reportRoutes(app, ctx);
  await followupRoutes(app, ctx);
  await webRoutes(app, ctx);

  return app;
}
