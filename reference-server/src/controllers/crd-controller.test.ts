// The CRD controller on a real (in-memory) store: naming, establishing, and instance cleanup.

import { expect } from 'chai';
import type { KubeObject } from '../api/types.js';
import type { CustomResourceDefinition } from '../apiextensions/crd-object.js';
import { crdResourceTypes } from '../apiextensions/crd-types.js';
import { customResourceDefinitions } from '../registry/builtins/crds.js';
import { createObject, deleteObject, getObject } from '../registry/objects.js';
import { createMemoryStore } from '../storage/memory-store.js';
import type { Store } from '../storage/store.js';
import { startCRDController } from './crd-controller.js';
import type { Controller } from './namespace-controller.js';

const schema = { openAPIV3Schema: { type: 'object' as const, 'x-kubernetes-preserve-unknown-fields': true } };

function crd(plural: string, kind: string): KubeObject {
  return {
    metadata: { name: `${plural}.example.com` },
    spec: {
      group: 'example.com',
      scope: 'Cluster',
      names: { plural, kind },
      versions: [{ name: 'v1', served: true, storage: true, schema }],
    },
  };
}

describe('CRD controller', () => {
  let store: Store;
  let controller: Controller;
  const scope = { type: customResourceDefinitions, cluster: 'c1' };
  const read = async (name: string) => (await getObject(store, scope, name)) as CustomResourceDefinition;
  const condition = (c: CustomResourceDefinition, type: string) =>
    c.status?.conditions?.find((x) => x.type === type);
  async function until(check: () => Promise<boolean>): Promise<void> {
    for (let i = 0; i < 200; i++) {
      await controller.idle();
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('condition not reached within 2 s');
  }

  beforeEach(async () => {
    store = createMemoryStore();
    controller = await startCRDController({ store, log: () => undefined });
  });
  afterEach(async () => {
    controller.stop();
    await store.close();
  });

  it('accepts the names and establishes the CRD; a conflicting CRD waits until the names are free', async () => {
    await createObject(store, scope, crd('widgets', 'Widget'));
    await until(async () => condition(await read('widgets.example.com'), 'Established')?.status === 'True');
    const widgets = await read('widgets.example.com');
    expect(condition(widgets, 'NamesAccepted')).to.include({ status: 'True', reason: 'NoConflicts' });
    expect(condition(widgets, 'Established')).to.include({ reason: 'InitialNamesAccepted' });
    expect(widgets.status?.acceptedNames).to.include({
      plural: 'widgets',
      kind: 'Widget',
      listKind: 'WidgetList',
    });

    await createObject(store, scope, crd('gizmos', 'Widget'));
    await until(async () => condition(await read('gizmos.example.com'), 'NamesAccepted')?.status === 'False');
    expect(condition(await read('gizmos.example.com'), 'Established')).to.include({
      status: 'False',
      reason: 'NotAccepted',
    });

    await deleteObject(store, scope, 'widgets.example.com');
    await until(async () => condition(await read('gizmos.example.com'), 'Established')?.status === 'True');
  });

  it('deletes the instances of a deleted CRD before releasing it', async () => {
    await createObject(store, scope, crd('widgets', 'Widget'));
    await until(async () => condition(await read('widgets.example.com'), 'Established')?.status === 'True');
    const type = crdResourceTypes(await read('widgets.example.com'))[0]!;
    await createObject(
      store,
      { type, cluster: 'c1' },
      { apiVersion: 'example.com/v1', metadata: { name: 'w' } },
    );
    // An instance in another workspace is not touched.
    await createObject(
      store,
      { type, cluster: 'c2' },
      { apiVersion: 'example.com/v1', metadata: { name: 'w' } },
    );
    const marked = await deleteObject(store, scope, 'widgets.example.com');
    expect(marked.deleted).to.equal(false);
    await until(
      async () =>
        (await store.get(
          '/registry/apiextensions.k8s.io/customresourcedefinitions/c1/widgets.example.com',
        )) === undefined,
    );
    expect(await store.count('/registry/example.com/widgets/c1/')).to.equal(0);
    expect(await store.count('/registry/example.com/widgets/c2/')).to.equal(1);
  });
});
