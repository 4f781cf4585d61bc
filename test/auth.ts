import type { App } from '../server/app.ts';

/**
 * Log in through the real endpoint and return the cookie header value (`wangge_session=…`) to send
 * as `headers: { cookie }` on later requests. Throws with the response body when login fails.
 */
export async function loginAs(app: App, username: string, password: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login as ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'wangge_session');
  if (!cookie || !cookie.value) throw new Error(`login as ${username} set no wangge_session cookie`);
  return `wangge_session=${cookie.value}`;
}
