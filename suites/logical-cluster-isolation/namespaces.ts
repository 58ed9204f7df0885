import { expect } from 'chai';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { describeResponse, expectStatusCode, type KubeList, type KubeObject } from '../framework/kube.js';
import { AREA } from './area.js';
import { siblings } from './siblings.js';

interface Namespace extends KubeObject {
  status?: { phase?: string };
}

export const namespacesPerWorkspace: ConformanceTest = {
  id: `${AREA}/namespaces-per-workspace`,
  area: AREA,
  description:
    'Namespaces MUST belong to one workspace: a namespace created in one MUST not be visible (GET 404, ' +
    'absent from the list) in a sibling, which MUST be able to create its own of the same name, unaffected ' +
    'when the first one is deleted.',
  level: 'MUST',
  features: [Feature.Workspaces, Feature.Namespaces],
  source: [
    'kcp: test/e2e/reconciler/workspacedeletion/controller_test.go',
    'kcp: docs/content/developers/internals/etcd-structure.md',
  ],
  deadline: workspaceDeadline(1),
  async run(ctx) {
    const { a, b } = await siblings(ctx);
    const name = ctx.uniqueName('kh-only-in-a');
    const path = `/api/v1/namespaces/${name}`;
    const body = { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
    expectStatusCode(await a.client.post('/api/v1/namespaces', body), 201);

    const missing = await b.client.get(path);
    expect(missing.status, describeResponse(missing)).to.equal(404);
    const listed = expectStatusCode(await b.client.get<KubeList<Namespace>>('/api/v1/namespaces'), 200);
    expect(
      listed.items.map((item) => item.metadata.name),
      `namespaces of ${b.path}`,
    ).not.to.include(name);

    const own = expectStatusCode(await b.client.post<Namespace>('/api/v1/namespaces', body), 201);
    const deleted = await a.client.delete(path);
    expect([200, 202], describeResponse(deleted)).to.include(deleted.status);
    const still = expectStatusCode(await b.client.get<Namespace>(path), 200);
    expect(still.metadata.uid).to.equal(own.metadata.uid);
    expect(still.status?.phase, `phase of ${name} in ${b.path}`).to.equal('Active');
  },
};
