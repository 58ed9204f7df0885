import { expect } from 'chai';
import { clusterroles, roles, serviceaccounts } from '../registry/builtins/index.js';
import type { ResourceType } from '../registry/resource-type.js';
import { aggregatedCore, aggregatedGroups, discoveryETag, resourcesForDiscovery } from './aggregated.js';
import { compareGroups } from './group-priority.js';

/** A copy of a built-in type moved to another group/version, for ordering tests. */
const moved = (t: ResourceType, group: string, version: string, storageVersion = false): ResourceType => ({
  ...t,
  group,
  version,
  storageVersion,
});

describe('aggregated discovery documents', () => {
  it('nests subresources under their resource with their own kind (serviceaccounts/token)', () => {
    const core = aggregatedCore([serviceaccounts]);
    expect(core).to.include({ kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2' });
    expect(core.items).to.have.length(1);
    expect(core.items[0]!.metadata).to.deep.equal({});
    const [version] = core.items[0]!.versions;
    expect(version).to.include({ version: 'v1', freshness: 'Current' });
    expect(version!.resources).to.deep.equal([
      {
        resource: 'serviceaccounts',
        responseKind: { group: '', version: '', kind: 'ServiceAccount' },
        scope: 'Namespaced',
        singularResource: 'serviceaccount',
        verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
        shortNames: ['sa'],
        subresources: [
          {
            subresource: 'token',
            responseKind: { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' },
            verbs: ['create'],
          },
        ],
      },
    ]);
  });

  it('lists no core group when the cluster has no core types', () => {
    expect(aggregatedCore([clusterroles]).items).to.deep.equal([]);
  });

  it('orders resources by name and subresources after their parent, as legacy lists are', () => {
    const out = resourcesForDiscovery([
      { name: 'b/status', singularName: '', namespaced: true, kind: 'B', verbs: ['get'] },
      { name: 'b', singularName: 'b', namespaced: true, kind: 'B', verbs: ['get'] },
      { name: 'a', singularName: 'a', namespaced: false, kind: 'A', verbs: ['list'] },
    ]);
    expect(out.map((r) => [r.resource, r.scope, r.subresources?.map((s) => s.subresource)])).to.deep.equal([
      ['a', 'Cluster', undefined],
      ['b', 'Namespaced', ['status']],
    ]);
  });

  it('orders groups by kube priority then name, and versions GA before beta before alpha', () => {
    const types = [
      moved(roles, 'zeta.kcp.io', 'v1alpha1'),
      moved(roles, 'alpha.example.com', 'v1beta1'),
      moved(roles, 'alpha.example.com', 'v1', true),
      moved(roles, 'alpha.example.com', 'v2alpha1'),
      clusterroles,
      moved(roles, 'authentication.k8s.io', 'v1'),
    ];
    const groups = aggregatedGroups(types).items;
    expect(groups.map((g) => g.metadata.name)).to.deep.equal([
      'authentication.k8s.io',
      'rbac.authorization.k8s.io',
      'alpha.example.com',
      'zeta.kcp.io',
    ]);
    expect(groups[2]!.versions.map((v) => v.version)).to.deep.equal(['v1', 'v1beta1', 'v2alpha1']);
    expect(groups[1]!.versions[0]!.resources.map((r) => r.resource)).to.deep.equal(['clusterroles']);
    expect(['', 'apps'].sort(compareGroups)).to.deep.equal(['', 'apps']);
  });

  it('computes a quoted upper-case SHA-512 ETag that changes with the document', () => {
    const a = discoveryETag(JSON.stringify(aggregatedCore([serviceaccounts])));
    expect(a).to.match(/^"[0-9A-F]{128}"$/);
    expect(discoveryETag(JSON.stringify(aggregatedCore([])))).not.to.equal(a);
  });
});
