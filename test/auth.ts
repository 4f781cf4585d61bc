import type { App } from '../server/app.ts';

let addressCounter = 0;

/**
 * Log in through the real endpoint and return the cookie header value (`wangge_session=…`) to send
 * as `headers: { cookie }` on later requests. Throws with the response body when login fails.
 * Each call comes from its own test address (198.18.0.0/15, reserved for benchmarking) so suites that
 * log in often never trip the per-address login rate limit, which has its own test.
 */
export async function loginAs(app: App, username: string, password: string): Promise<string> {
  addressCounter += 1;
  const remoteAddress = `198.18.${Math.floor(addressCounter / 250) % 250}.${(addressCounter % 250) + 1}`;
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress });
  if (res.statusCode !== 200) throw new Error(`login as ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'wangge_session');
  if (!cookie || !cookie.value) throw new Error(`login as ${username} set no wangge_session cookie`);
  return `wangge_session=${cookie.value}`;
}
