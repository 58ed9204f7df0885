import { expect } from 'chai';
import {
  json,
  startScriptedServer,
  status,
  watchEvents,
  type ScriptedServer,
} from '../../../tests/support/scripted-https-server.js';
import { MAX_RETRIES, newRetryCounter, retryAfterMs, withRetryScope, type RetryScope } from './retry.js';

/** A run-level scope that keeps its log lines. */
function recordingScope(extra: Partial<RetryScope> = {}): RetryScope & { lines: string[] } {
  const lines: string[] = [];
  return {
    source: 'unit',
    write: (source, message) => lines.push(`[${source}] ${message}`),
    counter: newRetryCounter(),
    lines,
    ...extra,
  };
}

const initializing = (retryAfter = '0') =>
  status(429, 'TooManyRequests', 'storage is (re)initializing', { 'retry-after': retryAfter });

describe('HTTP retries (client-go checkWait)', () => {
  let server: ScriptedServer;
  before(async () => {
    server = await startScriptedServer();
  });
  after(async () => server.close());
  beforeEach(() => {
    server.requests.length = 0;
  });

  it('asks for a retry only for 429 and 5xx with an integer Retry-After', () => {
    const h = (value: string) => ({ 'retry-after': value });
    expect(retryAfterMs({ status: 429, headers: h('1') })).to.equal(1000);
    expect(retryAfterMs({ status: 503, headers: h(' 2 ') })).to.equal(2000);
    expect(retryAfterMs({ status: 504, headers: h('0') })).to.equal(0);
    expect(retryAfterMs({ status: 429, headers: {} })).to.equal(undefined);
    expect(retryAfterMs({ status: 500, headers: {} })).to.equal(undefined);
    expect(retryAfterMs({ status: 409, headers: h('1') })).to.equal(undefined);
    expect(retryAfterMs({ status: 429, headers: h('Wed, 21 Oct 2015 07:28:00 GMT') })).to.equal(undefined);
  });

  it('sends a request again after 429 with Retry-After and logs each retry with method, path, code and reason', async () => {
    server.script(initializing('1'), initializing('0'), json(201, { kind: 'Widget' }));
    const scope = recordingScope();
    const started = Date.now();
    const response = await withRetryScope(scope, () =>
      server.client().post<{ kind: string }>('/apis/example.com/v1/widgets', { kind: 'Widget' }),
    );
    expect(response.status).to.equal(201);
    expect(response.body.kind).to.equal('Widget');
    expect(Date.now() - started, 'waited the Retry-After second').to.be.at.least(950);
    expect(server.requests).to.deep.equal([
      'POST /apis/example.com/v1/widgets',
      'POST /apis/example.com/v1/widgets',
      'POST /apis/example.com/v1/widgets',
    ]);
    expect(scope.counter).to.deep.equal({ total: 2, byAnswer: { '429 TooManyRequests': 2 } });
    expect(scope.lines).to.deep.equal([
      '[unit] HTTP retry 1/10: POST /apis/example.com/v1/widgets answered 429 TooManyRequests: storage is (re)initializing (Retry-After 1 s); 1 retry in this run',
      '[unit] HTTP retry 2/10: POST /apis/example.com/v1/widgets answered 429 TooManyRequests: storage is (re)initializing (Retry-After 0 s); 2 retries in this run',
    ]);
  });

  it('retries a 5xx only when it carries Retry-After', async () => {
    server.script(
      status(503, 'ServiceUnavailable', 'Not available.', { 'retry-after': '0' }),
      status(500, 'InternalError', 'boom'),
    );
    const response = await server.client().get('/api');
    expect(response.status).to.equal(500);
    expect(server.requests).to.have.length(2);
  });

  it(`gives up after ${MAX_RETRIES} retries and returns the last answer`, async () => {
    server.script(...Array.from({ length: MAX_RETRIES + 1 }, () => initializing()));
    const scope = recordingScope();
    const response = await withRetryScope(scope, () => server.client().get('/api/v1/configmaps'));
    expect(response.status).to.equal(429);
    expect(server.requests).to.have.length(MAX_RETRIES + 1);
    expect(scope.counter.total).to.equal(MAX_RETRIES);
    expect(scope.lines.at(-1)).to.match(
      /^\[unit\] HTTP not retried: GET \/api\/v1\/configmaps answered 429 .*: 10 retries made already$/,
    );
  });

  it('does not retry when the wait would pass the request deadline, nor with retry: false', async () => {
    server.script(initializing('5'));
    const scope = recordingScope();
    const started = Date.now();
    const response = await withRetryScope(scope, () =>
      server.client({ request: 2_000 }).get('/api/v1/configmaps'),
    );
    expect(response.status).to.equal(429);
    expect(Date.now() - started).to.be.below(1_000);
    expect(scope.lines[0]).to.match(
      /HTTP not retried: .*: the wait would pass the request deadline \(\d+ ms left\)$/,
    );

    server.script(
      status(504, 'Timeout', 'Timeout: Too large resource version: 9, current: 1', { 'retry-after': '1' }),
    );
    const asserted = await server
      .client()
      .get('/api/v1/configmaps', { query: { resourceVersion: '9' }, retry: false });
    expect(asserted.status).to.equal(504);
    expect(server.requests).to.have.length(2);
  });

  it("does not retry past the test's deadline and stops waiting when the test's signal aborts", async () => {
    server.script(initializing('2'));
    const late = recordingScope({ deadline: Date.now() + 1_000 });
    const response = await withRetryScope(late, () => server.client().get('/x'));
    expect(response.status).to.equal(429);
    expect(late.lines[0]).to.match(/the wait would pass the test deadline/);

    server.script(initializing('3'));
    const controller = new AbortController();
    const aborting = recordingScope({ signal: controller.signal });
    setTimeout(() => controller.abort(new Error('test did not finish within 300 ms')), 300);
    const started = Date.now();
    const error = await withRetryScope(aborting, () => server.client().get('/y')).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).to.match(
      /^GET https:\/\/127\.0\.0\.1:\d+\/y failed: test did not finish within 300 ms$/,
    );
    expect(Date.now() - started).to.be.below(2_000);
  });

  it('retries a watch request answered 429 with Retry-After, like any other', async () => {
    server.script(
      initializing(),
      watchEvents([{ type: 'ADDED', object: { kind: 'ConfigMap', metadata: { name: 'a' } } }]),
    );
    const scope = recordingScope();
    const watch = await withRetryScope(scope, () => server.client().watch({ path: '/api/v1/configmaps' }));
    try {
      expect((await watch.next()).type).to.equal('ADDED');
    } finally {
      watch.close();
    }
    expect(scope.counter.total).to.equal(1);
    expect(scope.lines[0]).to.match(
      /^\[unit\] HTTP retry 1\/10: GET \/api\/v1\/configmaps answered 429 TooManyRequests/,
    );
  });

  it('does not retry when the transport says so (a load generator sees every answer)', async () => {
    server.script(initializing());
    const response = await server.client({}, { retry: false }).get('/api');
    expect(response.status).to.equal(429);
    expect(server.requests).to.have.length(1);
  });
});
