import { z } from 'zod';
import net from 'node:net';
import path from 'node:path';
import { parseLimit } from '../shared/sla/workingTime.ts';
import { ROLES } from '../shared/access/roles.ts';

/**
 * Runtime configuration, parsed once at boot from the environment and then frozen.
 * Modules never read process.env; they receive this object.
 */
export interface Config {
  dataDir: string;
  /** Absent → embedded SQLite file in dataDir. */
  databaseUrl: string | null;
  port: number;
  host: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Idle session timeout in minutes. */
  sessionIdleMinutes: number;
  /** Absolute session lifetime in hours (WANGGE_SESSION_MAX_HOURS): a session ends this long after login however active. */
  sessionMaxHours?: number;
  /** Roles that must enrol a TOTP second factor before anything else works (WANGGE_REQUIRE_2FA); empty = optional for all. */
  requireTwoFactorRoles?: readonly string[];
  /** Build and load the demo city when the database has no territory (WANGGE_DEMO auto or city; off by default with NODE_ENV=production). */
  demoOnEmpty: boolean;
  /** WANGGE_DEMO_PASSWORD: the demo accounts' password; null = random per data dir (demo-password.txt, 0600). */
  demoPassword: string | null;
  /** NODE_ENV=production: no demo unless WANGGE_DEMO says so. */
  production: boolean;
  /**
   * WANGGE_TRUST_PROXY: addresses/CIDRs of reverse proxies whose X-Forwarded-For is believed (proxy-addr
   * semantics: the client is the first address, from the right, that is not a trusted proxy). Empty = the
   * socket address is the client, whatever headers say.
   */
  trustProxy: readonly string[];
  /** With the demo city, also its history of activity: cases, patrols, rosters (WANGGE_DEMO auto). */
  demoActivity: boolean;
  /** Share of a stage limit after which the holder is warned (预警); categories may override (docs/cases.md). */
  slaWarnShare: number;
  /** Escalation (升级) this long after the due time if still overdue (SLA notation); null = one more stage limit. */
  slaEscalateAfter: string | null;
  /** Largest image upload (case photos, resident uploads) in bytes. */
  maxUploadBytes: number;
  version: string;
  /** Scheduled bulletins (docs/reports.md): China time 'HH:MM' of the daily run (weekly on Mondays), or null = off. */
  bulletinAt?: string | null;
  /** Scopes of scheduled bulletins: level names (every node of that level) or division codes. */
  bulletinScopes?: readonly string[];
  /** Scheduled bulletins: how many past days the job back-fills when runs were missed (1 = only the latest). */
  bulletinBackfillDays?: number;
  /** Audit witness file (docs/audit.md): each new signed checkpoint is appended here as a JSON line; null = none. */
  auditWitnessFile?: string | null;
}

const schema = z.object({
  WANGGE_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .refine((v) => v === '' || /^postgres(ql)?:\/\//.test(v), 'must start with postgres:// or postgresql:// (or be unset for embedded SQLite)')
    .optional(),
  PORT: z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(0, 'must be 0–65535').max(65535, 'must be 0–65535').default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WANGGE_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  NODE_ENV: z.string().optional(),
  // No default here: unset means 'auto' in development and 'off' with NODE_ENV=production.
  WANGGE_DEMO: z.enum(['auto', 'city', 'off'], { error: "must be 'auto' (city and activity), 'city' or 'off'" }).optional(),
  WANGGE_DEMO_PASSWORD: z
    .string()
    .min(8, 'must be at least 8 characters (it is the password of every demo account)')
    .max(200, 'must be at most 200 characters')
    .optional(),
  WANGGE_TRUST_PROXY: z
    .string()
    .refine((v) => v.trim() === '' || v.split(',').every((x) => isProxyEntry(x.trim())), {
      error: (issue) => `must be a comma-separated list of IPv4/IPv6 addresses or CIDRs (e.g. 127.0.0.1,10.0.0.0/8,::1), or loopback/linklocal/uniquelocal; not understood: ${badProxyEntries(String(issue.input)).join(', ')}`,
    })
    .optional(),
  WANGGE_SESSION_MAX_HOURS: z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number from 1 to 720').min(1, 'must be a whole number from 1 to 720').max(720, 'must be a whole number from 1 to 720').default(12),
  WANGGE_REQUIRE_2FA: z
    .string()
    .refine((v) => v.trim() === '' || v.trim() === 'off' || v.split(',').every((r) => (ROLES as readonly string[]).includes(r.trim())), `must be 'off' or a comma-separated list of roles (${ROLES.join(', ')})`)
    .default('off'),
  WANGGE_SLA_WARN_SHARE: z.coerce.number({ error: 'must be a number' }).gt(0, 'must be more than 0 and less than 1').lt(1, 'must be more than 0 and less than 1').default(0.75),
  WANGGE_SLA_ESCALATE_AFTER: z
    .string()
    .refine((v) => v === 'limit' || isLimit(v), 'must be "limit" (one more stage limit) or a time limit such as 1wd, 4wh, 24h')
    .default('limit'),
  WANGGE_MAX_UPLOAD_MB: z.coerce.number({ error: 'must be a number' }).gt(0, 'must be more than 0 and at most 100').max(100, 'must be more than 0 and at most 100').default(10),
  WANGGE_BULLETIN_AT: z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|off)$/, "must be HH:MM (China time) or 'off'").default('07:30'),
  WANGGE_BULLETIN_SCOPES: z
    .string()
    .regex(/^\s*(province|city|county|street|community|\d{2,15})(\s*,\s*(province|city|county|street|community|\d{2,15}))*\s*$/, 'must be a comma-separated list of levels (city, county, …) or division codes')
    .default('city,county'),
  WANGGE_BULLETIN_BACKFILL_DAYS: z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number from 1 to 90').min(1, 'must be a whole number from 1 to 90').max(90, 'must be a whole number from 1 to 90').default(7),
  WANGGE_AUDIT_WITNESS_FILE: z.string().optional(),
});

/** Named ranges proxy-addr (fastify's trustProxy) understands besides addresses and CIDRs. */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** An IPv4/IPv6 address, an address/prefix CIDR (or address/netmask for IPv4), or a proxy-addr range name. */
function isProxyEntry(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  if (rest.length > 0 || !address) return false;
  const family = net.isIP(address);
  if (family === 0) return false;
  if (prefix === undefined) return true;
  if (family === 4 && net.isIPv4(prefix)) return true; // 10.0.0.0/255.0.0.0, as proxy-addr accepts
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

function badProxyEntries(value: string): string[] {
  return value
    .split(',')
    .map((x) => x.trim())
    .filter((x) => !isProxyEntry(x))
    .map((x) => JSON.stringify(x));
}

function isLimit(text: string): boolean {
  try {
    parseLimit(text);
    return true;
  } catch {
    return false;
  }
}

/** Raised when the environment is invalid; lists every bad variable at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parse and validate the environment; throws ConfigError naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined>, version = '0.0.0'): Readonly<Config> {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = result.data;
  const production = e.NODE_ENV === 'production';
  const demo = e.WANGGE_DEMO ?? (production ? 'off' : 'auto');
  return Object.freeze({
    dataDir: path.resolve(e.WANGGE_DATA_DIR),
    databaseUrl: e.DATABASE_URL ? e.DATABASE_URL : null,
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    sessionIdleMinutes: e.WANGGE_SESSION_IDLE_MINUTES,
    sessionMaxHours: e.WANGGE_SESSION_MAX_HOURS,
    requireTwoFactorRoles: Object.freeze(
      e.WANGGE_REQUIRE_2FA.trim() === '' || e.WANGGE_REQUIRE_2FA.trim() === 'off' ? [] : e.WANGGE_REQUIRE_2FA.split(',').map((r) => r.trim()),
    ),
    demoOnEmpty: demo !== 'off',
    demoActivity: demo === 'auto',
    demoPassword: e.WANGGE_DEMO_PASSWORD ?? null,
    production,
    trustProxy: Object.freeze(
      (e.WANGGE_TRUST_PROXY ?? '')
        .split(',')
        .map((x) => x.trim())
        .filter((x) => x !== ''),
    ),
    slaWarnShare: e.WANGGE_SLA_WARN_SHARE,
    maxUploadBytes: Math.round(e.WANGGE_MAX_UPLOAD_MB * 1024 * 1024),
    slaEscalateAfter: e.WANGGE_SLA_ESCALATE_AFTER === 'limit' ? null : e.WANGGE_SLA_ESCALATE_AFTER.trim(),
    version,
    bulletinAt: e.WANGGE_BULLETIN_AT === 'off' ? null : e.WANGGE_BULLETIN_AT,
    bulletinScopes: Object.freeze(e.WANGGE_BULLETIN_SCOPES.split(',').map((x) => x.trim())),
    bulletinBackfillDays: e.WANGGE_BULLETIN_BACKFILL_DAYS,
    auditWitnessFile: e.WANGGE_AUDIT_WITNESS_FILE ? path.resolve(e.WANGGE_AUDIT_WITNESS_FILE) : null,
  });
}
