import { expect } from 'chai';
import {
  startScriptedServer,
  status,
  watchEvents,
  type ScriptedServer,
} from '../../../tests/support/scripted-https-server.js';
import { WatchErrorEvent, WatchRefusedError } from './watch.js';

const expired = {
  type: 'ERROR',
  object: {
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Failure',
    code: 410,
    reason: 'Expired',
    message: 'too old resource version: 1 (42)',
  },
};
const added = { type: 'ADDED', object: { kind: 'ConfigMap', metadata: { name: 'a', resourceVersion: '7' } } };

async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as Error,
  );
}

describe('watch streams', () => {
  let server: ScriptedServer;
  before(async () => {
    server = await startScriptedServer();
  });
  after(async () => server.close());

  it("throws a first ERROR event as a WatchErrorEvent with the Status's code, reason and message", async () => {
    server.script(watchEvents([expired], { keepOpen: true }));
    const watch = await server.client().watch({ path: '/api/v1/configmaps', resourceVersion: '1' });
    try {
      const error = await rejection(watch.next());
      expect(error).to.be.instanceOf(WatchErrorEvent);
      const event = error as WatchErrorEvent;
      expect([event.code, event.reason, event.first]).to.deep.equal([410, 'Expired', true]);
      expect(event.message).to.match(
        /^watch https:\/\/127\.0\.0\.1:\d+\/api\/v1\/configmaps\?watch=true&resourceVersion=1: the server's first event was ERROR: 410 Expired: too old resource version: 1 \(42\)$/,
      );
    } finally {
      watch.close();
    }
  });

  it('ends nextMatching at an ERROR event instead of timing out', async () => {
    server.script(watchEvents([added, expired], { keepOpen: true }));
    const watch = await server.client().watch({ path: '/api/v1/configmaps' });
    try {
      const started = Date.now();
      const error = await rejection(watch.nextMatching((event) => event.type === 'DELETED', 5_000));
      expect(error).to.be.instanceOf(WatchErrorEvent);
      expect((error as WatchErrorEvent).first).to.equal(false);
      expect(Date.now() - started).to.be.below(2_000);
    } finally {
      watch.close();
    }
  });

  it("delivers ERROR events as events with errorEvents: 'deliver'", async () => {
    server.script(watchEvents([expired]));
    const watch = await server.client().watch({ path: '/api/v1/configmaps', errorEvents: 'deliver' });
    try {
      const event = await watch.next();
      expect(event).to.deep.equal(expired);
    } finally {
      watch.close();
    }
  });

  it('refuses a watch answered with another status, carrying code and Status text', async () => {
    server.script(status(403, 'Forbidden', 'configmaps is forbidden'));
    const error = await rejection(server.client().watch({ path: '/api/v1/configmaps' }));
    expect(error).to.be.instanceOf(WatchRefusedError);
    expect((error as WatchRefusedError).code).to.equal(403);
    expect(error.message).to.match(/expected HTTP 200, got 403 Forbidden: configmaps is forbidden$/);
  });
});
