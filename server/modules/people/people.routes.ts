import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
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
import { login, loginDelayMs, loginTiming } from './login.ts';
import { loginWithTotp } from './loginTotp.ts';
import { logout } from './logout.ts';
import { revokeApiToken } from './revokeApiToken.ts';
import { changePassword } from './changePassword.ts';
import { newTemporaryPassword, resetPassword } from './resetPassword.ts';
import { setupTotp } from './setupTotp.ts';
import { confirmTotp } from './confirmTotp.ts';
import { disableTotp } from './disableTotp.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { findUserById } from './people.repository.ts';
import { twoFactorRequiredFor } from './authenticate.ts';
import { publishSessionsEnded } from './sessionEvents.ts';
import {
  changePasswordBody,
  passwordResetBody,
  totpCodeBody,
  totpSetupBody,
  totpDisableBody,
  totpLoginBody,
  createUserInput,
  departmentsQuery,
  idParams,
  loginBody,
  peopleQuery,
  tokenBody,
} from './people.schemas.ts';
import {
  changePasswordResponse,
  departmentsResponse,
  loginResponse,
  meResponse,
  newTokenResponse,
  passwordResetResponse,
  peopleListResponse,
  personView,
  tokenListResponse,
  tokenView,
  totpConfirmResponse,
  totpSetupResponse,
} from '../../../shared/people/wire.ts';
import { SESSION_COOKIE } from './secrets.ts';

/** Per-address limit on login attempts (on top of the name+address lock and per-name delay, loginThrottle.ts). */
export const LOGIN_RATE_LIMIT = { max: 20, timeWindow: '1 minute' };
/** Per-address limit on the other password- and code-checking routes (password change, 2FA, token minting). */
const CREDENTIAL_RATE_LIMIT = { max: 10, timeWindow: '1 minute' };

// Runs before schema validation so an anonymous caller gets 401, not a 400 about their input.
async function authenticated(request: FastifyRequest): Promise<void> {
  requireActor(request);
}

/** Routes that prove who is at the keyboard (2FA enrolment, token minting) take a session, never an API token. */
function requireSessionActor(request: FastifyRequest) {
  const actor = requireActor(request);
  if (request.credential?.kind !== 'session') throw new AppError('FORBIDDEN', '请登录后操作 / only a signed-in person can do this (not an API token)');
  return actor;
}

/** The session cookie: HttpOnly, SameSite=Lax, Secure over HTTPS. */
function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', path: '/', secure: request.protocol === 'https' });
}

/** 204: the answer has no body. */
const noContent = z.undefined().describe('No content');

const INVALID_CREDENTIALS = '用户名或密码错误 / wrong username or password';
// The same words whether or not the account exists: the lock is on the name from this address.
const LOCKED_OUT = '登录失败次数过多，请稍后再试 / too many failed logins for this name from this address; try again later';

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
        ...request.body,
        sourceIp: request.ip ?? null,
        userAgent: request.headers['user-agent'] ?? null,
        now: ctx.now(),
      });
      if (result.outcome === 'locked') {
        const retryAfter = Math.max(1, Math.ceil((Date.parse(result.lockedUntil) - ctx.now().getTime()) / 1000));
        reply.header('retry-after', String(retryAfter));
        throw new AppError('LOCKED_OUT', LOCKED_OUT);
      }
      if (result.outcome === 'invalid') {
        // Delay after the transaction committed: a slow answer must not hold a database lock.
        await loginTiming.sleep(loginDelayMs(result.failures));
        throw new AppError('INVALID_CREDENTIALS', INVALID_CREDENTIALS);
      }
      if (result.outcome === 'totp') return { totpRequired: true as const, challenge: result.challenge };
      setSessionCookie(request, reply, result.sessionToken);
      return { user: { id: result.user.id, username: result.user.username, displayName: result.user.display_name } };
    },
  );

  app.post(
    '/api/auth/totp',
    {
      config: { rateLimit: LOGIN_RATE_LIMIT },
      schema: { tags: ['auth'], summary: '两步验证 / second login step: TOTP code or recovery code', body: totpLoginBody, response: { 200: loginResponse } },
    },
    async (request, reply) => {
      const result = await loginWithTotp(ctx.storage.db, {
        ...request.body,
        sourceIp: request.ip ?? null,
        userAgent: request.headers['user-agent'] ?? null,
        now: ctx.now(),
      });
      if (result.outcome === 'invalid') {
        await loginTiming.sleep(loginDelayMs(result.failures));
        throw new AppError('INVALID_CREDENTIALS', '验证码不正确或已过期 / wrong or expired code; after 5 wrong codes log in again');
      }
      setSessionCookie(request, reply, result.sessionToken);
      return { user: { id: result.user.id, username: result.user.username, displayName: result.user.display_name } };
    },
  );

  app.post(
    '/api/me/password',
    {
      preValidation: authenticated,
      config: { rateLimit: CREDENTIAL_RATE_LIMIT },
      schema: { tags: ['auth'], summary: '修改密码 / change my password (ends my other sessions)', security, body: changePasswordBody, response: { 200: changePasswordResponse } },
    },
    async (request) => {
      const actor = requireActor(request);
      const credential = request.credential;
      const result = await changePassword(ctx.storage, {
        actor,
        currentSessionId: credential?.kind === 'session' ? credential.sessionId : null,
        ...request.body,
        now: ctx.now(),
      });
      if (result.sessionsEnded > 0 && actor.id) await publishSessionsEnded(ctx, [actor.id]);
      return result;
    },
  );

  app.post(
    '/api/me/totp/setup',
    {
      preValidation: authenticated,
      config: { rateLimit: CREDENTIAL_RATE_LIMIT },
      schema: { tags: ['auth'], summary: '设置两步验证 / start enrolling a TOTP authenticator (secret + otpauth URI; needs the password)', security, body: totpSetupBody, response: { 200: totpSetupResponse } },
    },
    async (request) => {
      const actor = requireSessionActor(request);
      return inTransaction(ctx, (trx) => setupTotp(trx, { ...request.body, actor }));
    },
  );

  app.post(
    '/api/me/totp/confirm',
    {
      preValidation: authenticated,
      config: { rateLimit: CREDENTIAL_RATE_LIMIT },
      schema: { tags: ['auth'], summary: '确认两步验证 / confirm enrolment with a code; returns 10 recovery codes once', security, body: totpCodeBody, response: { 200: totpConfirmResponse } },
    },
    async (request) => {
      const actor = requireSessionActor(request);
      return inTransaction(ctx, (trx) => confirmTotp(trx, { ...request.body, actor, now: ctx.now() }));
    },
  );

  app.post(
    '/api/me/totp/disable',
    {
      preValidation: authenticated,
      config: { rateLimit: CREDENTIAL_RATE_LIMIT },
      schema: { tags: ['auth'], summary: '关闭两步验证 / turn two-step verification off (password + code)', security, body: totpDisableBody, response: { 204: noContent } },
    },
    async (request, reply) => {
      const actor = requireSessionActor(request);
      await disableTotp(ctx.storage, { ...request.body, actor, required: twoFactorRequiredFor(ctx, actor.assignments), now: ctx.now() });
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/people/:id/password-reset',
    {
      preValidation: authenticated,
      schema: {
        tags: ['people'],
        summary: '重置密码 / reset someone else’s password to a temporary one, shown once (people.manage over every scope of the person; your own password to confirm)',
        security,
        params: idParams,
        body: passwordResetBody,
        response: { 200: passwordResetResponse },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      // One's own password is changed knowing the current one (POST /api/me/password); a reset of oneself
      // would let a stolen session replace the password and drop the second factor.
      if (actor.id !== null && actor.id === request.params.id) {
        throw new AppError('FORBIDDEN', '不能重置自己的密码，请在账号安全中修改 / you cannot reset your own password: change it on the account page (POST /api/me/password)', 'id');
      }
      // scrypt before the transaction (see login.ts): the caller's own password, then the new temporary one.
      const self = actor.id ? await findUserById(ctx.storage.db, actor.id) : undefined;
      if (!self || !(await verifyPassword(request.body.password, self.password_hash))) {
        throw new AppError('VALIDATION_FAILED', 'password: 密码不正确 / your password is wrong (confirm with your own password to reset someone else’s)', 'password');
      }
      const temporaryPassword = newTemporaryPassword();
      const temporaryPasswordHash = await hashPassword(temporaryPassword);
      const { sessionsEnded } = await inTransaction(ctx, async (trx) => {
        await requireAccess(trx, { actor, action: 'people.manage', resource: 'user', ids: [request.params.id] });
        return resetPassword(trx, { actor, userId: request.params.id, temporaryPasswordHash, resetTwoFactor: request.body.resetTwoFactor ?? false, now: ctx.now() });
      });
      await publishSessionsEnded(ctx, [request.params.id]);
      return { temporaryPassword, sessionsEnded };
    },
  );

  app.post(
    '/api/auth/logout',
    { schema: { tags: ['auth'], summary: '退出登录 / end the session (idempotent)', response: { 204: noContent } } },
    async (request, reply) => {
      await inTransaction(ctx, (trx) => logout(trx, { actor: request.actor, sessionToken: request.cookies[SESSION_COOKIE] }));
      if (request.actor?.id && request.credential?.kind === 'session') await publishSessionsEnded(ctx, [request.actor.id]);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/me',
    { preValidation: authenticated, schema: { tags: ['auth'], summary: '当前用户 / the signed-in person, roles, actions', security, response: { 200: meResponse } } },
    async (request) => getMe(ctx.storage.db, { actor: requireActor(request), requireTwoFactorRoles: ctx.config.requireTwoFactorRoles ?? [] }),
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
    { preValidation: authenticated, schema: { tags: ['people'], summary: '职能部门 / departments serving your territory (dispatch picker)', security, querystring: departmentsQuery, response: { 200: departmentsResponse } } },
    async (request) => {
      const actor = requireActor(request);
      const q = request.query;
      return listDepartments(ctx.storage.db, { actor, scopeCode: q.scope, kind: q.kind });
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
      const person = await inTransaction(ctx, async (trx) => {
        await requireAccess(trx, { actor, action: 'people.manage', resource: 'user', ids: [request.params.id] });
        return disableUser(trx, { actor, userId: request.params.id, now: ctx.now() });
      });
      await publishSessionsEnded(ctx, [person.id]);
      return person;
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
      config: { rateLimit: CREDENTIAL_RATE_LIMIT },
      schema: { tags: ['auth'], summary: '新建API令牌 / create an API token (shown once; needs the password)', security, body: tokenBody, response: { 201: newTokenResponse } },
    },
    async (request, reply) => {
      // Only a person at a keyboard mints tokens: a session (not another token) plus the password now.
      const actor = requireSessionActor(request);
      const user = actor.id ? await findUserById(ctx.storage.db, actor.id) : undefined;
      if (!user) throw new AppError('FORBIDDEN', 'only a person can own an API token');
      if (!(await verifyPassword(request.body.password, user.password_hash))) {
        throw new AppError('VALIDATION_FAILED', 'password: 密码不正确 / the password is wrong (confirm your password to create a token)', 'password');
      }
      // The password was for this check only: it goes no further.
      const { password: _password, ...tokenInput } = request.body;
      const token = await inTransaction(ctx, (trx) => createApiToken(trx, { ...tokenInput, actor, userId: user.id, now: ctx.now() }));
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
