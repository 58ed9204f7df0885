// Watches of custom resources: a CRD's schema may change while clients watch its objects (a
// controller upgrade adds a field). Kubernetes ends those watches when the CRD changes; resumed
// from their last resourceVersion they must lose nothing, and the new field must not be pruned
// from events once the schema declares it.
import { expect } from 'chai';
import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import {
  describeResponse,
  expectStatusCode,
  mergePatch,
  type KubeList,
  type KubeObject,
} from '../framework/kube.js';
import {
  CRDS,
  crd,
  createEstablished,
  deleteCrd,
  waitServed,
  type CrdObject,
} from '../api-machinery/crd-support.js';
import { AREA } from './area.js';
import { describeEvent, resumingWatch } from './watch-support.js';

const specSchema = (properties: Record<string, unknown>) => ({
  openAPIV3Schema: {
    type: 'object',
    properties: { spec: { type: 'object', properties } },
  },
});

export const customResourceSchemaChange: ConformanceTest = {
  id: `${AREA}/custom-resource-schema-change`,
  area: AREA,
  description:
    'A watch of custom resources, resumed from its last resourceVersion whenever the server ends it, MUST ' +
    "deliver every write exactly once and in order across an update of the CRD's schema (a resumption MAY be " +
    'answered 410 Expired; then the list MUST show what the watch did not deliver), and objects written ' +
    'after the schema declares a new field MUST carry that field in their events (before, it is pruned).',
  level: 'MUST',
  features: [Feature.CustomResourceDefinitions, Feature.CRDValidation, Feature.Watch, Feature.Namespaces],
  source: [
    'kubernetes: staging/src/k8s.io/apiextensions-apiserver/pkg/apiserver/customresource_handler.go',
    'kubernetes: staging/src/k8s.io/apiextensions-apiserver/test/integration/change_test.go',
  ],
  // Seen on kcp v0.32 with 4 tests at once: the first watch, from the list's resourceVersion, was
  // answered 410 because the new CRD's watch cache started at a later revision of the shard. The
  // resuming watch relists then (watch-support.ts), so the test runs beside others: checked twice
  // on kcp v0.32 with 4 at once and the watch and api-machinery tests beside it.
  async run(ctx) {
    const { client, namespace, uniqueName, signal } = ctx;
    const group = `${uniqueName('wcr')}.kh.example.com`;
    const definition = crd(group, 'lamps', 'Lamp', [
      { name: 'v1', served: true, storage: true, schema: specSchema({ color: { type: 'string' } }) },
    ]);
    await createEstablished(ctx, client, definition);
    try {
      const collection = `/apis/${group}/v1/namespaces/${namespace}/lamps`;
      await waitServed(ctx, client, collection);
      const list = expectStatusCode(await client.get<KubeList>(collection), 200);
      const watch = await resumingWatch(client, {
        path: collection,
        resourceVersion: list.metadata.resourceVersion,
        signal,
      });
      try {
        const lamp = (name: string) => ({
          apiVersion: `${group}/v1`,
          kind: 'Lamp',
          metadata: { name },
          spec: { color: 'red', watts: 40 },
        });
        const written: string[] = [];
        const seen: string[] = [];
        const before = expectStatusCode(await client.post<KubeObject>(collection, lamp('before')), 201);
        expect(before.spec, 'undeclared field pruned').to.deep.equal({ color: 'red' });
        written.push(`ADDED before@${before.metadata.resourceVersion}`);
        seen.push(describeEvent(await watch.next()));

        const current = expectStatusCode(
          await client.get<CrdObject>(`${CRDS}/${definition.metadata.name}`),
          200,
        );
        const versions = current.spec.versions.map((v) => ({
          ...v,
          schema: specSchema({ color: { type: 'string' }, watts: { type: 'integer' } }),
        }));
        expectStatusCode(
          await mergePatch(client, `${CRDS}/${definition.metadata.name}`, { spec: { versions } }),
          200,
        );

        // The new schema applies once the server has picked it up: write until watts survives.
        // Kubernetes ends the watches of a CRD's objects when the CRD changes; the watch resumes
        // from the last resourceVersion it saw, as a reflector does, and must miss nothing.
        await ctx.eventually(
          async () => {
            const name = `after-${written.length}`;
            const response = await client.post<KubeObject>(collection, lamp(name));
            expect(response.status, describeResponse(response)).to.equal(201);
            written.push(`ADDED ${name}@${response.body.metadata.resourceVersion}`);
            const event = await watch.next();
            seen.push(describeEvent(event));
            expect((event.object as KubeObject).spec, `${name} in its event`).to.deep.equal({
              color: 'red',
              watts: 40,
            });
          },
          { description: 'an object written after the schema change keeps spec.watts' },
        );
        ctx.log(
          `the server ended the watch ${watch.reopened} time(s) across the schema change; ` +
            `${watch.relisted} resumption(s) answered 410 Expired and relisted`,
        );
        expect(seen, 'every write seen once, in order, across the schema change').to.deep.equal(written);
      } finally {
        watch.close();
      }
    } finally {
      await deleteCrd(client, definition.metadata.name);
    }
  },
};
