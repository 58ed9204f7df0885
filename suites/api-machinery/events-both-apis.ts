import { expect } from 'chai';
import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { expectFailureStatus, expectStatusCode, type KubeList, type KubeObject } from '../framework/kube.js';
import { AREA } from './area.js';

// core/v1 and events.k8s.io/v1 Events are one storage in Kubernetes: each API reads what the
// other wrote, with its own field names, and field selectors use each API's names.

type Event = KubeObject & Record<string, unknown>;

const corePath = (ns: string) => `/api/v1/namespaces/${ns}/events`;
const eventsPath = (ns: string) => `/apis/events.k8s.io/v1/namespaces/${ns}/events`;

export const eventsBothApis: ConformanceTest = {
  id: `${AREA}/events-both-apis`,
  area: AREA,
  description:
    'An Event written through core/v1 or events.k8s.io/v1 MUST be readable through the other API with ' +
    'its fields converted (message/note, involvedObject/regarding, reportingComponent/reportingController, ' +
    'source/deprecatedSource, count/deprecatedCount), lists of either API MUST filter by that API’s field ' +
    'selectors, and events.k8s.io/v1 MUST refuse an Event without eventTime as Invalid.',
  level: 'MUST',
  features: [Feature.Events],
  source: [
    'kubernetes: pkg/apis/events/v1/conversion.go',
    'kubernetes: pkg/apis/core/validation/events.go',
    'kubernetes: pkg/registry/core/event/strategy.go',
    'kubernetes: test/e2e/instrumentation/events.go',
  ],
  async run({ client, namespace, uniqueName }) {
    const target = uniqueName('target');
    const coreName = uniqueName('core-ev');
    const v1Name = uniqueName('v1-ev');
    const regarding = { apiVersion: 'v1', kind: 'ConfigMap', name: target, namespace };

    expectStatusCode(
      await client.post(corePath(namespace), {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: coreName },
        involvedObject: regarding,
        reason: 'Tested',
        message: 'written through core/v1',
        source: { component: 'core-writer', host: 'node-a' },
        type: 'Normal',
        count: 3,
        firstTimestamp: '2026-01-01T10:00:00Z',
        lastTimestamp: '2026-01-01T10:05:00Z',
      }),
      201,
    );
    const asV1 = expectStatusCode(await client.get<Event>(`${eventsPath(namespace)}/${coreName}`), 200);
    expect(asV1).to.include({
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      note: 'written through core/v1',
      reason: 'Tested',
      type: 'Normal',
      deprecatedCount: 3,
      deprecatedFirstTimestamp: '2026-01-01T10:00:00Z',
      deprecatedLastTimestamp: '2026-01-01T10:05:00Z',
    });
    expect(asV1.regarding).to.deep.equal(regarding);
    expect(asV1.deprecatedSource).to.deep.equal({ component: 'core-writer', host: 'node-a' });
    expect(asV1).not.to.have.property('message');

    expectStatusCode(
      await client.post(eventsPath(namespace), {
        apiVersion: 'events.k8s.io/v1',
        kind: 'Event',
        metadata: { name: v1Name },
        eventTime: '2026-01-01T10:00:00.123456Z',
        reportingController: 'example.com/writer',
        reportingInstance: 'writer-1',
        action: 'Testing',
        reason: 'Tested',
        regarding,
        note: 'written through events.k8s.io/v1',
        type: 'Warning',
      }),
      201,
    );
    const asCore = expectStatusCode(await client.get<Event>(`${corePath(namespace)}/${v1Name}`), 200);
    expect(asCore).to.include({
      apiVersion: 'v1',
      kind: 'Event',
      message: 'written through events.k8s.io/v1',
      reportingComponent: 'example.com/writer',
      reportingInstance: 'writer-1',
      action: 'Testing',
      eventTime: '2026-01-01T10:00:00.123456Z',
      type: 'Warning',
    });
    expect(asCore.involvedObject).to.deep.equal(regarding);

    const names = async (path: string, fieldSelector: string) =>
      expectStatusCode(await client.get<KubeList<Event>>(path, { query: { fieldSelector } }), 200)
        .items.map((e) => e.metadata.name)
        .sort();
    const both = [coreName, v1Name].sort();
    expect(await names(corePath(namespace), `involvedObject.name=${target}`)).to.deep.equal(both);
    expect(await names(eventsPath(namespace), `regarding.name=${target}`)).to.deep.equal(both);
    expect(await names(corePath(namespace), `involvedObject.name=${target},type=Warning`)).to.deep.equal([
      v1Name,
    ]);
    expect(
      await names(corePath(namespace), `involvedObject.name=${target},source=core-writer`),
    ).to.deep.equal([coreName]);
    expect(
      await names(eventsPath(namespace), `regarding.name=${target},reportingController=example.com/writer`),
    ).to.deep.equal([v1Name]);

    const invalid = expectFailureStatus(
      await client.post(eventsPath(namespace), {
        apiVersion: 'events.k8s.io/v1',
        kind: 'Event',
        metadata: { name: uniqueName('no-time') },
        reportingController: 'example.com/writer',
        reportingInstance: 'writer-1',
        action: 'Testing',
        reason: 'Tested',
        regarding,
        type: 'Normal',
      }),
      422,
      'Invalid',
    );
    expect(invalid.details?.causes?.map((c) => c.field)).to.include('eventTime');
  },
};
