import { expect } from 'chai';
import {
  startScriptedServer,
  status,
  watchEvents,
  type ScriptedServer,
} from '../../tests/support/scripted-https-server.js';
import { INITIAL_EVENTS_END, probeWatchList } from './watch-list-probe.js';

const bookmark = (annotations: Record<string, string>) => ({
  type: 'BOOKMARK',
  object: { kind: 'Namespace', apiVersion: 'v1', metadata: { resourceVersion: '812', annotations } },
});

// The answers stand in for servers with and without the WatchList gate; the request is real HTTPS.
describe('WatchList probe', () => {
  let server: ScriptedServer;
  before(async () => {
    server = await startScriptedServer();
  });
  after(async () => server.close());
  beforeEach(() => {
    server.requests.length = 0;
  });

  it('counts only the initial-events-end bookmark as support', async () => {
    server.script(
      watchEvents([bookmark({}), bookmark({ [INITIAL_EVENTS_END]: 'true' })], { keepOpen: true }),
    );
    const probe = await probeWatchList(server.client(), 2_000);
    expect(probe).to.deep.equal({
      supported: true,
      evidence:
        'watch-list probe got the k8s.io/initial-events-end bookmark (resourceVersion 812, after 1 other events)',
    });
    expect(server.requests[0]).to.equal(
      'GET /api/v1/namespaces?labelSelector=kcp-harness.io%2Fwatch-list-probe%3Dnone&sendInitialEvents=true' +
        '&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&timeoutSeconds=3&watch=true',
    );
  });

  it('takes an HTTP 200 whose first event is ERROR as no support, with the Status message', async () => {
    server.script(
      watchEvents([
        {
          type: 'ERROR',
          object: {
            kind: 'Status',
            apiVersion: 'v1',
            status: 'Failure',
            code: 500,
            reason: 'InternalError',
            message: 'Internal error occurred: sendInitialEvents is not supported',
          },
        },
      ]),
    );
    const probe = await probeWatchList(server.client(), 2_000);
    expect(probe).to.deep.equal({
      supported: false,
      evidence:
        "watch-list probe stream's first event was ERROR: 500 InternalError: Internal error occurred: sendInitialEvents is not supported",
    });
  });

  it('takes a refusal, a stream without the bookmark and silence as no support', async () => {
    server.script(
      status(422, 'Invalid', 'ListOptions.meta.k8s.io "" is invalid: sendInitialEvents: Forbidden'),
    );
    expect(await probeWatchList(server.client(), 2_000)).to.deep.equal({
      supported: false,
      evidence:
        'watch-list probe refused: expected HTTP 200, got 422 Invalid: ListOptions.meta.k8s.io "" is invalid: sendInitialEvents: Forbidden',
    });

    server.script(
      watchEvents([{ type: 'ADDED', object: { kind: 'Namespace', metadata: { name: 'default' } } }]),
    );
    expect(await probeWatchList(server.client(), 2_000)).to.deep.equal({
      supported: false,
      evidence:
        'watch-list probe stream ended without the k8s.io/initial-events-end bookmark (1 other events)',
    });

    server.script(watchEvents([], { keepOpen: true }));
    expect(await probeWatchList(server.client(), 300)).to.deep.equal({
      supported: false,
      evidence: 'watch-list probe got no k8s.io/initial-events-end bookmark within 300 ms (0 other events)',
    });
  });
});
