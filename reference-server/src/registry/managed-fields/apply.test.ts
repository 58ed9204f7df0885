import { expect } from 'chai';
import type { KubeObject } from '../../api/types.js';
import { ApiError } from '../../api/status.js';
import type { ResourceType } from '../resource-type.js';
import { applyConfiguration } from './apply.js';
import { emptySet, fieldElement, insert } from './fieldset.js';
import { managerFromUserAgent, trackUpdate, type TrackContext } from './managers.js';
import { fromSchema, typeNodeOf } from './type-info.js';
import { undeclaredFields } from './typed-walk.js';

const configMaps = { group: '', names: { plural: 'configmaps' } } as unknown as ResourceType;

function ctx(now = '2026-01-01T00:00:00Z'): TrackContext {
  return { node: typeNodeOf(configMaps), apiVersion: 'v1', ignored: emptySet(), now };
}

function cm(data: Record<string, string>, extra: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', ...extra }, data };
}

const fieldsOf = (obj: KubeObject) =>
  (obj.metadata?.managedFields as { manager: string; fieldsV1: unknown }[]).map((e) => [
    e.manager,
    e.fieldsV1,
  ]);

function conflictOf(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected a conflict');
}

describe('managed-fields/apply', () => {
  it('creates, re-applies without change, and removes what the applier drops', () => {
    const created = applyConfiguration(
      { live: undefined, config: cm({ a: '1', b: '2' }), manager: 'm', force: false },
      ctx(),
    );
    expect(fieldsOf(created)).to.deep.equal([['m', { 'f:data': { 'f:a': {}, 'f:b': {} } }]]);
    const again = applyConfiguration(
      { live: created, config: cm({ a: '1', b: '2' }), manager: 'm', force: false },
      ctx('2026-01-02T00:00:00Z'),
    );
    expect(again).to.deep.equal(created);
    const dropped = applyConfiguration(
      { live: created, config: cm({ a: '1' }), manager: 'm', force: false },
      ctx(),
    );
    expect(dropped.data).to.deep.equal({ a: '1' });
  });

  it('reports conflicts with kube words and hands fields over when forced', () => {
    const live = applyConfiguration(
      {
        live: undefined,
        config: cm({ a: '1', k: 'k' }, { labels: { l: '1' } }),
        manager: 'm1',
        force: false,
      },
      ctx(),
    );
    const config = cm({ a: '2' }, { labels: { l: '2' } });
    const err = conflictOf(() => applyConfiguration({ live, config, manager: 'm2', force: false }, ctx()));
    expect(err.status.code).to.equal(409);
    expect(err.status.message).to.equal(
      'Apply failed with 2 conflicts: conflicts with "m1":\n- .data.a\n- .metadata.labels.l',
    );
    expect(err.status.details?.causes?.[0]).to.deep.equal({
      reason: 'FieldManagerConflict',
      message: 'conflict with "m1"',
      field: '.data.a',
    });
    const forced = applyConfiguration({ live, config, manager: 'm2', force: true }, ctx());
    expect(forced.data).to.deep.equal({ a: '2', k: 'k' });
    expect(fieldsOf(forced)).to.deep.equal([
      ['m1', { 'f:data': { 'f:k': {} } }],
      ['m2', { 'f:data': { 'f:a': {} }, 'f:metadata': { 'f:labels': { 'f:l': {} } } }],
    ]);
  });

  it('names Update managers with their apiVersion in conflicts', () => {
    const obj = cm({ a: '1' });
    trackUpdate(undefined, obj, 'kubectl-edit', ctx());
    const err = conflictOf(() =>
      applyConfiguration({ live: obj, config: cm({ a: '2' }), manager: 'x', force: false }, ctx()),
    );
    expect(err.status.message).to.equal(
      'Apply failed with 1 conflict: conflict with "kubectl-edit" using v1: .data.a',
    );
  });

  it('gives fields of an object never applied to before-first-apply', () => {
    const live = cm({ a: '1', b: '2' });
    const out = applyConfiguration({ live, config: cm({ a: '1' }), manager: 'm', force: false }, ctx());
    expect(out.data).to.deep.equal({ a: '1', b: '2' });
    const managers = (out.metadata?.managedFields as { manager: string }[]).map((e) => e.manager);
    expect(managers).to.deep.equal(['m', 'before-first-apply']);
  });

  it('merges associative lists by key and keeps items others own', () => {
    const node = fromSchema({
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: {
            ports: {
              type: 'array',
              'x-kubernetes-list-type': 'map',
              'x-kubernetes-list-map-keys': ['name'],
              items: { type: 'object', properties: { name: { type: 'string' }, port: { type: 'integer' } } },
            },
          },
        },
      },
    });
    const c: TrackContext = { node, apiVersion: 'x/v1', ignored: emptySet(), now: '2026-01-01T00:00:00Z' };
    const obj = (ports: unknown[]) => ({
      apiVersion: 'x/v1',
      kind: 'X',
      metadata: { name: 'x' },
      spec: { ports },
    });
    const first = applyConfiguration(
      { live: undefined, config: obj([{ name: 'a', port: 1 }]), manager: 'm1', force: false },
      c,
    );
    const second = applyConfiguration(
      { live: first, config: obj([{ name: 'b', port: 2 }]), manager: 'm2', force: false },
      c,
    );
    expect((second.spec as { ports: unknown }).ports).to.deep.equal([
      { name: 'a', port: 1 },
      { name: 'b', port: 2 },
    ]);
    const fields = (second.metadata?.managedFields as { fieldsV1: unknown }[])[1]!.fieldsV1;
    expect(fields).to.deep.equal({
      'f:spec': { 'f:ports': { 'k:{"name":"b"}': { '.': {}, 'f:name': {}, 'f:port': {} } } },
    });
    const removed = applyConfiguration({ live: second, config: obj([]), manager: 'm1', force: false }, c);
    expect((removed.spec as { ports: unknown }).ports).to.deep.equal([{ name: 'b', port: 2 }]);
  });
});

describe('managed-fields/managers', () => {
  it("records Updates, merges a manager's entries, and resets on []", () => {
    const created = cm({ a: '1' }, { labels: { l: '1' } });
    trackUpdate(undefined, created, 'maker', ctx());
    expect(fieldsOf(created)).to.deep.equal([
      ['maker', { 'f:data': { '.': {}, 'f:a': {} }, 'f:metadata': { 'f:labels': { '.': {}, 'f:l': {} } } }],
    ]);
    const next = structuredClone(created);
    next.data = { a: '2', b: '3' };
    trackUpdate(created, next, 'patcher', ctx());
    expect(fieldsOf(next)).to.deep.equal([
      ['maker', { 'f:data': {}, 'f:metadata': { 'f:labels': { '.': {}, 'f:l': {} } } }],
      ['patcher', { 'f:data': { 'f:a': {}, 'f:b': {} } }],
    ]);
    const reset = structuredClone(next);
    reset.metadata!.managedFields = [];
    trackUpdate(next, reset, 'x', ctx());
    expect(reset.metadata?.managedFields).to.equal(undefined);
    const later = structuredClone(reset);
    later.data = { z: '1' };
    trackUpdate(reset, later, 'x', ctx());
    expect(later.metadata?.managedFields).to.equal(undefined);
  });

  it('caps Update managers at 10, folding the oldest into ancient-changes', () => {
    let obj = cm({ k0: 'v' });
    trackUpdate(undefined, obj, 'm0', ctx());
    for (let i = 1; i <= 11; i++) {
      const next = structuredClone(obj);
      next.data = { ...(next.data as object), [`k${i}`]: 'v' };
      trackUpdate(obj, next, `m${i}`, ctx(`2026-01-01T00:00:${String(i).padStart(2, '0')}Z`));
      obj = next;
    }
    const managers = (obj.metadata?.managedFields as { manager: string }[]).map((e) => e.manager);
    expect(managers).to.have.length(10);
    expect(managers).to.include('ancient-changes');
  });

  it('uses stored managedFields when a status write or an invalid entry would replace them', () => {
    const live = cm({ a: '1' });
    trackUpdate(undefined, live, 'maker', ctx());
    const next = structuredClone(live);
    next.metadata!.managedFields = [{ manager: 'bad', operation: 'Nope' }];
    next.data = { a: '1', b: '2' };
    trackUpdate(live, next, 'writer', ctx());
    expect(fieldsOf(next).map(([m]) => m)).to.deep.equal(['maker', 'writer']);
    const ignored = emptySet();
    insert(ignored, [fieldElement('data')]);
    const status = structuredClone(live);
    status.data = { a: '9' };
    trackUpdate(live, status, 'st', { ...ctx(), ignored, subresource: 'status' });
    expect(fieldsOf(status).map(([m]) => m)).to.deep.equal(['maker']);
  });

  it('names managers after the User-Agent product by default', () => {
    expect(managerFromUserAgent('kubectl/v1.32.0 (linux/amd64) kubernetes/abc')).to.equal('kubectl');
    expect(managerFromUserAgent('curl')).to.equal('curl');
    expect(managerFromUserAgent(undefined)).to.equal('');
  });
});

describe('managed-fields/typed-walk', () => {
  const schemaType = {
    group: 'x',
    names: { plural: 'xs' },
    schema: {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: {
            free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
            tags: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
          },
        },
      },
    },
  } as unknown as ResourceType;
  const node = typeNodeOf(schemaType);
  const c: TrackContext = { node, apiVersion: 'x/v1', ignored: emptySet(), now: '2026-01-01T00:00:00Z' };
  const obj = (spec: unknown) => ({ apiVersion: 'x/v1', kind: 'X', metadata: { name: 'x' }, spec });

  it('lists fields closed structs do not declare (kube: field not declared in schema)', () => {
    expect(undeclaredFields(obj({ bogus: 1, free: { anything: 1 } }), node)).to.deep.equal(['.spec.bogus']);
    expect(undeclaredFields(cm({ a: '1' }, { nope: 1 }), typeNodeOf(configMaps))).to.deep.equal([
      '.metadata.nope',
    ]);
  });

  it('removes a named field whose applied content is dropped and owned by nobody', () => {
    const first = applyConfiguration(
      { live: undefined, config: obj({ free: { deep: { x: 1 } }, tags: ['a'] }), manager: 'm', force: false },
      c,
    );
    const second = applyConfiguration(
      { live: first, config: obj({ tags: ['a'] }), manager: 'm', force: false },
      c,
    );
    expect(second.spec).to.deep.equal({ tags: ['a'] });
  });
});
