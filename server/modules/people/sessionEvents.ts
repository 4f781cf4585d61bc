import type { AppContext } from '../../context.ts';

/** Live event type published after commit whenever sessions of people end (logout, disable, password change or reset). */
export const SESSIONS_ENDED_EVENT = 'auth.sessionsEnded';

/**
 * Tell every server process that these people's sessions ended, so open live streams (SSE) can
 * re-check their session at once instead of at their next periodic check. Call after commit.
 * No-op where nothing is live (CLI, contexts without a bus).
 */
export async function publishSessionsEnded(ctx: AppContext, userIds: readonly string[]): Promise<void> {
  if (!ctx.events || userIds.length === 0) return;
  await ctx.events.publish({ type: SESSIONS_ENDED_EVENT, userIds: [...userIds] });
}
