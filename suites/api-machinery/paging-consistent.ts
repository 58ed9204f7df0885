// API chunking (limit/continue) and the resourceVersion of lists: every page of one list is read
// at the revision of its first page, past revisions can be listed exactly, and the options are
// validated as kube-apiserver validates them. Verified on kcp v0.32 (Kubernetes 1.36).
import { expect } from 'chai';
import type { ConformanceTest, TestContext } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import type { ApiResponse } from '../framework/http/client.js';
import {
  compareResourceVersions,
  configMap,
  configMapPath,
  configMapsPath,
  describeResponse,
  expectCause,
  expectFailureStatus,
  expectStatusCode,
  mergePatch,
  type ConfigMap,
  type KubeList,
} from '../framework/kube.js';
import { AREA } from './area.js';

interface PagedList extends KubeList<ConfigMap> {
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
}

const listSource = [
  'kubernetes: staging/src/k8s.io/apiserver/pkg/storage/etcd3/store.go',
  'kubernetes: staging/src/k8s.io/apiserver/pkg/storage/interfaces.go',
  'kubernetes: staging/src/k8s.io/apiserver/pkg/storage/continue.go',
  'kubernetes: test/e2e/apimachinery/chunking.go',
];

async function createConfigMaps(ctx: TestContext, names: string[], labels?: Record<string, string>) {
  for (const name of names) {
    expectStatusCode(
      await ctx.client.post(configMapsPath(ctx.namespace), configMap(name, { v: 'first' }, labels)),
      201,
    );
  }
}

/**
 * The answer to a resourceVersion the server has not reached: 504 Timeout with a
 * ResourceVersionTooLarge cause, worded alike in 1.34.3, 1.35.4, 1.36.2, 1.37.2 and kcp's fork
 * (apiserver pkg/storage/errors.go NewTooLargeResourceVersionError). Retry-After is not pinned:
 * the watch cache asks for 1 s (cacher/watch_cache.go), etcd for none (etcd3/store.go), and which
 * of the two answers differs between versions and requests.
 */
function expectTooLargeResourceVersion(response: ApiResponse, future: string): void {
  const status = expectFailureStatus(response, 504, 'Timeout');
  expect(status.message, describeResponse(response)).to.contain(`Too large resource version: ${future}`);
  expectCause(status, { type: 'ResourceVersionTooLarge' });
  const retryAfter = response.headers['retry-after'];
  if (retryAfter !== undefined) expect(retryAfter, 'Retry-After').to.match(/^\d+$/);
}

const base64url = (json: unknown): string => Buffer.from(JSON.stringify(json)).toString('base64url');

export const pagingConsistentSnapshot: ConformanceTest = {
  id: `${AREA}/paging-consistent-snapshot`,
  area: AREA,
  description:
    'Every page of a list read with limit and continue MUST reflect the resourceVersion of the first ' +
    'page: objects created, changed or deleted between pages MUST NOT show, and a list without ' +
    'selectors MUST report remainingItemCount on each page that has a continue token.',
  level: 'MUST',
  features: [Feature.ConfigMaps, Feature.Paging],
  source: listSource,
  async run(ctx) {
    const { client, namespace, uniqueName } = ctx;
    const prefix = uniqueName('pg');
    const mine = ['a', 'b', 'c', 'd', 'e'].map((s) => `${prefix}-${s}`);
    await createConfigMaps(ctx, mine);

    const first = expectStatusCode(
      await client.get<PagedList>(configMapsPath(namespace), { query: { limit: 2 } }),
      200,
    );
    const snapshot = first.metadata.resourceVersion!;
    // The namespace at the snapshot: ours, and what controllers add to every namespace at a moment
    // of their own (kube-root-ca.crt, from kube-controller-manager or kcp).
    const atSnapshot = expectStatusCode(
      await client.get<PagedList>(configMapsPath(namespace), {
        query: { resourceVersion: snapshot, resourceVersionMatch: 'Exact' },
      }),
      200,
    );
    const expected = atSnapshot.items.map((item) => item.metadata.name);
    expect(expected, 'the namespace at the first page resourceVersion').to.include.members(mine);
    expect(first.items, 'first page').to.have.length(2);
    expect(first.metadata.continue, 'first page continue').to.be.a('string').and.not.equal('');
    expect(first.metadata.remainingItemCount, 'first page remainingItemCount').to.equal(expected.length - 2);

    // Writes between pages, all to objects not returned yet.
    expectStatusCode(await client.post(configMapsPath(namespace), configMap(`${prefix}-cc`)), 201);
    expectStatusCode(await client.delete(configMapPath(namespace, mine[3]!)), 200);
    expectStatusCode(
      await mergePatch(client, configMapPath(namespace, mine[4]!), { data: { v: 'second' } }, ctx.signal),
      200,
    );

    const seen = [...first.items];
    let token = first.metadata.continue;
    while (token) {
      const page = expectStatusCode(
        await client.get<PagedList>(configMapsPath(namespace), { query: { limit: 2, continue: token } }),
        200,
      );
      expect(page.metadata.resourceVersion, 'every page is at the first page resourceVersion').to.equal(
        snapshot,
      );
      seen.push(...page.items);
      token = page.metadata.continue;
      if (token) expect(page.metadata.remainingItemCount).to.equal(expected.length - seen.length);
      else expect(page.metadata.remainingItemCount, 'last page').to.equal(undefined);
    }
    expect(seen.map((item) => item.metadata.name)).to.deep.equal(expected);
    const changed = seen.find((item) => item.metadata.name === mine[4]);
    expect(changed?.data, 'an object changed after the first page, as it was').to.deep.equal({ v: 'first' });

    const after = expectStatusCode(await client.get<PagedList>(configMapsPath(namespace)), 200);
    const names = after.items.map((item) => item.metadata.name);
    expect(names).to.include(`${prefix}-cc`).and.not.include(mine[3]);
  },
};

export const pagingContinueErrors: ConformanceTest = {
  id: `${AREA}/paging-continue-errors`,
  area: AREA,
  description:
    'A malformed continue token MUST be answered 400 BadRequest "invalid continue token: ...", and a ' +
    'continue token together with a non-zero resourceVersion MUST be answered 400 BadRequest.',
  level: 'MUST',
  features: [Feature.ConfigMaps, Feature.Paging],
  source: listSource,
  async run(ctx) {
    const { client, namespace, uniqueName } = ctx;
    const prefix = uniqueName('pe');
    await createConfigMaps(ctx, [`${prefix}-a`, `${prefix}-b`]);
    const path = configMapsPath(namespace);
    // The token checks and their wording are alike in 1.34.3, 1.35.4, 1.36.2, 1.37.2 and kcp's fork
    // (apiserver pkg/storage/continue.go DecodeContinue, interfaces.go ValidateListOptions); the
    // prefix and the part naming what is wrong are pinned, not the sentence around them.
    const cases: [query: Record<string, string | number>, fragment: string][] = [
      [{ limit: 1, continue: 'abc!' }, 'base64'],
      [{ limit: 1, continue: base64url({ v: 'other/v9', rv: 5, start: '/x' }) }, 'other/v9'],
      [{ limit: 1, continue: base64url({ v: 'meta.k8s.io/v1', rv: 0, start: '/x' }) }, 'resourceVersion'],
      [{ limit: 1, continue: base64url({ v: 'meta.k8s.io/v1', rv: 5, start: '' }) }, 'start key empty'],
      [{ limit: 1, continue: base64url({ v: 'meta.k8s.io/v1', rv: 5, start: '/../x' }) }, '/../x'],
    ];
    for (const [query, fragment] of cases) {
      const status = expectFailureStatus(await client.get(path, { query }), 400, 'BadRequest');
      expect(status.message, JSON.stringify(query))
        .to.match(/^invalid continue token: /)
        .and.contain(fragment);
    }
    const first = expectStatusCode(await client.get<PagedList>(path, { query: { limit: 1 } }), 200);
    const token = first.metadata.continue!;
    const withVersion = expectFailureStatus(
      await client.get(path, {
        query: { limit: 1, continue: token, resourceVersion: first.metadata.resourceVersion },
      }),
      400,
      'BadRequest',
    );
    expect(withVersion.message).to.contain('not allowed when using continue');
    // resourceVersion "0" means "any" and is allowed with a continue token.
    const page = expectStatusCode(
      await client.get<PagedList>(path, { query: { limit: 1, continue: token, resourceVersion: '0' } }),
      200,
    );
    expect(page.metadata.resourceVersion).to.equal(first.metadata.resourceVersion);
  },
};

export const listResourceVersionSemantics: ConformanceTest = {
  id: `${AREA}/list-resource-version`,
  area: AREA,
  description:
    'A list with resourceVersion=N and resourceVersionMatch=Exact (or legacy resourceVersion=N with a ' +
    'limit) MUST show the objects as they were at N; NotOlderThan MUST show a state at least as new ' +
    'as N; a resourceVersion ahead of the server MUST be answered 504 Timeout "Too large resource ' +
    'version" with a ResourceVersionTooLarge cause.',
  level: 'MUST',
  features: [Feature.ConfigMaps, Feature.Paging],
  source: [
    ...listSource,
    'kubernetes: staging/src/k8s.io/apiserver/pkg/storage/errors.go',
    'kubernetes: staging/src/k8s.io/apiserver/pkg/storage/cacher/cacher.go',
  ],
  async run(ctx) {
    const { client, namespace, uniqueName } = ctx;
    const set = uniqueName('rv');
    const labelSelector = `set=${set}`;
    const path = configMapsPath(namespace);
    await createConfigMaps(ctx, [`${set}-a`, `${set}-b`], { set });
    const then = expectStatusCode(await client.get<PagedList>(path, { query: { labelSelector } }), 200);
    const past = then.metadata.resourceVersion!;
    // The delete comes first so that c's resourceVersion is the newest write of both.
    expectStatusCode(await client.delete(configMapPath(namespace, `${set}-a`)), 200);
    const c = expectStatusCode(
      await client.post<ConfigMap>(path, configMap(`${set}-c`, { v: 'first' }, { set })),
      201,
    );
    const newest = c.metadata.resourceVersion!;

    const names = (list: PagedList) => list.items.map((item) => item.metadata.name);
    const exact = expectStatusCode(
      await client.get<PagedList>(path, {
        query: { labelSelector, resourceVersion: past, resourceVersionMatch: 'Exact' },
      }),
      200,
    );
    expect(exact.metadata.resourceVersion).to.equal(past);
    expect(names(exact)).to.deep.equal([`${set}-a`, `${set}-b`]);

    const legacy = expectStatusCode(
      await client.get<PagedList>(path, { query: { labelSelector, resourceVersion: past, limit: 1 } }),
      200,
    );
    expect(legacy.metadata.resourceVersion).to.equal(past);
    expect(names(legacy)).to.deep.equal([`${set}-a`]);
    const rest = expectStatusCode(
      await client.get<PagedList>(path, {
        query: { labelSelector, limit: 5, continue: legacy.metadata.continue },
      }),
      200,
    );
    expect(names(rest)).to.deep.equal([`${set}-b`]);

    // NotOlderThan promises a state at least as new as the resourceVersion, no more: a watch cache
    // may answer a past one with any later state it holds. Asked for the newest write, the answer
    // must show both changes.
    const newer = expectStatusCode(
      await client.get<PagedList>(path, {
        query: { labelSelector, resourceVersion: newest, resourceVersionMatch: 'NotOlderThan' },
      }),
      200,
    );
    expect(compareResourceVersions(newer.metadata.resourceVersion!, newest), 'NotOlderThan').to.be.at.least(
      0,
    );
    expect(names(newer)).to.deep.equal([`${set}-b`, `${set}-c`]);

    const future = (BigInt(past) + 1_000_000_000n).toString();
    for (const query of [
      { resourceVersion: future, resourceVersionMatch: 'Exact' },
      { resourceVersion: future, resourceVersionMatch: 'NotOlderThan' },
    ]) {
      // retry false: a watch cache's 504 carries Retry-After, which the client would otherwise honour.
      const response = await client.get(path, { query, retry: false });
      expectTooLargeResourceVersion(response, future);
    }
  },
};

export const listOptionsValidation: ConformanceTest = {
  id: `${AREA}/list-options-validation`,
  area: AREA,
  description:
    'Invalid list options MUST be rejected as kube-apiserver rejects them: resourceVersionMatch without ' +
    'resourceVersion, with continue, with an unknown value or Exact with "0" (422 Invalid ' +
    'ListOptions.meta.k8s.io), and a resourceVersion or limit that is not a number (400 BadRequest).',
  level: 'MUST',
  features: [Feature.ConfigMaps, Feature.Paging],
  source: [
    'kubernetes: staging/src/k8s.io/apimachinery/pkg/apis/meta/internalversion/validation/validation.go',
    'kubernetes: staging/src/k8s.io/apiserver/pkg/storage/interfaces.go',
  ],
  async run({ client, namespace }) {
    const path = configMapsPath(namespace);
    const invalid: [query: Record<string, string>, cause: string, detail: string][] = [
      [
        { resourceVersionMatch: 'Exact' },
        'FieldValueForbidden',
        'forbidden unless resourceVersion is provided',
      ],
      [
        { resourceVersion: '0', resourceVersionMatch: 'Exact' },
        'FieldValueForbidden',
        'forbidden for resourceVersion "0"',
      ],
      [{ resourceVersion: '1', resourceVersionMatch: 'Newest' }, 'FieldValueNotSupported', '"Newest"'],
      [
        { resourceVersion: '1', resourceVersionMatch: 'NotOlderThan', continue: 'x' },
        'FieldValueForbidden',
        'forbidden when continue is provided',
      ],
    ];
    // The ListOptions rules are the same file in 1.34.3, 1.35.4, 1.36.2, 1.37.2 and kcp's fork
    // (apimachinery pkg/apis/meta/internalversion/validation/validation.go); pinned are the one
    // cause (field, type) and the words that say which rule it is.
    for (const [query, reason, detail] of invalid) {
      const status = expectFailureStatus(await client.get(path, { query }), 422, 'Invalid');
      expect(status.details).to.include({ group: 'meta.k8s.io', kind: 'ListOptions' });
      expect(status.details?.causes, JSON.stringify(query)).to.have.length(1);
      expectCause(status, { field: 'resourceVersionMatch', type: reason, fragment: detail });
    }
    // Bad numbers are refused while the query is decoded or the storage parses them
    // (apiserver pkg/storage/interfaces.go ValidateListOptions): the value is named.
    const badVersion = expectFailureStatus(
      await client.get(path, { query: { resourceVersion: 'abc' } }),
      400,
      'BadRequest',
    );
    expect(badVersion.message).to.contain('invalid resource version').and.contain('"abc"');
    const badLimit = expectFailureStatus(
      await client.get(path, { query: { limit: 'abc' } }),
      400,
      'BadRequest',
    );
    expect(badLimit.message).to.contain('"abc"');
  },
};

export const getResourceVersion: ConformanceTest = {
  id: `${AREA}/get-resource-version`,
  area: AREA,
  description:
    'A get without resourceVersion MUST return the current object, one with resourceVersion "0" or an ' +
    'older resourceVersion a version of the object not older than asked for, and one ahead of the ' +
    'server MUST be answered 504 Timeout "Too large resource version".',
  level: 'MUST',
  features: [Feature.ConfigMaps],
  source: [
    'kubernetes: staging/src/k8s.io/apiserver/pkg/storage/etcd3/store.go',
    'kubernetes: staging/src/k8s.io/apiserver/pkg/storage/cacher/cacher.go',
  ],
  async run(ctx) {
    const { client, namespace, uniqueName } = ctx;
    const name = uniqueName('grv');
    const created = expectStatusCode(
      await client.post<ConfigMap>(configMapsPath(namespace), configMap(name, { v: 'first' })),
      201,
    );
    const old = created.metadata.resourceVersion!;
    const updated = expectStatusCode(
      await mergePatch<ConfigMap>(
        client,
        configMapPath(namespace, name),
        { data: { v: 'second' } },
        ctx.signal,
      ),
      200,
    );
    const current = expectStatusCode(await client.get<ConfigMap>(configMapPath(namespace, name)), 200);
    expect(current.metadata.resourceVersion, 'without resourceVersion').to.equal(
      updated.metadata.resourceVersion,
    );
    // "0" is any version and an older one "not older than" (API concepts, semantics for get): a
    // watch cache answers with what it holds, which may not have the last write yet. Either
    // version of the object is right, as long as its data is that version's.
    const versions = new Map([
      [old, 'first'],
      [updated.metadata.resourceVersion!, 'second'],
    ]);
    for (const resourceVersion of ['0', old]) {
      const got = expectStatusCode(
        await client.get<ConfigMap>(configMapPath(namespace, name), { query: { resourceVersion } }),
        200,
      );
      const rv = got.metadata.resourceVersion!;
      expect([...versions.keys()], `resourceVersion=${resourceVersion} answered`).to.include(rv);
      expect(got.data, `data at ${rv}`).to.deep.equal({ v: versions.get(rv) });
    }
    const future = (BigInt(updated.metadata.resourceVersion!) + 1_000_000_000n).toString();
    // retry false: a watch cache's 504 carries Retry-After, which the client would otherwise honour.
    expectTooLargeResourceVersion(
      await client.get(configMapPath(namespace, name), { query: { resourceVersion: future }, retry: false }),
      future,
    );
  },
};

export const pagingTests: readonly ConformanceTest[] = [
  pagingConsistentSnapshot,
  pagingContinueErrors,
  listResourceVersionSemantics,
  listOptionsValidation,
  getResourceVersion,
];
