import type { Command } from 'commander';
import type { Config } from '../../server/config.ts';
import type { Storage } from '../../server/storage/db.ts';

export interface DemoLogin {
  username: string;
  description: string;
}

/** Build the demo city when the database has no territory; returns the demo logins to print. */
export async function ensureDemoCity(_config: Readonly<Config>, _storage: Storage): Promise<DemoLogin[] | null> {
  return null;
}

export function registerDemo(_program: Command): void {}
