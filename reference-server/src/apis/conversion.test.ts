import { expect } from 'chai';
import { convertBinding, convertExport } from './conversion.js';

const v1 = 'apis.kcp.io/v1alpha1';
const v2 = 'apis.kcp.io/v1alpha2';

describe('apis.kcp.io conversion between v1alpha1 and v1alpha2', () => {
  it('turns v1alpha1 latestResourceSchemas into CRD-backed v1alpha2 resources and back', () => {
    const old = {
      apiVersion: v1,
      kind: 'APIExport',
      metadata: { name: 'today-cowboys' },
      spec: { latestResourceSchemas: ['today.cowboys.wildwest.dev', 'v1.configmaps.core'] },
    };
    const next = convertExport(old, v2);
    expect(next.spec).to.deep.equal({
      resources: [
        {
          group: 'wildwest.dev',
          name: 'cowboys',
          schema: 'today.cowboys.wildwest.dev',
          storage: { crd: {} },
        },
        { group: '', name: 'configmaps', schema: 'v1.configmaps.core', storage: { crd: {} } },
      ],
    });
    expect(next.metadata).to.deep.equal({ name: 'today-cowboys' });
    expect(convertExport(next, v1)).to.deep.equal(old);
  });

  it('keeps what v1alpha1 cannot say in annotations and restores it', () => {
    const virtual = {
      group: 'wildwest.dev',
      name: 'sheriffs',
      schema: 'today.sheriffs.wildwest.dev',
      storage: { virtual: { reference: { kind: 'Endpoints', name: 'x' }, identityHash: 'abc' } },
    };
    const exported = {
      apiVersion: v2,
      kind: 'APIExport',
      metadata: { name: 'e' },
      spec: {
        resources: [
          {
            group: 'wildwest.dev',
            name: 'cowboys',
            schema: 'today.cowboys.wildwest.dev',
            storage: { crd: {} },
          },
          virtual,
        ],
        permissionClaims: [
          { group: '', resource: 'configmaps', verbs: ['get', 'list'] },
          { group: '', resource: 'secrets', verbs: ['*'] },
        ],
      },
    };
    const old = convertExport(exported, v1);
    expect((old.spec as { latestResourceSchemas: string[] }).latestResourceSchemas).to.deep.equal([
      'today.cowboys.wildwest.dev',
    ]);
    expect(old.metadata?.annotations?.['apis.v1alpha2.kcp.io/resource-schemas']).to.equal(
      JSON.stringify([virtual]),
    );
    expect(JSON.parse(old.metadata!.annotations!['apis.v1alpha2.kcp.io/permission-claims']!)).to.deep.equal([
      { group: '', resource: 'configmaps', verbs: ['get', 'list'] },
    ]);
    const back = convertExport(old, v2);
    expect(back.spec).to.deep.equal(exported.spec);
    expect(back.metadata?.annotations?.['apis.v1alpha2.kcp.io/v1alpha1-permission-claims']).to.be.a('string');
  });

  it('gives v1alpha1 binding claims verbs ["*"] and a matchAll selector in v1alpha2', () => {
    const old = {
      apiVersion: v1,
      kind: 'APIBinding',
      metadata: { name: 'b' },
      spec: {
        reference: { export: { path: 'root:provider', name: 'today-cowboys' } },
        permissionClaims: [{ group: '', resource: 'configmaps', all: true, state: 'Accepted' }],
      },
      status: { phase: 'Bound', apiExportClusterName: 'abc' },
    };
    const next = convertBinding(old, v2);
    expect(next.spec).to.deep.equal({
      reference: { export: { path: 'root:provider', name: 'today-cowboys' } },
      permissionClaims: [
        { group: '', resource: 'configmaps', state: 'Accepted', verbs: ['*'], selector: { matchAll: true } },
      ],
    });
    expect(next.status).to.deep.equal(old.status);
    expect(next.metadata?.annotations).to.equal(undefined);
    expect(convertBinding(next, v1)).to.deep.equal(old);
  });

  it('leaves an object already in the asked version alone', () => {
    const obj = { apiVersion: v2, kind: 'APIBinding', metadata: { name: 'b' } };
    expect(convertBinding(obj, v2)).to.equal(obj);
  });
});
