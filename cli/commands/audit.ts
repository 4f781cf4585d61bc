import fs from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { configFromEnv, fail, openConfiguredStorage } from '../runtime.ts';
import { CHECKPOINT_EVERY_ENTRIES, checkpointIfDue, createCheckpoint, lastCheckpoint, parsePublicKey, readStoredPublicKey } from '../../server/audit/checkpoint.ts';
import { appendWitnessHead, readWitnessFile, witnessHeadOf, WitnessFileError, type WitnessedHead } from '../../server/audit/witness.ts';
import { verifyAuditLog } from '../../server/audit/verify.ts';
import type { AuditLogRow } from '../../server/storage/schema.ts';
import { slaPolicyOf } from '../../server/context.ts';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number ≥ 1');
  return n;
}

function readPublicKey(file: string): string {
  let pem: string;
  try {
    pem = fs.readFileSync(file, 'utf8');
  } catch (err) {
    fail(`--public-key ${file}: ${(err as Error).message}`);
  }
  try {
    parsePublicKey(pem);
  } catch (err) {
    fail(`--public-key ${file}: ${(err as Error).message}`);
  }
  return pem;
}

/** One readable line per entry: seq, time, actor, action, record, outcome, and what changed. */
function formatEntry(e: AuditLogRow): string {
  const record = e.record_id ? `${e.record_type}:${e.record_id}` : e.record_type;
  const change = [e.before_json ? `before=${e.before_json}` : '', e.after_json ? `after=${e.after_json}` : ''].filter(Boolean).join(' ');
  const from = e.source_ip ? ` from ${e.source_ip}` : '';
  const text = `#${e.seq}  ${e.at}  ${e.actor_label}${from}  ${e.action}  ${record}  [${e.outcome}]${change ? `  ${change}` : ''}`;
  return text.length > 400 ? `${text.slice(0, 397)}...` : text;
}

/** `wangge audit verify | checkpoint | tail`: check, sign and read the tamper-evident audit log (审计日志). */
export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('tamper-evident audit log (审计日志): verify, checkpoint, tail');

  audit
    .command('verify')
    .description('check the whole hash chain, the head and every signed checkpoint; exit 1 naming the first bad entry')
    .option(
      '--public-key <file>',
      'PEM public key to check checkpoint signatures with; repeat for several keys (default: <data dir>/keys/audit-ed25519.pub.pem; keep a copy off this machine)',
      (file: string, previous: string[]) => [...previous, file],
      [] as string[],
    )
    .option('--page-size <n>', 'entries read per query', positiveInt, 2000)
    .option(
      '--witness <file>',
      'witness file of signed tree heads (written by `audit checkpoint --out`, kept elsewhere): fail if the log was truncated or rewritten behind any of them; repeatable',
      (file: string, previous: string[]) => [...previous, file],
      [] as string[],
    )
    .action(async (opts: { publicKey: string[]; pageSize: number; witness: string[] }) => {
      const config = configFromEnv();
      let witness: WitnessedHead[] = [];
      try {
        witness = opts.witness.flatMap((file) => readWitnessFile(file));
      } catch (err) {
        if (err instanceof WitnessFileError) fail(`--witness: ${err.message}`);
        throw err;
      }
      const stored = readStoredPublicKey(config.dataDir);
      const publicKeyPem = opts.publicKey.length > 0 ? opts.publicKey.map(readPublicKey) : stored ? [stored] : null;
      const storage = await openConfiguredStorage(config);
      const started = Date.now();
      try {
        const result = await verifyAuditLog(storage.db, { pageSize: opts.pageSize, witness, ...(publicKeyPem ? { publicKeyPem } : {}) });
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        const keyNote = result.signaturesChecked
          ? `signatures checked with key ${publicKeyPem!.map((pem) => parsePublicKey(pem).keyId).join(', ')}`
          : 'signatures NOT checked (no public key found)';
        if (!result.ok) {
          console.error(`audit log FAILED at seq ${result.firstBad!.seq}: ${result.firstBad!.reason}`);
          console.error(`  checked ${result.entries} entries and ${result.checkpoints} checkpoints before it; ${keyNote}`);
          process.exitCode = 1;
          return;
        }
        // Checkpoints exist but we cannot check their signatures: someone may have removed the key
        // file to hide a rewrite. Refuse to call that "ok".
        if (!result.signaturesChecked && result.checkpoints > 0) {
          console.error(`audit log chain is intact (${result.entries} entries) but ${result.checkpoints} checkpoints could not be checked: no public key`);
          console.error(`  pass --public-key FILE (the copy of keys/audit-ed25519.pub.pem you keep elsewhere)`);
          process.exitCode = 1;
          return;
        }
        console.log(`audit log OK: ${result.entries} entries (head seq ${result.head.seq}), ${result.checkpoints} checkpoints (last ${result.lastGoodCheckpoint || 'none'}), ${keyNote}, ${seconds}s`);
        if (result.head.seq > result.lastGoodCheckpoint) {
          console.log(`  note: entries after seq ${result.lastGoodCheckpoint} are not covered by a checkpoint yet (run: wangge audit checkpoint)`);
        }
        if (opts.witness.length > 0) {
          console.log(`  witness: ${result.witnessed} signed tree heads match the log (largest tree_size ${result.lastGoodWitness || 'none'})${witness.length === 0 ? ' — the witness file is empty' : ''}`);
        } else {
          // Without an outside copy, someone who can write the database can remove the newest entries and
          // the checkpoints that name them, and this check cannot know (docs/audit.md "What it cannot catch").
          console.log('  note: no --witness given: truncation of the newest entries cannot be ruled out; pass the witness file kept elsewhere (docs/audit.md)');
        }
      } finally {
        await storage.close();
      }
    });

  audit
    .command('checkpoint')
    .description('sign the current head of the log now (creates the Ed25519 key in <data dir>/keys on first use)')
    .option('--if-due', 'only when due: after --every-entries entries or --every-seconds seconds since the last checkpoint (for cron)')
    .option('--every-entries <n>', 'with --if-due: entries since the last checkpoint', positiveInt, CHECKPOINT_EVERY_ENTRIES)
    .option('--every-seconds <n>', 'with --if-due: seconds since the last checkpoint (default 60)', positiveInt)
    .option('--every-minutes <n>', 'with --if-due: minutes since the last checkpoint (older spelling of --every-seconds)', positiveInt)
    .option('--out <file>', 'also append the signed tree head (tree_size, root_hash, timestamp, key_id, signature) as a JSON line to this witness file, created if absent; keep it on another machine')
    .action(async (opts: { ifDue?: boolean; everyEntries: number; everySeconds?: number; everyMinutes?: number; out?: string }) => {
      const config = configFromEnv();
      const storage = await openConfiguredStorage(config);
      try {
        const schedule = {
          everyEntries: opts.everyEntries,
          ...(opts.everySeconds !== undefined ? { everySeconds: opts.everySeconds } : {}),
          ...(opts.everyMinutes !== undefined ? { everyMinutes: opts.everyMinutes } : {}),
        };
        const cp = opts.ifDue
          ? await checkpointIfDue({ config, storage, now: () => new Date(), slaPolicy: slaPolicyOf(config) }, schedule)
          : await storage.db.transaction().execute((trx) => createCheckpoint(trx, { dataDir: config.dataDir }));
        if (opts.out) {
          // Witness the newest signed head, even when the head was already checkpointed (re-running is harmless:
          // the same head is not written twice in a row). The database is not trusted for this: a head is only
          // taken from it when it is the current head, signed now or before.
          const head = cp ?? (await lastCheckpoint(storage.db));
          const current = await storage.db.selectFrom('audit_head').select('seq').where('id', '=', 1).executeTakeFirstOrThrow();
          if (head && head.seq === Number(current.seq)) {
            let written: boolean;
            try {
              written = appendWitnessHead(opts.out, witnessHeadOf(head));
            } catch (err) {
              fail(`--out ${opts.out}: ${(err as Error).message} (checkpoint seq=${head.seq} was signed and stored; re-run to witness it)`);
            }
            console.log(`${written ? 'witnessed' : 'already witnessed'}: tree_size=${head.seq} root_hash=${head.hash} in ${opts.out}`);
          } else if (!head) {
            console.log('nothing to witness: the log is empty');
          } else {
            console.log(`not witnessed: no checkpoint due for the current head (seq ${current.seq}); run without --if-due to sign it now`);
          }
        }
        if (!cp) {
          console.log(opts.ifDue ? 'no checkpoint due' : 'nothing to sign: the log is empty or the head is already checkpointed');
          return;
        }
        // One line an operator can ship off the machine (syslog, ticket, another system) as an external witness.
        console.log(`checkpoint seq=${cp.seq} hash=${cp.hash} signed_at=${cp.signed_at} key_id=${cp.key_id} signature=${cp.signature}`);
      } finally {
        await storage.close();
      }
    });

  audit
    .command('tail')
    .description('print the most recent entries, oldest first')
    .option('-n, --lines <n>', 'how many entries', positiveInt, 20)
    .action(async (opts: { lines: number }) => {
      const config = configFromEnv();
      const storage = await openConfiguredStorage(config);
      try {
        const rows = await storage.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(opts.lines).execute();
        if (rows.length === 0) console.log('the audit log is empty');
        for (const row of rows.reverse()) console.log(formatEntry({ ...row, seq: Number(row.seq) }));
      } finally {
        await storage.close();
      }
    });
}
