import type { Answer, Transport } from './types.ts';

async function answerOf(res: Response): Promise<Answer> {
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  return { status: res.status, body, replayed: res.headers.get('idempotency-replayed') === 'true' };
}

async function attempt(run: () => Promise<Response>): Promise<Answer> {
  try {
    return await answerOf(await run());
  } catch (err) {
    // No answer at all (offline, connection reset): status 0, retried by the engine.
    return { status: 0, body: { error: { code: 'NETWORK', message: (err as Error).message } }, replayed: false };
  }
}

/** The outbox's HTTP side: same-origin fetch with the session cookie and the command id as Idempotency-Key. */
export const fetchTransport: Transport = {
  postJson: (path, body, idempotencyKey) =>
    attempt(() =>
      fetch(path, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { accept: 'application/json', 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
        body: JSON.stringify(body),
      }),
    ),
  upload: (blob) =>
    attempt(() =>
      fetch('/api/uploads', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { accept: 'application/json', 'content-type': blob.type || 'image/jpeg' },
        body: blob,
      }),
    ),
};
