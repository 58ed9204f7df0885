// Maximum throughput, closed loop: autocannon keeps C connections busy, each sending its next
// request as soon as the previous answer arrives, for the phase's duration. Latencies are taken
// from autocannon's per-response event (send → answer) into our own microsecond histogram;
// autocannon's own histogram has millisecond resolution and only an aggregate summary.
//
// TLS: the kubeconfig's CA (and client certificate, if any) go in `tlsOptions`, the documented
// way. autocannon 9 however spreads `rejectUnauthorized: false` over them in tls.connect
// (lib/httpClient.js _connect), so it does not verify the server certificate; the harness's
// own client, which set the run up against the same server, does.
import autocannon from 'autocannon';
import { createLatencyRecorder } from '../framework/histogram.js';
import { requestFor } from './operations.js';
import { countError, type PhaseOptions, type PhaseOutcome } from './phase.js';

export async function runClosedLoopPhase(options: PhaseOptions): Promise<PhaseOutcome> {
  const { connection, operation, collections, signal } = options;
  const latency = createLatencyRecorder();
  let sequence = 0;
  const { tag } = options;
  const first = requestFor(operation, collections, 0, tag);
  const { ca, cert, key, servername } = connection.tls;

  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.server,
        connections: options.connections,
        duration: options.durationSec,
        // amount overrides duration: DELETE stops when everything CREATE made is gone.
        ...(options.maxRequests !== undefined ? { amount: options.maxRequests } : {}),
        headers: { accept: 'application/json', 'content-type': 'application/json', ...connection.headers },
        tlsOptions: { ca, cert, key },
        ...(servername ? { servername } : {}),
        requests: [
          {
            method: first.method,
            path: first.path,
            // Called for every request: the next workspace round-robin and, for CREATE, a fresh
            // name. One counter across connections keeps names unique within the run.
            setupRequest: (request) => {
              const next = requestFor(operation, collections, sequence++, tag);
              const headers = next.contentType
                ? { ...request.headers, 'content-type': next.contentType }
                : request.headers;
              return { ...request, method: next.method, path: next.path, body: next.body, headers };
            },
          },
        ],
      },
      (error: unknown, finished: autocannon.Result) => (error ? reject(error) : resolve(finished)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latency.record(responseTime);
    });
    let ticks = 0;
    instance.on('tick', () => options.onTick?.((ticks += 1)));
    const stop = (): void => instance.stop();
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
    instance.on('done', () => signal.removeEventListener('abort', stop));
  });

  const errors: Record<string, number> = {};
  let succeeded = 0;
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) {
    const count = Number(stat.count ?? 0);
    if (code.startsWith('2')) succeeded += count;
    else countError(errors, code, count);
  }
  countError(errors, 'timeout', result.timeouts);
  countError(errors, 'connection error', result.errors - result.timeouts);
  return {
    operation,
    sent: result.requests.sent,
    succeeded,
    // autocannon's own window: from its start to the stop, without set-up and tear-down.
    durationSec: result.duration,
    latency: latency.summary(),
    errors,
    partial: signal.aborted,
  };
}
