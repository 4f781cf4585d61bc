import dayjs from 'dayjs';
import type { SlotStatus } from '../../../../shared/patrols/wire.ts';

/** Tag colour of a slot's status (达标情况). */
export const SLOT_COLOR: Record<SlotStatus, string> = { met: 'success', short: 'warning', missed: 'error', open: 'processing', upcoming: 'default' };
/** A share as a percentage with one decimal. */
export const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
/** HH:mm in local time; a window's end at midnight reads 24:00, not 00:00. */
export const clock = (iso: string, isEnd: boolean) => {
  const s = dayjs(iso).format('HH:mm');
  return isEnd && s === '00:00' ? '24:00' : s;
};
