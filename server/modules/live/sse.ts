import type { FastifyReply, FastifyRequest } from 'fastify';

/** Interval of the keep-alive comment: below the idle timeouts of common proxies (nginx 60 s). */
export const HEARTBEAT_MS = 20_000;

/** An open Server-Sent Events response. */
export interface SseStream {
  /** Send one event; ignored once the client has gone. */
  send(event: { id?: string; event?: string; data: unknown }): void;
  /** End the response (server shutdown). */
  end(): void;
  readonly closed: boolean;
  /** Called once when the client disconnects or the stream is ended. */
  onClose(fn: () => void): void;
}

/**
 * Take over the response and open an SSE stream (text/event-stream): a `retry:` hint and a first
 * comment so clients know the stream is live, then a heartbeat comment every 20 s.
 */
export function openSse(request: FastifyRequest, reply: FastifyReply, heartbeatMs = HEARTBEAT_MS): SseStream {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    // Reverse proxies (nginx) must not buffer the stream.
    'x-accel-buffering': 'no',
    'x-content-type-options': 'nosniff',
  });
  res.write('retry: 5000\n: connected\n\n');
  const closers: (() => void)[] = [];
  let closed = false;
  const heartbeat = setInterval(() => {
    if (!closed) res.write(': heartbeat\n\n');
  }, heartbeatMs);
  heartbeat.unref();
  const finish = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    for (const fn of closers.splice(0)) {
      try {
        fn();
      } catch {
        // cleanup must not throw into the socket handler
      }
    }
  };
  request.raw.on('close', finish);
  res.on('close', finish);
  res.on('error', finish);
  return {
    send(event) {
      if (closed) return;
      let text = '';
      if (event.id) text += `id: ${event.id}\n`;
      if (event.event) text += `event: ${event.event}\n`;
      text += `data: ${JSON.stringify(event.data)}\n\n`;
      res.write(text);
    },
    end() {
      if (!closed) res.end();
      finish();
    },
    get closed() {
      return closed;
    },
    onClose(fn) {
      if (closed) fn();
      else closers.push(fn);
    },
  };
}
