import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { inTransaction } from '../../context.ts';
import { requireAccess } from '../../access/access.ts';
import { AppError } from '../../errors.ts';
import { requireActor } from '../../http/actor.ts';
import type { Role } from '../../../shared/access/roles.ts';
import { createApiToken } from './createApiToken.ts';
import { createUser } from './createUser.ts';
import { disableUser } from './disableUser.ts';
import { getMe } from './getMe.ts';
import { getPerson } from './getPerson.ts';
import { listDepartments } from './listDepartments.ts';
import { listApiTokens } from './listApiTokens.ts';
import { listUsers } from './listUsers.ts';
import { LOCKOUT_MINUTES, login, loginDelayMs, loginTiming } from './login.ts';
import { logout } from './logout.ts';
import { revokeApiToken } from './revokeApiToken.ts';
import {
  createUserInput,
  departmentsQuery,
  idParams,
  loginBody,
  loginResponse,
  meResponse,
  newTokenResponse,
  peopleListResponse,
  peopleQuery,
  personView,
  tokenBody,
  tokenListResponse,
  tokenView,
} from './people.schemas.ts';
import { SESSION_COOKIE } from './secrets.ts';

/** Per-address limit on login attempts (on top of the per-account delay and lockout). */
export const LOGIN_RATE_LIMIT = { max: 20, timeWindow: '1 minute' };

// Runs before schema validation so an anonymous caller gets 401, not a 400 about their input.
async function authenticated(request: FastifyRequest): Promise<void> {
  requireActor(request);
}

const INVALID_CREDENTIALS = '用户名或密码错误 / wrong username or password';

/** Auth (login/logout/me), people and API tokens. */
export async function peopleRoutes(fastify: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const security: { [scheme: string]: string[] }[] = [{ session: [] }, { bearer: [] }];

  app.post(
    '/api/auth/login',
    {
      config: { rateLimit: LOGIN_RATE_LIMIT },
      schema: { tags: ['auth'], summary: '登录 / log in with username and password', body: loginBody, response: { 200: loginResponse } },
    },
    async (request, reply) => {
      const result = await login(ctx.storage.db, {
        username: request.body.username,
        password: request.body.password,
        sourceIp: request.ip ?? null,
        userAgent: request.headers['user-agent'] ?? null,
        now: ctx.now(),
      });
      if (result.outcome === 'locked') {
        const retryAfter = Math.max(1, Math.ceil((Date.parse(result.lockedUntil) - ctx.now().getTime()) / 1000));
        reply.header('retry-after', String(retryAfter));
        throw new AppError('LOCKED_OUT', `登录失败次数过多，账号已锁定${LOCKOUT_MINUTES}分钟 / too many failed logins, account locked; try again later`);
      }
      if (result.outcome === 'invalid') {
        // Delay after the transaction committed: a slow answer must not hold a database lock.
        await loginTiming.sleep(loginDelayMs(result.failures));
        throw new AppError('INVALID_CREDENTIALS', INVALID_CREDENTIALS);
      }
      reply.setCookie(SESSION_COOKIE, result.sessionToken, {
        httpOnly: true,
        sameSite: 'lax',
        path: '/',
        secure: request.protocol === 'https',
      });
      return { user: { id: result.user.id, username: result.user.username, displayName: result.user.display_name } };
    },
  );

  app.post(
    '/api/auth/logout',
    { schema: { tags: ['auth'], summary: '退出登录 / end the session (idempotent)' } },
    async (request, reply) => {
      await inTransaction(ctx, (trx) => logout(trx, { actor: request.actor, sessionToken: request.cookies[SESSION_COOKIE] }));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/me',
    { preValidation: authenticated, schema: { tags: ['auth'], summary: '当前用户 / the signed-in person, roles, actions', security, response: { 200: meResponse } } },
    async (request) => getMe(ctx.storage.db, { actor: requireActor(request) }),
  );

  app.get(
    '/api/people',
    {
      preValidation: authenticated,
      schema: { tags: ['people'], summary: '人员列表 / people inside the caller’s scopes', security, querystring: peopleQuery, response: { 200: peopleListResponse } },
    },
    async (request) => {
      const actor = requireActor(request);
      const { scope, role, q, limit, offset } = request.query;
      const page = await inTransaction(ctx, (trx) => listUsers(trx, { actor, scopeCode: scope, role: role as Role | undefined, q, limit, offset }));
      return { ...page, limit, offset };
    },
  );

  app.get(
    '/api/departments',
    { preValidation: authenticated, schema: { tags: ['people'], summary: '职能部门 / departments serving your territory (dispatch picker)', security, querystring: departmentsQuery } },
    async (request) => {
      const actor = requireActor(request);
      const q = request.query;
      return listDepartments(ctx.storage.db, { actor, ...(q.scope ? { scopeCode: q.scope } : {}), ...(q.kind ? { kind: q.kind } : {}) });
    },
  );

  app.get(
    '/api/people/:id',
    {
      preValidation: authenticated,
      schema: { tags: ['people'], summary: '人员详情 / one person', security, params: idParams, response: { 200: personView } },
    },
    async (request) => {
      const actor = requireActor(request);
      return inTransaction(ctx, async (trx) => {
        await requireAccess(trx, { actor, action: 'people.read', resource: 'user', ids: [request.params.id] });
        return getPerson(trx, { actor, userId: request.params.id });
      });
    },
  );

  app.post(
    '/api/people',
    {
      preValidation: authenticated,
      schema: { tags: ['people'], summary: '新建账号 / create an account (people.manage over the scope)', security, body: createUserInput, response: { 201: personView } },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const person = await inTransaction(ctx, async (trx) => {
        await requireAccess(trx, { actor, action: 'people.manage', resource: 'territory', ids: [request.body.scope] });
        return createUser(trx, { actor, input: request.body, now: ctx.now() });
      });
      return reply.status(201).send(person);
    },
  );

  app.post(
    '/api/people/:id/disable',
    {
      preValidation: authenticated,
      schema: { tags: ['people'], summary: '停用账号 / disable an account', security, params: idParams, response: { 200: personView } },
    },
    async (request) => {
      const actor = requireActor(request);
      return inTransaction(ctx, async (trx) => {
        await requireAccess(trx, { actor, action: 'people.manage', resource: 'user', ids: [request.params.id] });
        return disableUser(trx, { actor, userId: request.params.id, now: ctx.now() });
      });
    },
  );

  app.get(
    '/api/tokens',
    { preValidation: authenticated, schema: { tags: ['auth'], summary: '我的API令牌 / my API tokens', security, response: { 200: tokenListResponse } } },
    async (request) => ({ items: await listApiTokens(ctx.storage.db, { actor: requireActor(request) }) }),
  );

  app.post(
    '/api/tokens',
    {
      preValidation: authenticated,
      schema: { tags: ['auth'], summary: '新建API令牌 / create an API token (shown once)', security, body: tokenBody, response: { 201: newTokenResponse } },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      if (!actor.id) throw new AppError('FORBIDDEN', 'only a person can own an API token');
      const userId = actor.id;
      const token = await inTransaction(ctx, (trx) => createApiToken(trx, { actor, userId, name: request.body.name, now: ctx.now() }));
      return reply.status(201).send(token);
    },
  );

  app.delete(
    '/api/tokens/:id',
    {
      preValidation: authenticated,
      schema: { tags: ['auth'], summary: '吊销API令牌 / revoke one of my API tokens', security, params: idParams, response: { 200: tokenView } },
    },
    async (request) => {
      const actor = requireActor(request);
      return inTransaction(ctx, (trx) => revokeApiToken(trx, { actor, tokenId: request.params.id, now: ctx.now() }));
    },
  );
}
