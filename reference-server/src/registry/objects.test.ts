// The generic object semantics, on a real (in-memory) Store.

import { expect } from 'chai';
import { ApiError } from '../api/status.js';
import type { KubeObject } from '../api/types.js';
import { createMemoryStore } from '../storage/memory-store.js';
import type { Store } from '../storage/store.js';
import { configmaps } from './builtins/configmaps.js';
import { namespaces } from './builtins/namespaces.js';
import { createObject, deleteObject, getObject, listObjects, updateObject } from './objects.js';
import type { Scope } from './scope.js';

const cm = (name: string, extra: Partial<KubeObject> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name },
  data: { k: 'v' },
  ...extra,
});

async function expectStatus(p: Promise<unknown>, code: number, reason: string): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    expect(e).to.be.instanceOf(ApiError);
    expect((e as ApiError).status).to.include({ code, reason, kind: 'Status', status: 'Failure' });
    return e as ApiError;
  }
  throw new Error(`expected ${code} ${reason}`);
}

describe('object operations', () => {
  let store: Store;
  const scope: Scope = { type: configmaps, cluster: 'c1', namespace: 'ns' };
  beforeEach(() => {
    store = createMemoryStore();
  });
  afterEach(() => store.close());

  it('create sets system metadata, the cluster annotation and a resourceVersion', async () => {
    const obj = await createObject(
      store,
      scope,
      cm('a', { metadata: { name: 'a', uid: 'mine', resourceVersion: '99' } }),
    );
    expect(obj.metadata?.uid)
      .to.match(/^[0-9a-f-]{36}$/)
      .and.not.equal('mine');
    expect(obj.metadata?.creationTimestamp).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(obj.metadata?.namespace).to.equal('ns');
    expect(obj.metadata?.annotations).to.deep.equal({ 'kcp.io/cluster': 'c1' });
    expect(Number(obj.metadata?.resourceVersion)).to.be.greaterThan(0);
    const again = await getObject(store, scope, 'a');
    expect(again).to.deep.equal(obj);
  });

  it('generateName appends five random characters', async () => {
    const obj = await createObject(store, scope, cm('', { metadata: { generateName: 'gen-' } }));
    expect(obj.metadata?.name).to.match(/^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('answers 409 AlreadyExists, 404 NotFound and 422 Invalid with causes', async () => {
    await createObject(store, scope, cm('a'));
    await expectStatus(createObject(store, scope, cm('a')), 409, 'AlreadyExists');
    await expectStatus(getObject(store, scope, 'zz'), 404, 'NotFound');
    const e = await expectStatus(createObject(store, scope, cm('Bad_Name')), 422, 'Invalid');
    expect(e.status.details?.causes?.[0]).to.include({ reason: 'FieldValueInvalid', field: 'metadata.name' });
    expect(e.status.details?.causes?.[0]?.message).to.match(/^Invalid value: "Bad_Name": /);
    expect(e.status.message).to.match(/^ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: /);
    await expectStatus(createObject(store, scope, cm('b', { data: { 'bad key': 'x' } })), 422, 'Invalid');
  });

  it('rejects a body whose namespace or kind disagrees with the URL (400)', async () => {
    await expectStatus(
      createObject(store, scope, cm('a', { metadata: { name: 'a', namespace: 'other' } })),
      400,
      'BadRequest',
    );
    await expectStatus(createObject(store, scope, { ...cm('a'), kind: 'Secret' }), 400, 'BadRequest');
  });

  it('update checks the resourceVersion precondition and keeps immutable metadata', async () => {
    const created = await createObject(store, scope, cm('a'));
    const stale = { ...created, data: { k: 'v2' } };
    const updated = await updateObject(store, scope, 'a', stale);
    expect(updated.metadata?.uid).to.equal(created.metadata?.uid);
    expect(Number(updated.metadata?.resourceVersion)).to.be.greaterThan(
      Number(created.metadata?.resourceVersion),
    );
    await expectStatus(updateObject(store, scope, 'a', { ...stale, data: { k: 'v3' } }), 409, 'Conflict');
    const unconditional = await updateObject(store, scope, 'a', cm('a', { data: { k: 'v4' } }));
    expect(unconditional.data).to.deep.equal({ k: 'v4' });
    await expectStatus(updateObject(store, scope, 'missing', cm('missing')), 404, 'NotFound');
    await expectStatus(updateObject(store, scope, 'a', cm('b')), 400, 'BadRequest');
  });

  it('concurrent updates without a resourceVersion all succeed (unconditional: retried, never 409)', async () => {
    await createObject(store, scope, cm('shared'));
    const writes = Array.from({ length: 20 }, (_, i) =>
      updateObject(store, scope, 'shared', cm('shared', { data: { i: String(i) } })),
    );
    const results = await Promise.all(writes);
    expect(new Set(results.map((r) => r.metadata?.resourceVersion)).size).to.equal(20);
    // With a resourceVersion the same race is the client's conflict.
    const current = await getObject(store, scope, 'shared');
    const pinned = (i: number) =>
      updateObject(store, scope, 'shared', {
        ...cm('shared', { data: { p: String(i) } }),
        metadata: { name: 'shared', resourceVersion: current.metadata?.resourceVersion },
      }).then(
        () => 'ok',
        (e: ApiError) => e.status.code,
      );
    expect((await Promise.all([pinned(1), pinned(2), pinned(3)])).sort()).to.deep.equal([409, 409, 'ok']);
  });

  it('an update that changes nothing keeps the resourceVersion', async () => {
    const created = await createObject(store, scope, cm('a'));
    const same = await updateObject(store, scope, 'a', created);
    expect(same.metadata?.resourceVersion).to.equal(created.metadata?.resourceVersion);
  });

  it('immutable configmaps refuse data changes', async () => {
    const created = await createObject(store, scope, cm('a', { immutable: true }));
    await expectStatus(updateObject(store, scope, 'a', { ...created, data: { k: 'x' } }), 422, 'Invalid');
  });

  it('delete removes the object and answers a Success Status; finalizers defer it', async () => {
    const created = await createObject(store, scope, cm('a'));
    const r = await deleteObject(store, scope, 'a');
    expect(r.deleted).to.equal(true);
    if (r.deleted)
      expect(r.status.details).to.include({ name: 'a', kind: 'configmaps', uid: created.metadata?.uid });
    await expectStatus(getObject(store, scope, 'a'), 404, 'NotFound');

    await createObject(store, scope, cm('f', { metadata: { name: 'f', finalizers: ['example.com/hold'] } }));
    const marked = await deleteObject(store, scope, 'f');
    expect(marked.deleted).to.equal(false);
    if (!marked.deleted) {
      expect(marked.object.metadata?.deletionTimestamp).to.be.a('string');
      const released = { ...marked.object, metadata: { ...marked.object.metadata, finalizers: [] } };
      await updateObject(store, scope, 'f', released);
    }
    await expectStatus(getObject(store, scope, 'f'), 404, 'NotFound');
  });

  it('delete preconditions mismatch answers 409 Conflict', async () => {
    await createObject(store, scope, cm('a'));
    await expectStatus(deleteObject(store, scope, 'a', { preconditions: { uid: 'nope' } }), 409, 'Conflict');
    await expectStatus(
      deleteObject(store, scope, 'a', { preconditions: { resourceVersion: '999' } }),
      409,
      'Conflict',
    );
  });

  it('namespaces are deleted gracefully: marked Terminating, not removed', async () => {
    const nsScope: Scope = { type: namespaces, cluster: 'c1' };
    const ns = await createObject(store, nsScope, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'x' },
    });
    expect(ns.status).to.deep.equal({ phase: 'Active' });
    expect(ns.spec).to.deep.equal({ finalizers: ['kubernetes'] });
    expect(ns.metadata?.labels).to.deep.equal({ 'kubernetes.io/metadata.name': 'x' });
    const r = await deleteObject(store, nsScope, 'x');
    expect(r.deleted).to.equal(false);
    if (!r.deleted) expect(r.object.status).to.deep.equal({ phase: 'Terminating' });
  });

  it('lists are per cluster and namespace, filtered and paged', async () => {
    for (let i = 0; i < 7; i++)
      await createObject(
        store,
        scope,
        cm(`a${i}`, { metadata: { name: `a${i}`, labels: { odd: String(i % 2) } } }),
      );
    await createObject(store, { ...scope, namespace: 'ns2' }, cm('other'));
    await createObject(store, { ...scope, cluster: 'c2' }, cm('foreign'));
    expect((await listObjects(store, scope, () => true)).items).to.have.length(7);
    expect((await listObjects(store, { type: configmaps, cluster: 'c1' }, () => true)).items).to.have.length(
      8,
    );
    const odd = await listObjects(store, scope, (o) => o.metadata?.labels?.odd === '1', 2);
    expect(odd.items.map((o) => o.metadata?.name)).to.deep.equal(['a1', 'a3']);
    const rest = await listObjects(store, scope, (o) => o.metadata?.labels?.odd === '1', 2, odd.nextKey);
    expect(rest.items.map((o) => o.metadata?.name)).to.deep.equal(['a5']);
    expect(rest.nextKey).to.equal(undefined);
  });
});

describe('decoding checks', () => {
  it('answers 400 BadRequest, as Go JSON decoding does, for wrongly typed fields', async () => {
    const store = createMemoryStore();
    const scope: Scope = { type: configmaps, cluster: 'c1', namespace: 'ns' };
    try {
      const bad: KubeObject[] = [
        { ...cm('a'), metadata: { name: 7 as unknown as string } },
        { ...cm('a'), metadata: { name: 'a', labels: ['x'] as unknown as Record<string, string> } },
        { ...cm('a'), data: { k: 1 } },
        { ...cm('a'), immutable: 'yes' },
        { ...cm('a'), metadata: { name: 'a', creationTimestamp: 'yesterday' } },
      ];
      for (const obj of bad) {
        const e = await expectStatus(createObject(store, scope, obj), 400, 'BadRequest');
        // kcp (probed): 'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal ...'
        expect(e.status.message).to.match(
          /^ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal /,
        );
      }
      // null is accepted wherever Go would accept it (kubectl sends creationTimestamp: null).
      const ok = await createObject(store, scope, {
        ...cm('a'),
        metadata: { name: 'a', creationTimestamp: null as unknown as string },
      });
      expect(ok.metadata?.creationTimestamp).to.be.a('string');
    } finally {
      await store.close();
    }
  });
});
