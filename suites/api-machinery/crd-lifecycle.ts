import { expect } from 'chai';
import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { describeResponse, expectStatusCode, type KubeObject } from '../framework/kube.js';
import { findCondition } from '../framework/tenancy.js';
import { AREA } from './area.js';
import { CRDS, crd, deleteCrd, type CrdObject, waitServed } from './crd-support.js';

const openSchema = { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } };

export const crdLifecycle: ConformanceTest = {
  id: `${AREA}/crd-lifecycle`,
  area: AREA,
  description:
    'A CustomResourceDefinition MUST get NamesAccepted (NoConflicts) and Established (InitialNamesAccepted) ' +
    'conditions and its resource MUST then be served in every served version and listed in discovery with its ' +
    'short names and categories; a second CRD claiming names already accepted in the group MUST get ' +
    'NamesAccepted=False and stay unserved; deleting a CRD MUST delete its instances and stop serving it.',
  level: 'MUST',
  features: [Feature.CustomResourceDefinitions, Feature.Namespaces],
  source: [
    'kubernetes: staging/src/k8s.io/apiextensions-apiserver/pkg/controller/status/naming_controller.go',
    'kubernetes: staging/src/k8s.io/apiextensions-apiserver/pkg/controller/establish/establishing_controller.go',
    'kubernetes: staging/src/k8s.io/apiextensions-apiserver/pkg/controller/finalizer/crd_finalizer.go',
    'kcp: test/e2e/customresourcedefinition/customresourcedefinition_test.go',
  ],
  async run(ctx) {
    const { client, namespace } = ctx;
    const group = `${ctx.uniqueName('life')}.kcp-harness.io`;
    const widgets = crd(group, 'widgets', 'Widget', [
      { name: 'v1', served: true, storage: true, schema: openSchema },
      { name: 'v2', served: true, storage: false, schema: openSchema },
    ]);
    widgets.spec.names.shortNames = ['wdg'];
    widgets.spec.names.categories = ['kh-test'];
    const gizmos = crd(group, 'gizmos', 'Widget', [
      { name: 'v1', served: true, storage: true, schema: openSchema },
    ]);
    try {
      const created = expectStatusCode(await client.post<CrdObject>(CRDS, widgets), 201);
      expect(created.status?.storedVersions, 'storedVersions on create').to.deep.equal(['v1']);
      expect(created.metadata.generation, 'generation on create').to.equal(1);
      const established = await ctx.eventually(
        async () => {
          const response = await client.get<CrdObject>(`${CRDS}/${widgets.metadata.name}`);
          expect(findCondition(response.body, 'Established')?.status, describeResponse(response)).to.equal(
            'True',
          );
          return response.body;
        },
        { description: `${widgets.metadata.name} Established` },
      );
      // Conditions are pinned by status and reason (machine-readable, API conventions); their
      // messages are free text.
      expect(findCondition(established, 'NamesAccepted'), 'NamesAccepted').to.include({
        status: 'True',
        reason: 'NoConflicts',
      });
      expect(findCondition(established, 'Established'), 'Established').to.include({
        reason: 'InitialNamesAccepted',
      });
      expect(established.status?.acceptedNames, 'acceptedNames').to.deep.include({
        plural: 'widgets',
        singular: 'widget',
        kind: 'Widget',
        listKind: 'WidgetList',
        shortNames: ['wdg'],
        categories: ['kh-test'],
      });

      const path = (version: string) => `/apis/${group}/${version}/namespaces/${namespace}/widgets`;
      await waitServed(ctx, client, path('v1'));
      const discovery = expectStatusCode(
        await client.get<{ resources: { name: string; [k: string]: unknown }[] }>(`/apis/${group}/v1`),
        200,
      );
      const entry = discovery.resources.find((r) => r.name === 'widgets');
      expect(entry, `widgets in /apis/${group}/v1`).to.deep.include({
        singularName: 'widget',
        namespaced: true,
        kind: 'Widget',
        shortNames: ['wdg'],
        categories: ['kh-test'],
      });
      expect(entry?.verbs, 'verbs').to.have.members([
        'create',
        'delete',
        'deletecollection',
        'get',
        'list',
        'patch',
        'update',
        'watch',
      ]);

      // One object, read in both served versions (conversion None rewrites apiVersion only).
      const name = ctx.uniqueName('w');
      const object = {
        apiVersion: `${group}/v1`,
        kind: 'Widget',
        metadata: { name },
        spec: { color: 'blue' },
      };
      expectStatusCode(await client.post(path('v1'), object), 201);
      const asV2 = expectStatusCode(await client.get<KubeObject>(`${path('v2')}/${name}`), 200);
      expect(asV2.apiVersion, 'apiVersion read through v2').to.equal(`${group}/v2`);
      expect(asV2.spec, 'spec read through v2').to.deep.equal({ color: 'blue' });

      // A second CRD of the group claiming the kind Widget: its names are not accepted.
      expectStatusCode(await client.post(CRDS, gizmos), 201);
      const refused = await ctx.eventually(
        async () => {
          const response = await client.get<CrdObject>(`${CRDS}/${gizmos.metadata.name}`);
          expect(findCondition(response.body, 'NamesAccepted')?.status, describeResponse(response)).to.equal(
            'False',
          );
          return response.body;
        },
        { description: `${gizmos.metadata.name} NamesAccepted=False` },
      );
      const namesAccepted = findCondition(refused, 'NamesAccepted');
      expect(namesAccepted, 'NamesAccepted').to.include({ reason: 'ListKindConflict' });
      expect(namesAccepted?.message, 'NamesAccepted message names the list kind').to.contain('WidgetList');
      expect(findCondition(refused, 'Established'), 'Established').to.include({
        status: 'False',
        reason: 'NotAccepted',
      });
      const unserved = await client.get(`/apis/${group}/v1/namespaces/${namespace}/gizmos`);
      expect(unserved.status, describeResponse(unserved)).to.equal(404);

      // Deleting the CRD deletes its instances, then the CRD, and the resource is no longer served.
      const deleting = await client.delete<CrdObject>(`${CRDS}/${widgets.metadata.name}`);
      expect(deleting.status, describeResponse(deleting)).to.equal(200);
      if (deleting.body.kind === 'CustomResourceDefinition')
        expect(deleting.body.metadata.finalizers, 'finalizers of the deleted CRD').to.include(
          'customresourcecleanup.apiextensions.k8s.io',
        );
      await ctx.eventually(
        async () => {
          const response = await client.get(`${CRDS}/${widgets.metadata.name}`);
          expect(response.status, describeResponse(response)).to.equal(404);
        },
        { description: `${widgets.metadata.name} deleted` },
      );
      await ctx.eventually(
        async () => {
          const response = await client.get(path('v1'));
          expect(response.status, describeResponse(response)).to.equal(404);
        },
        { description: `${path('v1')} no longer served` },
      );
    } finally {
      await deleteCrd(client, gizmos.metadata.name);
      await deleteCrd(client, widgets.metadata.name);
    }
  },
};
