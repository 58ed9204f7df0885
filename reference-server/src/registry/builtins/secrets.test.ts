// Secrets through the generic object operations on an in-memory store.

import { expect } from 'chai';
import { ApiError } from '../../api/status.js';
import type { KubeObject } from '../../api/types.js';
import { createMemoryStore } from '../../storage/memory-store.js';
import type { Store } from '../../storage/store.js';
import { createObject, getObject, updateObject } from '../objects.js';
import type { Scope } from '../scope.js';
import { toTable } from '../table.js';
import { secrets } from './secrets.js';

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

async function expectInvalid(p: Promise<unknown>, reason: string, field: string): Promise<ApiError> {
  const e = await expectStatus(p, 422, 'Invalid');
  expect(e.status.details?.causes?.map((c) => `${c.reason} ${c.field}`)).to.include(`${reason} ${field}`);
  return e;
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

const secret = (name: string, extra: Partial<KubeObject> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name },
  ...extra,
});

describe('secrets', () => {
  let store: Store;
  const scope: Scope = { type: secrets, cluster: 'c1', namespace: 'ns' };
  beforeEach(() => {
    store = createMemoryStore();
  });
  afterEach(() => store.close());

  it('round-trips a secret and defaults its type to Opaque', async () => {
    const created = await createObject(store, scope, secret('s', { data: { user: b64('admin') } }));
    expect(created.type).to.equal('Opaque');
    expect(created.data).to.deep.equal({ user: b64('admin') });
    expect(await getObject(store, scope, 's')).to.deep.equal(created);
    const table = toTable(secrets, [created], 'None');
    expect(table.columnDefinitions.map((c) => c.name)).to.deep.equal(['Name', 'Type', 'Data', 'Age']);
    expect(table.rows[0]?.cells.slice(0, 3)).to.deep.equal(['s', 'Opaque', 1]);
  });

  it('folds stringData into data, over data, and never stores it', async () => {
    const created = await createObject(
      store,
      scope,
      secret('s', { data: { a: b64('old'), b: b64('kept') }, stringData: { a: 'new', c: 'plain' } }),
    );
    expect(created.data).to.deep.equal({ a: b64('new'), b: b64('kept'), c: b64('plain') });
    expect(created).not.to.have.property('stringData');
    const got = await getObject(store, scope, 's');
    expect(got).not.to.have.property('stringData');
    const updated = await updateObject(store, scope, 's', { ...got, stringData: { b: 'changed' } });
    expect(updated.data).to.deep.equal({ a: b64('new'), b: b64('changed'), c: b64('plain') });
    expect(updated).not.to.have.property('stringData');
  });

  it('stores base64 canonically, as Go re-encodes the decoded bytes', async () => {
    const created = await createObject(
      store,
      scope,
      secret('s', { data: { k: 'aGVs\nbG8=\n', z: 'aGVsbG9=' } }),
    );
    expect(created.data).to.deep.equal({ k: 'aGVsbG8=', z: 'aGVsbG8=' });
  });

  it('answers 400 for data Go cannot decode', async () => {
    const cases: [Partial<KubeObject>, string][] = [
      [{ data: { k: 'aGVsbG8' } }, 'illegal base64 data at input byte 4'],
      [{ data: { k: 'not base64!' } }, 'illegal base64 data at input byte 3'],
      [{ data: { k: 1 } }, 'json: cannot unmarshal number into Go struct field Secret.data of type []uint8'],
      [
        { data: ['x'] },
        'json: cannot unmarshal array into Go struct field Secret.data of type map[string][]uint8',
      ],
      [
        { stringData: { k: true } },
        'json: cannot unmarshal bool into Go struct field Secret.stringData of type string',
      ],
      [{ type: 3 }, 'json: cannot unmarshal number into Go struct field Secret.type of type v1.SecretType'],
      [
        { immutable: 'yes' },
        'json: cannot unmarshal string into Go struct field Secret.immutable of type bool',
      ],
    ];
    for (const [extra, message] of cases) {
      const e = await expectStatus(createObject(store, scope, secret('s', extra)), 400, 'BadRequest');
      expect(e.status.message).to.equal(`Secret in version "v1" cannot be handled as a Secret: ${message}`);
    }
  });

  it('validates data keys and the total size', async () => {
    const e = await expectInvalid(
      createObject(store, scope, secret('s', { data: { 'bad key': b64('x') } })),
      'FieldValueInvalid',
      'data[bad key]',
    );
    expect(e.status.message).to.match(
      /^Secret "s" is invalid: data\[bad key\]: Invalid value: "bad key": a valid config key/,
    );
    await expectInvalid(
      createObject(store, scope, secret('s', { stringData: { '..x': 'v' } })),
      'FieldValueInvalid',
      'data[..x]',
    );
    const big = Buffer.alloc(1024 * 1024 + 1).toString('base64');
    const tooBig = await expectInvalid(
      createObject(store, scope, secret('s', { data: { k: big } })),
      'FieldValueTooLong',
      'data',
    );
    expect(tooBig.status.details?.causes?.[0]?.message).to.equal(
      'Too long: may not be more than 1048576 bytes',
    );
  });

  it('requires the keys of the well-known types', async () => {
    const sat = await expectInvalid(
      createObject(store, scope, secret('s', { type: 'kubernetes.io/service-account-token' })),
      'FieldValueRequired',
      'metadata.annotations[kubernetes.io/service-account.name]',
    );
    expect(sat.status.message).to.equal(
      'Secret "s" is invalid: metadata.annotations[kubernetes.io/service-account.name]: Required value',
    );
    await createObject(
      store,
      scope,
      secret('sat', {
        type: 'kubernetes.io/service-account-token',
        metadata: { name: 'sat', annotations: { 'kubernetes.io/service-account.name': 'default' } },
      }),
    );
    await expectInvalid(
      createObject(store, scope, secret('s', { type: 'kubernetes.io/dockerconfigjson' })),
      'FieldValueRequired',
      'data[.dockerconfigjson]',
    );
    const badJson = await expectInvalid(
      createObject(
        store,
        scope,
        secret('s', {
          type: 'kubernetes.io/dockerconfigjson',
          stringData: { '.dockerconfigjson': '{"auths":' },
        }),
      ),
      'FieldValueInvalid',
      'data[.dockerconfigjson]',
    );
    expect(badJson.status.details?.causes?.[0]?.message).to.equal(
      'Invalid value: "<secret contents redacted>": unexpected end of JSON input',
    );
    await createObject(
      store,
      scope,
      secret('dcj', {
        type: 'kubernetes.io/dockerconfigjson',
        stringData: { '.dockerconfigjson': '{"auths":{}}' },
      }),
    );
    await expectInvalid(
      createObject(
        store,
        scope,
        secret('s', { type: 'kubernetes.io/dockercfg', stringData: { '.dockercfg': '[]' } }),
      ),
      'FieldValueInvalid',
      'data[.dockercfg]',
    );
    const tls = await expectStatus(
      createObject(store, scope, secret('s', { type: 'kubernetes.io/tls' })),
      422,
      'Invalid',
    );
    expect(tls.status.details?.causes).to.deep.equal([
      { reason: 'FieldValueRequired', message: 'Required value', field: 'data[tls.crt]' },
      { reason: 'FieldValueRequired', message: 'Required value', field: 'data[tls.key]' },
    ]);
    const basic = await expectStatus(
      createObject(store, scope, secret('s', { type: 'kubernetes.io/basic-auth' })),
      422,
      'Invalid',
    );
    expect(basic.status.details?.causes?.map((c) => c.field)).to.deep.equal([
      'data[username]',
      'data[password]',
    ]);
    await createObject(
      store,
      scope,
      secret('ba', { type: 'kubernetes.io/basic-auth', stringData: { password: '' } }),
    );
    await expectInvalid(
      createObject(
        store,
        scope,
        secret('s', { type: 'kubernetes.io/ssh-auth', stringData: { 'ssh-privatekey': '' } }),
      ),
      'FieldValueRequired',
      'data[ssh-privatekey]',
    );
    // Any other type is free-form.
    await createObject(store, scope, secret('custom', { type: 'example.com/thing' }));
  });

  it('refuses a type change on update', async () => {
    const created = await createObject(store, scope, secret('s'));
    const e = await expectInvalid(
      updateObject(store, scope, 's', { ...created, type: 'example.com/other' }),
      'FieldValueInvalid',
      'type',
    );
    expect(e.status.details?.causes?.[0]?.message).to.equal(
      'Invalid value: "example.com/other": field is immutable',
    );
    // Leaving type out defaults it to Opaque again: no change.
    const { type: _type, ...rest } = created;
    await updateObject(store, scope, 's', { ...rest, data: { k: b64('v') } });
  });

  it('freezes data of immutable secrets', async () => {
    const created = await createObject(store, scope, secret('s', { immutable: true, data: { k: b64('v') } }));
    await expectInvalid(
      updateObject(store, scope, 's', { ...created, data: { k: b64('w') } }),
      'FieldValueForbidden',
      'data',
    );
    await expectInvalid(
      updateObject(store, scope, 's', { ...created, stringData: { k: 'w' } }),
      'FieldValueForbidden',
      'data',
    );
    await expectInvalid(
      updateObject(store, scope, 's', { ...created, immutable: false }),
      'FieldValueForbidden',
      'immutable',
    );
    const labelled = await updateObject(store, scope, 's', {
      ...created,
      metadata: { ...created.metadata, labels: { a: 'b' } },
    });
    expect(labelled.metadata?.labels).to.deep.equal({ a: 'b' });
  });

  it('offers type as a selectable field', () => {
    expect(secrets.selectableFields?.type?.({ type: 'kubernetes.io/tls' })).to.equal('kubernetes.io/tls');
  });
});
