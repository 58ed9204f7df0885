import { expect } from 'chai';
import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { describeResponse, expectStatusCode } from '../framework/kube.js';
import { AREA } from './area.js';

interface APIResource {
  name: string;
  kind?: string;
  namespaced?: boolean;
  verbs?: string[];
}

// The verbs Kubernetes can advertise for a resource (staging/src/k8s.io/apiserver/pkg/endpoints/installer.go).
const KNOWN_VERBS = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
  'proxy',
];

const EXPECTED: { name: string; kind: string; namespaced: boolean; verbs: string[] }[] = [
  { name: 'namespaces', kind: 'Namespace', namespaced: false, verbs: ['create', 'delete', 'get', 'list'] },
  {
    name: 'configmaps',
    kind: 'ConfigMap',
    namespaced: true,
    verbs: ['create', 'delete', 'get', 'list', 'update'],
  },
];

export const discoveryCore: ConformanceTest = {
  id: `${AREA}/discovery-core`,
  area: AREA,
  description:
    'The workspace MUST serve legacy discovery: /api an APIVersions object listing v1, and /api/v1 an ' +
    'APIResourceList for groupVersion v1 that lists namespaces (kind Namespace, cluster-scoped) and ' +
    'configmaps (kind ConfigMap, namespaced) with the verbs they support.',
  level: 'MUST',
  features: [Feature.Discovery, Feature.Namespaces, Feature.ConfigMaps],
  source: [
    'kubernetes: staging/src/k8s.io/apiserver/pkg/endpoints/discovery/legacy.go',
    'kubernetes: staging/src/k8s.io/apiserver/pkg/endpoints/installer.go',
    'kubernetes: staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/types.go',
    'kcp: docs/content/concepts/apis/rest-access-patterns.md',
  ],
  async run({ client }) {
    const api = expectStatusCode(await client.get<{ kind?: string; versions?: string[] }>('/api'), 200);
    expect(api?.kind, '/api kind').to.equal('APIVersions');
    expect(api?.versions, '/api versions').to.include('v1');

    const response = await client.get<{ kind?: string; groupVersion?: string; resources?: APIResource[] }>(
      '/api/v1',
    );
    const list = expectStatusCode(response, 200);
    expect(list, describeResponse(response)).to.include({ kind: 'APIResourceList', groupVersion: 'v1' });
    const resources = list?.resources ?? [];
    for (const expected of EXPECTED) {
      const resource = resources.find((candidate) => candidate.name === expected.name);
      expect(resource, `/api/v1 lists ${expected.name}`).to.be.an('object');
      expect(resource, expected.name).to.include({ kind: expected.kind, namespaced: expected.namespaced });
      expect(resource!.verbs, `${expected.name} verbs`).to.include.members(expected.verbs);
      expect(KNOWN_VERBS, `${expected.name} verbs are Kubernetes verbs`).to.include.members(
        resource!.verbs ?? [],
      );
    }
  },
};
