import { z } from 'zod';
import path from 'node:path';

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
  /** Build and load the demo city when the database has no territory. */
  demoOnEmpty: boolean;
  version: string;
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
  WANGGE_DEMO: z.enum(['auto', 'off']).default('auto'),
});

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
  return Object.freeze({
    dataDir: path.resolve(e.WANGGE_DATA_DIR),
    databaseUrl: e.DATABASE_URL ? e.DATABASE_URL : null,
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    sessionIdleMinutes: e.WANGGE_SESSION_IDLE_MINUTES,
    demoOnEmpty: e.WANGGE_DEMO === 'auto',
    version,
  });
}
