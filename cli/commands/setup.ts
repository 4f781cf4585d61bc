import readline from 'node:readline/promises';
import { Writable } from 'node:stream';
import type { Command } from 'commander';
import { configFromEnv, fail, openConfiguredStorage } from '../runtime.ts';
import { systemActor } from '../../server/access/actor.ts';
import { AppError } from '../../server/errors.ts';
import { createUserInput } from '../../server/modules/people/people.schemas.ts';
import { assertSetupPossible, setupFirstAdmin, type SetupFirstAdminInput } from '../../server/modules/people/setupFirstAdmin.ts';

/** Use-case field → the option a person typed. */
const OPTION_OF: Record<string, string> = { username: '--username', password: '--password', scope: '--scope', displayName: '--name' };

function badOption(field: string, message: string): never {
  fail(`${OPTION_OF[field] ?? field}: ${message.replace(new RegExp(`^${field}:\\s*`), '')}`, 2);
}

/** Questions on the terminal through one readline interface; a secret answer is not echoed. */
function terminalPrompter() {
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (!muted) process.stdout.write(chunk);
      done();
    },
  });
  const rl = readline.createInterface({ input: process.stdin, output, terminal: true });
  return {
    async ask(question: string, secret = false): Promise<string> {
      const answer = rl.question(question);
      // The prompt is written; from here on what is typed is echoed only for non-secrets.
      muted = secret;
      const text = await answer;
      muted = false;
      if (secret) process.stdout.write('\n');
      return text.trim();
    },
    close: () => rl.close(),
  };
}

/**
 * `wangge setup`: the first administrator of an installation without the demo (issue #12 Deliver 7).
 * Flags for scripts; in a terminal, whatever is missing is asked (the password twice, not echoed).
 */
export function registerSetup(program: Command): void {
  program
    .command('setup')
    .description('one-time setup: create the first administrator (系统管理员) over a territory node; refused once an administrator exists')
    .option('--username <username>', 'login name: 3–40 characters of a-z 0-9 _ . -')
    .option('--password <password>', 'at least 10 characters, not the username (omit it in a terminal to be asked without echo)')
    .option('--scope <code>', 'division code the administrator governs, e.g. 3201 (the territory must be imported first)')
    .option('--name <name>', 'display name (default: the username)')
    .action(async (opts: { username?: string; password?: string; scope?: string; name?: string }) => {
      const config = configFromEnv();
      const storage = await openConfiguredStorage(config);
      const stop = async (err: unknown): Promise<never> => {
        await storage.close();
        if (err instanceof AppError && err.field) badOption(err.field, err.message);
        if (err instanceof AppError) fail(err.message, 1);
        throw err;
      };
      // Say "already set up" or "import territory first" before asking anything.
      await assertSetupPossible(storage.db).catch(stop);
      const input = await askForInput(opts).catch(stop);
      try {
        const person = await storage.transaction((trx) => setupFirstAdmin(trx, { actor: systemActor('setup', 'cli'), input, now: new Date() }));
        const role = person.roles[0]!;
        console.log(`created administrator ${person.username} (${person.displayName}) over ${role.scopeCode} ${role.scopeName ?? ''}`.trimEnd());
        console.log('Start the server (npm start / wangge serve) and log in with this account; add further accounts in the console or with `wangge users add`.');
      } catch (err) {
        await stop(err);
      }
      await storage.close();
    });
}

/** The flags, with whatever is missing asked in a terminal; validated like any new account. */
async function askForInput(opts: { username?: string; password?: string; scope?: string; name?: string }): Promise<SetupFirstAdminInput> {
  const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
  const prompter = interactive && (opts.username === undefined || opts.password === undefined || opts.scope === undefined) ? terminalPrompter() : null;
  const value = async (field: 'username' | 'password' | 'scope', prompt: string): Promise<string> => {
    const given = opts[field];
    if (given !== undefined) return given;
    if (!prompter) throw new AppError('VALIDATION_FAILED', 'is required (or run `wangge setup` in a terminal to be asked)', field);
    if (field !== 'password') return prompter.ask(prompt);
    const first = await prompter.ask(prompt, true);
    const again = await prompter.ask('再次输入 / repeat the password: ', true);
    if (first !== again) throw new AppError('VALIDATION_FAILED', 'the two passwords differ', 'password');
    return first;
  };
  let username: string, password: string, scope: string;
  try {
    username = await value('username', '管理员账号 / administrator username: ');
    password = await value('password', '密码 / password (at least 10 characters): ');
    scope = await value('scope', '管辖区划代码 / division code the administrator governs (e.g. 3201): ');
  } finally {
    prompter?.close();
  }
  const parsed = createUserInput.safeParse({ username, password, role: 'admin', scope, displayName: opts.name });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError('VALIDATION_FAILED', issue.message, String(issue.path[0] ?? 'input'));
  }
  return { username, password, scope, ...(opts.name ? { displayName: opts.name } : {}) };
}
