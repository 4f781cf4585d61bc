import type { Command } from 'commander';
import { fail, withConfiguredStorage } from '../runtime.ts';
import { systemActor } from '../../server/access/actor.ts';
import { AppError } from '../../server/errors.ts';
import type { Storage } from '../../server/storage/db.ts';
import { createOpen311Key } from '../../server/modules/open311/createOpen311Key.ts';
import { listOpen311Keys } from '../../server/modules/open311/listOpen311Keys.ts';
import { revokeOpen311Key } from '../../server/modules/open311/revokeOpen311Key.ts';

/** AppErrors become a message naming the option and an exit code (2 = bad input). */
function exitFor(err: AppError): never {
  fail(err.field ? `--${err.field}: ${err.message.replace(new RegExp(`^${err.field}:\\s*`), '')}` : err.message, err.code === 'VALIDATION_FAILED' ? 2 : 1);
}

const withStorage = (work: (storage: Storage) => Promise<void>) => withConfiguredStorage(work, exitFor);

const cliActor = () => systemActor('cli', 'cli');

/** `wangge open311 key create | list | revoke`: API keys for Open311 GeoReport v2 clients. */
export function registerOpen311(program: Command): void {
  const open311 = program.command('open311').description('Open311 GeoReport v2 (/open311/v2/): API keys for client applications');
  const key = open311.command('key').description('API keys (POST requests needs one)');

  key
    .command('create')
    .description('issue a key; it is shown once, as the last line of the output')
    .option('--name <name>', 'what the key is for, e.g. "12345 hotline bridge"')
    .action(async (opts: { name?: string }) => {
      if (opts.name === undefined || opts.name.trim() === '') fail('--name: is required (what the key is for)', 2);
      await withStorage(async (storage) => {
        const created = await storage.db.transaction().execute((trx) => createOpen311Key(trx, { actor: cliActor(), name: opts.name!, now: new Date() }));
        console.log(`Open311 key "${created.name}" id=${created.id} (shown once; clients send it as the api_key form field):`);
        console.log(created.key);
      });
    });

  key
    .command('list')
    .description('list keys (never the secrets)')
    .action(async () => {
      await withStorage(async (storage) => {
        const keys = await listOpen311Keys(storage.db);
        for (const k of keys) {
          const state = k.revokedAt ? `revoked ${k.revokedAt}` : 'active';
          console.log(`${k.id}  ${k.name.padEnd(24)}  created ${k.createdAt}  last used ${k.lastUsedAt ?? '-'}  ${state}`);
        }
        console.log(`${keys.length} key(s)`);
      });
    });

  key
    .command('revoke')
    .description('revoke a key: further POSTs with it get 403')
    .option('--id <id>', 'the key id (from `wangge open311 key list`)')
    .action(async (opts: { id?: string }) => {
      if (opts.id === undefined || opts.id.trim() === '') fail('--id: is required (see wangge open311 key list)', 2);
      await withStorage(async (storage) => {
        const revoked = await storage.db.transaction().execute((trx) => revokeOpen311Key(trx, { actor: cliActor(), id: opts.id!.trim(), now: new Date() }));
        console.log(`revoked ${revoked.id} (${revoked.name}) at ${revoked.revokedAt}`);
      });
    });
}
