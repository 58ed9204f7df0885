// ServiceAccounts through the generic object operations on an in-memory store.

import { expect } from 'chai';
import { ApiError } from '../../api/status.js';
import type { KubeObject } from '../../api/types.js';
import { createMemoryStore } from '../../storage/memory-store.js';
import type { Store } from '../../storage/store.js';
import { createObject, getObject, updateObject } from '../objects.js';
import type { Scope } from '../scope.js';
import { toTable } from '../table.js';
import { serviceaccounts } from './serviceaccounts.js';

async function expectStatus(p: Promise<unknown>, code: number, reason: string): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    expect(e).to.be.instanceOf(ApiError);
    expect((e as ApiError).status).to.include({ code, reason });
    return e as ApiError;
  }
  throw new Error(`expected ${code} ${reason}`);
}

const sa = (name: string, extra: Partial<KubeObject> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: { name },
  ...extra,
});

describe('serviceaccounts', () => {
  let store: Store;
  const scope: Scope = { type: serviceaccounts, cluster: 'c1', namespace: 'ns' };
  beforeEach(() => {
    store = createMemoryStore();
  });
  afterEach(() => store.close());

  it('is served as kube-apiserver serves it', () => {
    expect(serviceaccounts.names).to.deep.include({
      plural: 'serviceaccounts',
      kind: 'ServiceAccount',
      shortNames: ['sa'],
    });
    expect(serviceaccounts.namespaced).to.equal(true);
    expect(serviceaccounts.subresources).to.deep.equal([]);
    expect(serviceaccounts.verbs).to.have.members([
      'create',
      'delete',
      'deletecollection',
      'get',
      'list',
      'patch',
      'update',
      'watch',
    ]);
  });

  it('round-trips a service account', async () => {
    const created = await createObject(
      store,
      scope,
      sa('builder', {
        imagePullSecrets: [{ name: 'registry' }],
        automountServiceAccountToken: false,
      }),
    );
    expect(created.imagePullSecrets).to.deep.equal([{ name: 'registry' }]);
    expect(created.automountServiceAccountToken).to.equal(false);
    expect(await getObject(store, scope, 'builder')).to.deep.equal(created);
  });

  it('keeps only the names of secret references, on create and update', async () => {
    const created = await createObject(
      store,
      scope,
      sa('a', { secrets: [{ name: 'tok', namespace: 'elsewhere', kind: 'Secret', uid: 'u' }, {}] }),
    );
    expect(created.secrets).to.deep.equal([{ name: 'tok' }, {}]);
    const updated = await updateObject(store, scope, 'a', {
      ...created,
      secrets: [{ name: 'other', apiVersion: 'v1' }],
    });
    expect(updated.secrets).to.deep.equal([{ name: 'other' }]);
    const table = toTable(serviceaccounts, [updated], 'None');
    expect(table.columnDefinitions.map((c) => c.name)).to.deep.equal(['Name', 'Secrets', 'Age']);
    expect(table.rows[0]?.cells.slice(0, 2)).to.deep.equal(['a', 1]);
  });

  it('validates the name as a DNS-1123 subdomain (422)', async () => {
    const e = await expectStatus(createObject(store, scope, sa('Bad_Name')), 422, 'Invalid');
    expect(e.status.details?.causes?.[0]).to.include({ reason: 'FieldValueInvalid', field: 'metadata.name' });
    await createObject(store, scope, sa('with.dots'));
  });

  it('answers 400 for fields Go cannot decode', async () => {
    const cases: [Partial<KubeObject>, string][] = [
      [
        { secrets: {} },
        'json: cannot unmarshal object into Go struct field ServiceAccount.secrets of type []v1.ObjectReference',
      ],
      [
        { secrets: ['x'] },
        'json: cannot unmarshal string into Go struct field ServiceAccount.secrets of type v1.ObjectReference',
      ],
      [
        { secrets: [{ name: 1 }] },
        'json: cannot unmarshal number into Go struct field ObjectReference.secrets.name of type string',
      ],
      [
        { imagePullSecrets: [{ name: [] }] },
        'json: cannot unmarshal array into Go struct field LocalObjectReference.imagePullSecrets.name of type string',
      ],
      [
        { automountServiceAccountToken: 'no' },
        'json: cannot unmarshal string into Go struct field ServiceAccount.automountServiceAccountToken of type bool',
      ],
    ];
    for (const [extra, message] of cases) {
      const e = await expectStatus(createObject(store, scope, sa('a', extra)), 400, 'BadRequest');
      expect(e.status.message).to.equal(
        `ServiceAccount in version "v1" cannot be handled as a ServiceAccount: ${message}`,
      );
    }
  });
});
