import { expect } from 'chai';
import { createMemoryStore } from '../storage/memory-store.js';
import { objectKey } from '../storage/keys.js';
import { createCRDTypeCache } from './crd-cache.js';
import type { CustomResourceDefinition } from './crd-object.js';

const key = (cluster: string, name: string) =>
  objectKey(
    { group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions' },
    cluster,
    undefined,
    name,
  );

function crd(plural: string, established: boolean): CustomResourceDefinition {
  return {
    metadata: { name: `${plural}.example.com` },
    spec: {
      group: 'example.com',
      scope: 'Cluster',
      names: { plural, kind: 'K', listKind: 'KList', singular: plural },
      versions: [{ name: 'v1', served: true, storage: true }],
    },
    status: {
      acceptedNames: { plural, kind: 'K', listKind: 'KList', singular: plural },
      conditions: [{ type: 'Established', status: established ? 'True' : 'False' }],
    },
  };
}

describe('CRD type cache', () => {
  it('serves Established CRDs per cluster and sees writes at the next read', async () => {
    const store = createMemoryStore();
    const cache = await createCRDTypeCache(store, { maxClusters: 2 });
    try {
      expect((await cache.get('a')).types).to.deep.equal([]);
      await store.create(key('a', 'widgets.example.com'), JSON.stringify(crd('widgets', false)));
      expect((await cache.get('a')).types).to.deep.equal([]);
      const kv = await store.get(key('a', 'widgets.example.com'));
      await store.update(kv!.key, JSON.stringify(crd('widgets', true)), kv!.modRevision);
      expect((await cache.get('a')).types.map((t) => t.names.plural)).to.deep.equal(['widgets']);
      expect((await cache.get('b')).types, 'other clusters').to.deep.equal([]);
      await store.delete(key('a', 'widgets.example.com'));
      expect((await cache.get('a')).types).to.deep.equal([]);
    } finally {
      cache.stop();
      await store.close();
    }
  });
});
