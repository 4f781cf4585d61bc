import type { Executor } from '../../storage/db.ts';
import { findOpen311Keys } from './open311.repository.ts';
import { presentOpen311Key, type Open311KeyView } from './open311Keys.ts';

/** All Open311 keys, oldest first (revoked ones included, marked). */
export async function listOpen311Keys(db: Executor): Promise<Open311KeyView[]> {
  return (await findOpen311Keys(db)).map(presentOpen311Key);
}
