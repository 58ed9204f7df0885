// Expected results were probed on real kcp (v0.32 build, Kubernetes 1.36) on 2026-11-21 in
// root:h1-schema: fieldValidation=Strict answered `strict decoding error: unknown field
// "spec.emb.other", ..., unknown field "spec.emb.metadata.junk"` and fieldValidation=Warn sent one
// `299 - "unknown field \"metadata.junk\""` Warning header per path in the order below;
// defaults were read back from a dryRun create.

import { expect } from 'chai';
import { applyDefaults, pruneObject } from './index.js';
import { widgetSchema } from './testdata.js';

describe('apiextensions/schema pruning and defaulting (probed on kcp)', () => {
  it('prunes unknown fields and reports them like kube', () => {
    const obj: Record<string, unknown> = {
      apiVersion: 'h1.example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w', junk: 1 },
      spec: {
        name: 'ab',
        foo: 1,
        nested: { bar: 2, deep: { z: 1 } },
        free: { any: { x: 1 } },
        emb: {
          apiVersion: 'v1',
          kind: 'X',
          metadata: { name: 'q', junk: 1 },
          spec: { a: '1', b: 2 },
          other: 3,
        },
        ports: [{ name: 'a', zz: 1 }],
        labels: { k: 'v' },
      },
    };
    expect(pruneObject(widgetSchema, obj)).to.deep.equal([
      'metadata.junk',
      'spec.emb.other',
      'spec.emb.spec.b',
      'spec.foo',
      'spec.nested.bar',
      'spec.nested.deep.z',
      'spec.ports[0].zz',
      'spec.emb.metadata.junk',
    ]);
    expect(obj).to.deep.equal({
      apiVersion: 'h1.example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w' },
      spec: {
        name: 'ab',
        nested: { deep: {} },
        free: { any: { x: 1 } },
        emb: { apiVersion: 'v1', kind: 'X', metadata: { name: 'q' }, spec: { a: '1' } },
        ports: [{ name: 'a' }],
        labels: { k: 'v' },
      },
    });
  });

  it('keeps status and prunes nothing from a clean object', () => {
    const obj = {
      apiVersion: 'a/v1',
      kind: 'Widget',
      metadata: { name: 'w' },
      spec: { name: 'ab' },
      status: { ok: true },
    };
    expect(pruneObject(widgetSchema, obj)).to.deep.equal([]);
  });

  it('applies defaults, nested defaults, and drops non-nullable nulls', () => {
    const spec = { name: 'ab', nested: {}, ports: [{ name: 'a' }], flag: null, labels: null };
    const obj = { spec };
    applyDefaults(widgetSchema, obj);
    expect(obj.spec).to.deep.equal({
      flag: null,
      maxReplicas: 5,
      name: 'ab',
      nested: { deep: { x: 7 } },
      ports: [{ name: 'a', proto: 'TCP' }],
    });
  });

  it('drops a null object without default (spec.nested: null)', () => {
    const obj = { spec: { name: 'ab', nested: null } };
    applyDefaults(widgetSchema, obj);
    expect(obj.spec).to.deep.equal({ name: 'ab', maxReplicas: 5 });
  });
});
