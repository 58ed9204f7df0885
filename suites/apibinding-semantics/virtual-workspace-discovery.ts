import { expect } from 'chai';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { expectStatusCode, type KubeList } from '../framework/kube.js';
import { AREA, BINDING_FEATURES } from './area.js';
import {
  APIS_GROUP,
  bindAndWait,
  createConsumer,
  createProvider,
  GROUP,
  GROUP_VERSION,
  PLURAL,
} from './support.js';
import { CLUSTER_ANNOTATION, virtualWorkspaceOf } from './virtual-workspace-support.js';

interface ResourceList {
  resources?: { name: string; verbs?: string[] | null }[];
}

export const virtualWorkspaceDiscovery: ConformanceTest = {
  id: `${AREA}/virtual-workspace-discovery`,
  area: AREA,
  description:
    "An APIExport's virtual workspace MUST serve discovery at /clusters/*: /apis lists the exported group and " +
    'apis.kcp.io, the exported version lists the resource with every verb, and apis.kcp.io/v1alpha2 lists ' +
    'apibindings read-only (get, list, watch); listing apibindings MUST show exactly the bindings to this ' +
    'export, one per consumer (not the default bindings of those workspaces).',
  level: 'MUST',
  features: [...BINDING_FEATURES, Feature.APIExportVirtualWorkspace],
  source: [
    'kcp: pkg/virtual/apiexport/schemas/apis.go',
    'kcp: pkg/virtual/apiexport/controllers/apireconciler/apiexport_apireconciler_reconcile.go',
    'kcp: test/e2e/virtual/apiexport/virtualworkspace_test.go',
  ],
  deadline: workspaceDeadline(3),
  async run(ctx) {
    const provider = await createProvider(ctx);
    const consumers = [await createConsumer(ctx), await createConsumer(ctx)];
    const bindings: string[] = [];
    for (const consumer of consumers) {
      const binding = await bindAndWait(ctx, consumer, provider);
      bindings.push(`${consumer.workspace.clusterName}/${binding.metadata.name}`);
    }
    const vw = await virtualWorkspaceOf(ctx, provider);
    const groups = await ctx.eventually(
      async () => {
        const list = expectStatusCode(await vw.all.get<{ groups?: { name: string }[] }>('/apis'), 200);
        const names = (list.groups ?? []).map((group) => group.name);
        expect(names, `${vw.url}/clusters/*/apis`).to.include.members([GROUP, APIS_GROUP]);
        return names;
      },
      { description: `discovery of ${vw.url}` },
    );
    expect(groups).to.include(GROUP);
    const exported = expectStatusCode(await vw.all.get<ResourceList>(GROUP_VERSION), 200);
    const resource = (exported.resources ?? []).find((r) => r.name === PLURAL);
    expect(resource?.verbs ?? [], `verbs of ${PLURAL}`).to.include.members([
      'create',
      'delete',
      'get',
      'list',
      'patch',
      'update',
      'watch',
    ]);
    const apis = expectStatusCode(await vw.all.get<ResourceList>(`/apis/${APIS_GROUP}/v1alpha2`), 200);
    const apibindings = (apis.resources ?? []).find((r) => r.name === 'apibindings');
    expect([...(apibindings?.verbs ?? [])].sort(), 'verbs of apibindings').to.deep.equal([
      'get',
      'list',
      'watch',
    ]);

    const listed = await ctx.eventually(
      async () => {
        const list = expectStatusCode(
          await vw.all.get<KubeList>(`/apis/${APIS_GROUP}/v1alpha2/apibindings`),
          200,
        );
        const keys = list.items
          .map((item) => `${item.metadata.annotations?.[CLUSTER_ANNOTATION]}/${item.metadata.name}`)
          .sort();
        expect(keys, 'apibindings through the virtual workspace').to.deep.equal([...bindings].sort());
        return keys;
      },
      { description: 'apibindings listed through the virtual workspace' },
    );
    expect(listed).to.have.length(2);
  },
};
