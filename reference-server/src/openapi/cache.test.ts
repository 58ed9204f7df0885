import { expect } from 'chai';
import { builtinTypes } from '../registry/catalog.js';
import { createOpenAPICache, fingerprint } from './cache.js';

describe('openapi cache', () => {
  it('shares one document set between clusters serving the same types', () => {
    const cache = createOpenAPICache();
    const a = cache.documentsFor('a', builtinTypes);
    expect(cache.documentsFor('b', [...builtinTypes])).to.equal(a);
    expect(cache.documentsFor('a', builtinTypes)).to.equal(a);
  });

  it('builds new documents and hashes when a cluster’s types change', () => {
    const cache = createOpenAPICache();
    const before = cache.documentsFor('a', builtinTypes);
    const leases = builtinTypes.find((t) => t.names.plural === 'leases')!;
    const changed = builtinTypes.map((t) =>
      t === leases
        ? { ...t, schema: { type: 'object' as const, properties: { spec: { type: 'object' as const } } } }
        : t,
    );
    expect(fingerprint(changed)).not.to.equal(fingerprint(builtinTypes));
    const after = cache.documentsFor('a', changed);
    expect(after).not.to.equal(before);
    expect(after.v3.get('apis/coordination.k8s.io/v1')!.hash).not.to.equal(
      before.v3.get('apis/coordination.k8s.io/v1')!.hash,
    );
    expect(after.v3.get('api/v1')!.hash).to.equal(before.v3.get('api/v1')!.hash);
    expect(after.index.hash).not.to.equal(before.index.hash);
  });

  it('names every v3 document in the index by its hash', () => {
    const set = createOpenAPICache().documentsFor('a', builtinTypes);
    const index = JSON.parse(set.index.body.toString()) as {
      paths: Record<string, { serverRelativeURL: string }>;
    };
    expect(Object.keys(index.paths).sort()).to.deep.equal([...set.v3.keys()].sort());
    for (const [key, d] of set.v3) {
      expect(index.paths[key]!.serverRelativeURL).to.equal(`/openapi/v3/${key}?hash=${d.hash}`);
      expect(d.hash).to.match(/^[0-9A-F]{128}$/);
    }
  });
});
