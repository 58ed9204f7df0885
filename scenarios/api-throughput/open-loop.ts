// Fixed-rate load (--rate) over HTTP: the open-loop driver (open-loop-driver.ts) sending
// through a keep-alive node:https agent of at most C connections; requests beyond C wait in
// the agent's queue, and that wait counts, as latency runs from the scheduled start.
//
// Why not autocannon's overallRate: autocannon 9 paces each connection with a per-second
// budget (lib/httpClient.js: reqsMadeThisSecond < rate, reset every 1000 ms), so requests go
// out in bursts and there is no scheduled time to measure from; its latency starts when a
// request is written (lib/pipelinedRequestsQueue.js); and its correction calls
// recordValueWithExpectedInterval(latency, Math.ceil(1 / rate)) (lib/run.js) with a per-second
// rate where milliseconds are meant, i.e. an expected interval of 1 ms, which back-fills
// synthetic samples from 1 ms up to each latency. Measured against a server answering in a
// constant 20 ms, overallRate 40 over 4 connections for 3 s: 160 requests sent, 2538 latency
// samples, p50 11 ms, min 1 ms (with ignoreCoordinatedOmission: 120 samples, p50 21 ms).
import { Agent } from 'node:https';
import { createClusterClient } from '../../suites/framework/http/client.js';
import { DEFAULT_TIMEOUTS } from '../../suites/framework/timeouts.js';
import { driveOpenLoop, type Answer } from './open-loop-driver.js';
import { requestFor } from './operations.js';
import type { PhaseOptions, PhaseOutcome } from './phase.js';

export interface OpenLoopPhaseOptions extends PhaseOptions {
  /** Requests per second over all connections. */
  rate: number;
  /** Per request, from when it is started. */
  timeoutMs?: number;
}

export async function runOpenLoopPhase(options: OpenLoopPhaseOptions): Promise<PhaseOutcome> {
  const { connection, operation, collections, signal } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUTS.request;
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections, ...connection.tls });
  const client = createClusterClient(
    // retry false: an open loop offers a fixed rate and counts every 429/5xx as the server gave it.
    {
      agent,
      headers: connection.headers,
      timeouts: { request: timeoutMs, watchEvent: timeoutMs },
      retry: false,
    },
    // Request paths run from the server's root (operations.ts), any URL prefix included.
    new URL(options.server).origin,
  );
  const { tag } = options;
  const send = async (index: number): Promise<Answer> => {
    const spec = requestFor(operation, collections, index, tag);
    try {
      const response = await client.request({
        method: spec.method,
        path: spec.path,
        ...(spec.body === undefined
          ? {}
          : { body: spec.body, headers: { 'content-type': spec.contentType ?? 'application/json' } }),
        signal,
      });
      return response.status;
    } catch (error) {
      if (signal.aborted) return 'aborted';
      return /timed out/.test(String(error)) ? 'timeout' : 'connection error';
    }
  };
  const started = performance.now();
  let lastTick = 0;
  try {
    const run = await driveOpenLoop({
      rate: options.rate,
      durationSec: options.durationSec,
      ...(options.maxRequests !== undefined ? { maxCount: options.maxRequests } : {}),
      send,
      signal,
      onSent: () => {
        const elapsed = Math.floor((performance.now() - started) / 1000);
        if (elapsed > lastTick) options.onTick?.((lastTick = elapsed));
      },
    });
    return { operation, ...run, partial: signal.aborted };
  } finally {
    agent.destroy();
  }
}
