import fs from 'node:fs';
import { z } from 'zod';
import type { AuditCheckpointRow } from '../storage/schema.ts';

/**
 * Witness file (见证文件): signed tree heads of the audit log, kept OUTSIDE the database and ideally
 * off the machine (another host, a WORM bucket, an auditor's laptop). One JSON object per line,
 * append-only, in the vocabulary of RFC 6962/9162 signed tree heads:
 *
 *   {"tree_size":1200,"root_hash":"<64 hex>","timestamp":"2026-12-07T19:10:00.000Z","key_id":"<16 hex>","signature":"<base64>"}
 *
 * `root_hash` is the hash-chain value of entry `tree_size` (server/audit/audit.ts), which commits to
 * every entry 1..tree_size exactly as a Merkle root does: change, drop or reorder any of them and the
 * recomputed value at that size differs. `signature` is the Ed25519 checkpoint signature over
 * `tree_size|root_hash|timestamp` (checkpointMessage), so each line is a checkpoint row that survives
 * the deletion of the row itself. Why this matters: someone with database access can delete the newest
 * entries, rewind audit_head and delete the checkpoint rows that mention them — the database then
 * holds a smaller log that is perfectly self-consistent. A head written here earlier still says
 * "the log had N entries and their hash was H"; verify --witness compares.
 */

export const witnessHead = z.object({
  tree_size: z.number().int().min(1),
  root_hash: z.string().regex(/^[0-9a-f]{64}$/, 'root_hash must be 64 hex characters'),
  timestamp: z.string().min(1),
  key_id: z.string().min(1),
  signature: z.string().min(1),
});

/** One signed tree head as stored in a witness file. */
export type WitnessHead = z.infer<typeof witnessHead>;

/** A head read from a file, with where it came from (for error messages). */
export interface WitnessedHead extends WitnessHead {
  /** 1-based line number in the witness file. */
  line: number;
}

/** The witness line of a checkpoint row. */
export function witnessHeadOf(cp: AuditCheckpointRow): WitnessHead {
  return { tree_size: Number(cp.seq), root_hash: cp.hash, timestamp: cp.signed_at, key_id: cp.key_id, signature: cp.signature };
}

/** Raised for an unreadable or malformed witness file; the message names the file and line. */
export class WitnessFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WitnessFileError';
  }
}

/**
 * Parse a witness file. Blank lines are skipped; anything else must be a signed tree head, or the
 * whole file is refused naming the line (a half-written or edited witness must not pass silently).
 */
export function readWitnessFile(file: string): WitnessedHead[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new WitnessFileError(`witness file ${file}: ${(err as Error).message}`);
  }
  const heads: WitnessedHead[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new WitnessFileError(`witness file ${file} line ${index + 1}: not JSON`);
    }
    const parsed = witnessHead.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new WitnessFileError(`witness file ${file} line ${index + 1}: ${issue.path.join('.') || 'line'}: ${issue.message}`);
    }
    heads.push({ ...parsed.data, line: index + 1 });
  });
  return heads;
}

/**
 * Append one signed tree head to a witness file, creating it if absent. O_APPEND makes each line
 * one write at the end even with several writers; a file whose last line was cut short (a crash
 * mid-write) gets a newline first so the new head stays a line of its own. Returns false (and
 * writes nothing) when the file's last head is this very head — re-running is harmless.
 */
export function appendWitnessHead(file: string, head: WitnessHead): boolean {
  let prefix = '';
  if (fs.existsSync(file)) {
    const text = fs.readFileSync(file, 'utf8');
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    const last = lines[lines.length - 1];
    if (last !== undefined) {
      try {
        const prev = JSON.parse(last) as Partial<WitnessHead>;
        if (prev.tree_size === head.tree_size && prev.root_hash === head.root_hash) return false;
      } catch {
        // a damaged last line: leave it for verify to report, and append below it
      }
    }
    if (text.length > 0 && !text.endsWith('\n')) prefix = '\n';
  }
  const line = JSON.stringify({ tree_size: head.tree_size, root_hash: head.root_hash, timestamp: head.timestamp, key_id: head.key_id, signature: head.signature });
  fs.appendFileSync(file, `${prefix}${line}\n`, { encoding: 'utf8', mode: 0o644 });
  return true;
}
