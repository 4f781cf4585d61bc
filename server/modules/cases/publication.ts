import type { CaseRow } from '../../storage/schema.ts';

/**
 * 公开: which cases may ever appear on a public surface (the Open311 GET feed). Only what came in from
 * the public — the resident portal ('public') or an Open311 client ('open311') — and only events: a
 * grid worker's, hotline operator's or referral report is staff work, disputes carry parties' personal
 * data and hazards carry risk information. Staff then decide case by case (published_at).
 */
export const PUBLIC_SOURCES: readonly string[] = ['public', 'open311'];
export const PUBLISHABLE_KINDS: readonly string[] = ['event'];

/** May staff mark this case public at all? */
export function isPublishable(row: Pick<CaseRow, 'kind' | 'source'>): boolean {
  return PUBLIC_SOURCES.includes(row.source) && PUBLISHABLE_KINDS.includes(row.kind);
}

/** Is this case on the public feed now (publishable and marked public by staff)? */
export function isPublished(row: Pick<CaseRow, 'kind' | 'source' | 'published_at'>): boolean {
  return isPublishable(row) && row.published_at != null;
}
