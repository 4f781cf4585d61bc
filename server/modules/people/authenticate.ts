import type { onRequestHookHandler } from 'fastify';
import type { AppContext } from '../../context.ts';

/** Resolve request.actor from the session cookie or a Bearer API token. (Filled in by the people module.) */
export function authenticateHook(_ctx: AppContext): onRequestHookHandler {
  return async (request) => {
    request.actor = null;
  };
}
