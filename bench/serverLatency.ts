import type { FastifyInstance } from 'fastify';
import { quantile } from './loadChild.ts';

/**
 * Time each request spends inside the server (Fastify's onRequest → onResponse, `reply.elapsedTime`),
 * next to the latency the load generator sees. The difference is time before the server parsed the
 * request (its socket waiting while the event loop was busy) and time in the load generator itself:
 * in a closed loop that saturates the server, that queueing is most of the tail.
 */
export function recordServerLatency(app: FastifyInstance): { reset(): void; percentiles(): { p50: number; p99: number; max: number } } {
  let samples: number[] = [];
  app.addHook('onResponse', async (_request, reply) => {
    samples.push(reply.elapsedTime);
  });
  return {
    reset: () => {
      samples = [];
    },
    percentiles: () => {
      const sorted = [...samples].sort((a, b) => a - b);
      const q = (p: number) => quantile(sorted, p);
      return { p50: q(0.5), p99: q(0.99), max: q(1) };
    },
  };
}
