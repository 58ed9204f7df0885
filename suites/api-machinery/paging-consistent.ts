// API chunking (limit/continue) and the resourceVersion of lists: every page of one list is read
// at the revision of its first page, past revisions can be listed exactly, and the options are
// validated as kube-apiserver validates them. Verified on kcp v0.32 (Kubernetes 1.36).
import { expect } from 'chai';
import type { ConformanceTest, TestContext } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import {
  configMap,
  configMapPath,
  configMapsPath,
  describeResponse,
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
    // Objects the server adds to a namespace (kcp: kube-root-ca.crt) are part of the list too.
    const before = expectStatusCode(await client.get<PagedList>(configMapsPath(namespace)), 200);
    const expected = before.items.map((item) => item.metadata.name);

    const first = expectStatusCode(
      await client.get<PagedList>(configMapsPath(namespace), { query: { limit: 2 } }),
      200,
    );
    const snapshot = first.metadata.resourceVersion;
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
    const cases: [query: Record<string, string | number>, message: string][] = [
      [
        { limit: 1, continue: 'abc!' },
        'invalid continue token: continue key is not valid: illegal base64 data at input byte 3',
      ],
      [
        { limit: 1, continue: base64url({ v: 'other/v9', rv: 5, start: '/x' }) },
        'invalid continue token: continue key is not valid: server does not recognize this encoded version other/v9',
      ],
      [
        { limit: 1, continue: base64url({ v: 'meta.k8s.io/v1', rv: 0, start: '/x' }) },
        'invalid continue token: continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
      ],
      [
        { limit: 1, continue: base64url({ v: 'meta.k8s.io/v1', rv: 5, start: '' }) },
        'invalid continue token: continue key is not valid: encoded start key empty (version meta.k8s.io/v1)',
      ],
      [
        { limit: 1, continue: base64url({ v: 'meta.k8s.io/v1', rv: 5, start: '/../x' }) },
        'invalid continue token: continue key is not valid: /../x',
      ],
    ];
    for (const [query, message] of cases) {
      const status = expectFailureStatus(await client.get(path, { query }), 400, 'BadRequest');
      expect(status.message, JSON.stringify(query)).to.equal(message);
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
    expect(withVersion.message).to.equal('specifying resource version is not allowed when using continue');
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
    'version" with Retry-After.',
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
    await createConfigMaps(ctx, [`${set}-c`], { set });
    expectStatusCode(await client.delete(configMapPath(namespace, `${set}-a`)), 200);

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

    const newer = expectStatusCode(
      await client.get<PagedList>(path, {
        query: { labelSelector, resourceVersion: past, resourceVersionMatch: 'NotOlderThan' },
      }),
      200,
    );
    expect(names(newer)).to.deep.equal([`${set}-b`, `${set}-c`]);

    const future = (BigInt(past) + 1_000_000_000n).toString();
    for (const query of [
      { resourceVersion: future, resourceVersionMatch: 'Exact' },
      { resourceVersion: future, resourceVersionMatch: 'NotOlderThan' },
    ]) {
      const response = await client.get(path, { query });
      const status = expectFailureStatus(response, 504, 'Timeout');
      expect(status.message, JSON.stringify(query)).to.match(
        new RegExp(`^Timeout: Too large resource version: ${future}, current: \\d+$`),
      );
      expect(status.details?.causes).to.deep.include({
        reason: 'ResourceVersionTooLarge',
        message: 'Too large resource version',
      });
      expect(response.headers['retry-after'], describeResponse(response)).to.equal('1');
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
        'Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided',
      ],
      [
        { resourceVersion: '0', resourceVersionMatch: 'Exact' },
        'FieldValueForbidden',
        'Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"',
      ],
      [
        { resourceVersion: '1', resourceVersionMatch: 'Newest' },
        'FieldValueNotSupported',
        'Unsupported value: "Newest": supported values: "Exact", "NotOlderThan", ""',
      ],
      [
        { resourceVersion: '1', resourceVersionMatch: 'NotOlderThan', continue: 'x' },
        'FieldValueForbidden',
        'Forbidden: resourceVersionMatch is forbidden when continue is provided',
      ],
    ];
    for (const [query, reason, detail] of invalid) {
      const status = expectFailureStatus(await client.get(path, { query }), 422, 'Invalid');
      expect(status.message, JSON.stringify(query)).to.equal(
        `ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: ${detail}`,
      );
      expect(status.details).to.include({ group: 'meta.k8s.io', kind: 'ListOptions' });
      expect(status.details?.causes).to.deep.equal([
        { reason, message: detail, field: 'resourceVersionMatch' },
      ]);
    }
    const badVersion = expectFailureStatus(
      await client.get(path, { query: { resourceVersion: 'abc' } }),
      400,
      'BadRequest',
    );
    expect(badVersion.message).to.equal(
      'invalid resource version: resourceVersion: Invalid value: "abc": strconv.ParseUint: parsing "abc": invalid syntax',
    );
    const badLimit = expectFailureStatus(
      await client.get(path, { query: { limit: 'abc' } }),
      400,
      'BadRequest',
    );
    expect(badLimit.message).to.equal('strconv.ParseInt: parsing "abc": invalid syntax');
  },
};

export const getResourceVersion: ConformanceTest = {
  id: `${AREA}/get-resource-version`,
  area: AREA,
  description:
    'A get with resourceVersion "0" or an older resourceVersion MUST return the current object, and ' +
    'one ahead of the server MUST be answered 504 Timeout "Too large resource version".',
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
    for (const resourceVersion of ['0', old]) {
      const got = expectStatusCode(
        await client.get<ConfigMap>(configMapPath(namespace, name), { query: { resourceVersion } }),
        200,
      );
      expect(got.metadata.resourceVersion, `resourceVersion=${resourceVersion}`).to.equal(
        updated.metadata.resourceVersion,
      );
      expect(got.data).to.deep.equal({ v: 'second' });
    }
    const future = (BigInt(updated.metadata.resourceVersion!) + 1_000_000_000n).toString();
    const status = expectFailureStatus(
      await client.get(configMapPath(namespace, name), { query: { resourceVersion: future } }),
      504,
      'Timeout',
    );
    expect(status.message).to.match(
      new RegExp(`^Timeout: Too large resource version: ${future}, current: \\d+$`),
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
