import type { Command } from 'commander';
import { fail, withConfiguredStorage } from '../runtime.ts';
import { systemActor } from '../../server/access/actor.ts';
import { AppError } from '../../server/errors.ts';
import type { Storage } from '../../server/storage/db.ts';
import { ROLES, isRole } from '../../shared/access/roles.ts';
import { createApiToken } from '../../server/modules/people/createApiToken.ts';
import { createUser } from '../../server/modules/people/createUser.ts';
import { disableUser } from '../../server/modules/people/disableUser.ts';
import { listUsers } from '../../server/modules/people/listUsers.ts';
import { findUserByUsername } from '../../server/modules/people/people.repository.ts';
import { hashPassword } from '../../server/modules/people/password.ts';
import { newTemporaryPassword, resetPassword } from '../../server/modules/people/resetPassword.ts';
import { TOKEN_DEFAULT_DAYS, TOKEN_MAX_DAYS, createUserInput, tokenBody } from '../../server/modules/people/people.schemas.ts';

/** Use-case field → the command-line option a person typed. */
const OPTION_OF: Record<string, string> = {
  username: '--username',
  password: '--password',
  role: '--role',
  scope: '--scope',
  displayName: '--name',
  phone: '--phone',
  department: '--department',
  name: '--name',
};

/** Bad input: exit 2 with a message naming the option. */
function badOption(field: string, message: string): never {
  const option = OPTION_OF[field] ?? field;
  // Messages from schemas start with the field name; say the option instead.
  fail(`${option}: ${message.replace(new RegExp(`^${field}:\\s*`), '')}`, 2);
}

/** AppErrors become an exit: bad input or a clash (2) names the option, anything else exits 1. */
function exitFor(err: AppError): never {
  if (err.code === 'VALIDATION_FAILED' || err.code === 'CONFLICT') badOption(err.field ?? 'input', err.message);
  fail(err.message, 1);
}

/** Run a CLI action against the configured database as the CLI system actor, mapping errors to exits. */
const withStorage = (work: (storage: Storage) => Promise<void>) => withConfiguredStorage(work, exitFor);

const cliActor = () => systemActor('cli', 'cli');

/** `wangge users add | list | disable | reset-password | token`: accounts, roles and API tokens from the command line. */
export function registerUsers(program: Command): void {
  const users = program.command('users').description('accounts (账号): add, list, disable, issue API tokens');

  users
    .command('add')
    .description('create an account with one role over one territory node')
    .option('--username <username>', 'login name: 3–40 characters of a-z 0-9 _ . -')
    .option('--password <password>', 'at least 10 characters, not the username')
    .option('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--scope <code>', 'division or grid code the role applies to')
    .option('--name <name>', 'display name (default: the username)')
    .option('--phone <phone>', 'mobile number (personal data: masked for most roles)')
    .option('--department <code>', 'department code (for handlers)')
    .action(async (opts: Record<string, string | undefined>) => {
      const parsed = createUserInput.safeParse({
        username: opts['username'],
        password: opts['password'],
        role: opts['role'],
        scope: opts['scope'],
        displayName: opts['name'],
        phone: opts['phone'],
        department: opts['department'],
      });
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        const field = String(issue.path[0] ?? 'input');
        const missing = opts[field === 'displayName' ? 'name' : field] === undefined;
        badOption(field, missing ? 'is required' : issue.message);
      }
      await withStorage(async (storage) => {
        const person = await storage.db.transaction().execute((trx) => createUser(trx, { actor: cliActor(), input: parsed.data, now: new Date() }));
        const r = person.roles[0]!;
        console.log(`created ${person.username} (${person.displayName}) id=${person.id} role=${r.role} scope=${r.scopeCode} ${r.scopeName ?? ''}`.trimEnd());
      });
    });

  users
    .command('list')
    .description('list accounts, optionally within a scope and/or with a role (phones are not shown)')
    .option('--scope <code>', 'only people with an assignment inside this node')
    .option('--role <role>', `only this role (${ROLES.join(', ')})`)
    .option('--limit <n>', 'at most this many (default 200)')
    .action(async (opts: { scope?: string; role?: string; limit?: string }) => {
      if (opts.scope !== undefined && !/^\d{2,15}$/.test(opts.scope)) badOption('scope', 'must be a 2–15 digit division or grid code');
      if (opts.role !== undefined && !isRole(opts.role)) badOption('role', `must be one of ${ROLES.join(', ')}`);
      const limit = opts.limit === undefined ? 200 : Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) fail('--limit: must be a whole number 1..100000', 2);
      const role = opts.role !== undefined && isRole(opts.role) ? opts.role : undefined;
      await withStorage(async (storage) => {
        const page = await storage.db
          .transaction()
          .execute((trx) => listUsers(trx, { actor: cliActor(), scopeCode: opts.scope, role, limit, offset: 0, revealPhones: false }));
        for (const p of page.items) {
          const roles = p.roles.map((r) => `${r.role}@${r.scopeCode}`).join(',');
          console.log(`${p.username.padEnd(24)} ${p.displayName.padEnd(12)} ${roles}${p.disabled ? '  [disabled]' : ''}`);
        }
        console.log(`${page.items.length} of ${page.total} account(s)`);
      });
    });

  users
    .command('disable')
    .description('disable an account: no more logins, sessions end, API tokens stop working')
    .option('--username <username>', 'the account to disable')
    .action(async (opts: { username?: string }) => {
      if (!opts.username) badOption('username', 'is required');
      await withStorage(async (storage) => {
        const user = await findUserByUsername(storage.db, opts.username!);
        if (!user) badOption('username', `no account named ${opts.username}`);
        await storage.db.transaction().execute((trx) => disableUser(trx, { actor: cliActor(), userId: user.id, now: new Date() }));
        console.log(`disabled ${user.username}`);
      });
    });

  users
    .command('reset-password')
    .description('reset a password to a temporary one (printed once, as the last line); it must be changed at the next login')
    .option('--username <username>', 'the account')
    .option('--reset-2fa', 'also remove its second factor (lost phone and recovery codes)')
    .action(async (opts: { username?: string; reset2fa?: boolean }) => {
      if (!opts.username) badOption('username', 'is required');
      await withStorage(async (storage) => {
        const user = await findUserByUsername(storage.db, opts.username!);
        if (!user) badOption('username', `no account named ${opts.username}`);
        const temporary = newTemporaryPassword();
        const hash = await hashPassword(temporary);
        await storage.transaction((trx) =>
          resetPassword(trx, { actor: cliActor(), userId: user.id, temporaryPasswordHash: hash, resetTwoFactor: opts.reset2fa === true, now: new Date() }),
        );
        console.log(`temporary password for ${user.username} (shown once; must be changed at the next login):`);
        console.log(temporary);
      });
    });

  users
    .command('token')
    .description('issue an API token acting as an account; the token is printed once, as the last line')
    .option('--username <username>', 'the account the integration acts as')
    .option('--name <name>', 'what the token is for, e.g. "hotline bridge"')
    .option('--scope <scope>', 'read (GET only) or write', 'read')
    .option('--days <days>', `days until it expires (1–${TOKEN_MAX_DAYS})`, String(TOKEN_DEFAULT_DAYS))
    .action(async (opts: { username?: string; name?: string; scope: string; days: string }) => {
      if (!opts.username) badOption('username', 'is required');
      const name = tokenBody.pick({ name: true }).safeParse({ name: opts.name });
      if (!name.success) badOption('name', opts.name === undefined ? 'is required' : name.error.issues[0]!.message);
      const rest = tokenBody.pick({ scope: true, expiresInDays: true }).safeParse({ scope: opts.scope, expiresInDays: /^\d+$/.test(opts.days) ? Number(opts.days) : NaN });
      if (!rest.success) badOption(rest.error.issues[0]!.path[0] === 'scope' ? 'scope' : 'days', rest.error.issues[0]!.message);
      await withStorage(async (storage) => {
        const user = await findUserByUsername(storage.db, opts.username!);
        if (!user) badOption('username', `no account named ${opts.username}`);
        if (user.disabled) badOption('username', `${user.username} is disabled`);
        const token = await storage.db
          .transaction()
          .execute((trx) => createApiToken(trx, { actor: cliActor(), userId: user.id, name: name.data.name, scope: rest.data.scope, expiresInDays: rest.data.expiresInDays, now: new Date() }));
        console.log(`API token "${token.name}" id=${token.id} for ${user.username}, scope ${token.scope}, expires ${token.expiresAt} (shown once; send as "Authorization: Bearer <token>"):`);
        console.log(token.token);
      });
    });
}
