import { expect } from 'chai';
import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import type { ClusterClient } from '../framework/http/client.js';
import { describeResponse, expectStatusCode } from '../framework/kube.js';
import { AREA } from './area.js';

const V2 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
// What kubectl and client-go send: v2, then v2beta1, then legacy JSON.
const CLIENT_GO_ACCEPT = `${V2},${V2.replace('v=v2', 'v=v2beta1')},application/json`;

interface GVK {
  group: string;
  version: string;
  kind: string;
}
interface ResourceDiscovery {
  resource: string;
  responseKind?: GVK;
  scope: string;
  singularResource?: string;
  verbs?: string[];
  shortNames?: string[];
  categories?: string[];
  subresources?: { subresource: string; responseKind?: GVK; verbs?: string[] }[];
}
interface GroupDiscoveryList {
  kind?: string;
  apiVersion?: string;
  items?: {
    metadata?: { name?: string };
    versions?: { version: string; resources?: ResourceDiscovery[] }[];
  }[];
}
interface LegacyResource {
  name: string;
  singularName?: string;
  namespaced: boolean;
  kind: string;
  verbs?: string[];
  shortNames?: string[];
  categories?: string[];
}

/** A resource as both documents can state it, so one comparison covers every field they share. */
function fromLegacy(r: LegacyResource) {
  return {
    name: r.name,
    namespaced: r.namespaced,
    kind: r.kind,
    verbs: [...(r.verbs ?? [])].sort(),
    ...(r.name.includes('/')
      ? {}
      : {
          singular: r.singularName ?? '',
          shortNames: r.shortNames ?? [],
          categories: r.categories ?? [],
        }),
  };
}

function fromAggregated(resources: readonly ResourceDiscovery[]) {
  return resources.flatMap((r) => {
    const namespaced = r.scope === 'Namespaced';
    return [
      {
        name: r.resource,
        namespaced,
        kind: r.responseKind?.kind ?? '',
        verbs: [...(r.verbs ?? [])].sort(),
        singular: r.singularResource ?? '',
        shortNames: r.shortNames ?? [],
        categories: r.categories ?? [],
      },
      ...(r.subresources ?? []).map((s) => ({
        name: `${r.resource}/${s.subresource}`,
        namespaced,
        kind: s.responseKind?.kind ?? '',
        verbs: [...(s.verbs ?? [])].sort(),
      })),
    ];
  });
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

async function expectAgreement(
  client: ClusterClient,
  legacyPath: string,
  resources: readonly ResourceDiscovery[],
): Promise<void> {
  const response = await client.get<{ resources?: LegacyResource[] }>(legacyPath);
  const legacy = expectStatusCode(response, 200);
  expect(fromAggregated(resources).sort(byName), `aggregated entries for ${legacyPath}`).to.deep.equal(
    (legacy?.resources ?? []).map(fromLegacy).sort(byName),
  );
}

export const aggregatedDiscovery: ConformanceTest = {
  id: `${AREA}/aggregated-discovery`,
  area: AREA,
  description:
    'A workspace MUST answer /api to a client that accepts apidiscovery.k8s.io/v2 APIGroupDiscoveryList ' +
    '(as kubectl does) with that document, its Content-Type naming the profile, Vary: Accept and an ' +
    'ETag that If-None-Match turns into 304; its resources, subresources, scopes, kinds, verbs, ' +
    'singular and short names MUST agree with legacy /api/v1, and where /apis is served aggregated ' +
    'it MUST agree with every legacy /apis/<group>/<version>.',
  level: 'MUST',
  features: [Feature.Discovery, Feature.AggregatedDiscovery],
  source: [
    'kubernetes: staging/src/k8s.io/apiserver/pkg/endpoints/discovery/aggregated/wrapper.go',
    'kubernetes: staging/src/k8s.io/apiserver/pkg/endpoints/discovery/aggregated/etag.go',
    'kubernetes: staging/src/k8s.io/apiserver/pkg/endpoints/installer.go',
    'kubernetes: staging/src/k8s.io/api/apidiscovery/v2/types.go',
  ],
  serial:
    'it compares discovery documents read one after another, which the CRDs of tests running beside it ' +
    'change in between on a plain Kubernetes server (CRDs are cluster-wide there)',
  async run({ client, log }) {
    const response = await client.get<GroupDiscoveryList>('/api', { headers: { accept: CLIENT_GO_ACCEPT } });
    const core = expectStatusCode(response, 200);
    expect(response.headers['content-type'], describeResponse(response)).to.equal(V2);
    expect(response.headers['vary'], 'Vary').to.match(/\bAccept\b/);
    expect(core).to.include({ kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2' });
    expect(core?.items, '/api items').to.have.length(1);
    const group = core!.items![0]!;
    expect(group.metadata?.name ?? '', 'the core group has no name').to.equal('');
    expect(
      group.versions?.map((v) => v.version),
      'core versions',
    ).to.deep.equal(['v1']);
    await expectAgreement(client, '/api/v1', group.versions![0]!.resources ?? []);

    const etag = response.headers['etag'];
    expect(etag, 'ETag').to.be.a('string');
    const cached = await client.get('/api', { headers: { accept: V2, 'if-none-match': etag! } });
    expect(cached.status, describeResponse(cached)).to.equal(304);

    const groups = await client.get<GroupDiscoveryList>('/apis', { headers: { accept: V2 } });
    if (groups.status !== 200 || groups.headers['content-type'] !== V2) {
      // kcp serves a workspace's /apis from its own legacy handler: 406 to this Accept.
      log(`/apis is not served aggregated here (${groups.status} ${groups.headers['content-type']})`);
      return;
    }
    const legacyGroups = expectStatusCode(await client.get<{ groups?: { name: string }[] }>('/apis'), 200);
    const names = (groups.body?.items ?? []).map((g) => g.metadata?.name ?? '');
    expect([...names].sort(), 'aggregated /apis groups').to.deep.equal(
      (legacyGroups?.groups ?? []).map((g) => g.name).sort(),
    );
    for (const g of groups.body?.items ?? []) {
      for (const v of g.versions ?? []) {
        await expectAgreement(client, `/apis/${g.metadata?.name}/${v.version}`, v.resources ?? []);
      }
    }
  },
};
