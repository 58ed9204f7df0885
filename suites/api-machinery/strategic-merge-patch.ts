// Strategic merge patch (application/strategic-merge-patch+json): the patch type kubectl patch
// uses by default for built-in types, whose Go struct tags say how each list merges. Custom
// resources have no such tags, so kube refuses it for them.
import { expect } from 'chai';
import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import type { ApiResponse, ClusterClient } from '../framework/http/client.js';
import {
  configMap,
  configMapPath,
  configMapsPath,
  expectFailureStatus,
  expectStatusCode,
  type ConfigMap,
  type KubeObject,
} from '../framework/kube.js';
import { AREA } from './area.js';
import { crd, createEstablished, deleteCrd, waitServed } from './crd-support.js';

const SMP = 'application/strategic-merge-patch+json';

interface ServiceAccount extends KubeObject {
  secrets?: { name: string }[];
  imagePullSecrets?: { name: string }[];
}

function strategicPatch<T>(client: ClusterClient, path: string, patch: unknown): Promise<ApiResponse<T>> {
  return client.request<T>({
    method: 'PATCH',
    path,
    body: JSON.stringify(patch),
    headers: { 'content-type': SMP },
  });
}

export const strategicMergePatch: ConformanceTest = {
  id: `${AREA}/strategic-merge-patch`,
  area: AREA,
  description:
    'A strategic merge patch of a built-in type MUST merge lists that have a patch merge key by that key ' +
    '(ServiceAccount secrets by name: new entries added before the existing ones, which are kept), MUST remove a list entry marked ' +
    '$patch: delete, MUST replace a map marked $patch: replace, and MUST delete map keys patched to null.',
  level: 'MUST',
  features: [Feature.ConfigMaps, Feature.StrategicMergePatch],
  source: [
    'kubernetes: staging/src/k8s.io/apimachinery/pkg/util/strategicpatch/patch.go',
    'kubernetes: staging/src/k8s.io/api/core/v1/types.go',
    'kubernetes: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go',
  ],
  async run({ client, namespace, uniqueName }) {
    const name = uniqueName('smp');
    const saPath = `/api/v1/namespaces/${namespace}/serviceaccounts/${name}`;
    expectStatusCode(
      await client.post(`/api/v1/namespaces/${namespace}/serviceaccounts`, {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name, labels: { keep: 'yes', drop: 'yes' } },
        secrets: [{ name: 'one' }, { name: 'two' }],
        imagePullSecrets: [{ name: 'pull' }],
      }),
      201,
    );

    // secrets: patchStrategy merge, patchMergeKey name. A JSON merge patch would replace the list.
    const merged = expectStatusCode(
      await strategicPatch<ServiceAccount>(client, saPath, {
        secrets: [{ name: 'three' }],
        metadata: { labels: { drop: null, added: 'yes' } },
      }),
      200,
    );
    // Without $setElementOrder the patch's entries come first, then the server's (normalizeElementOrder).
    expect(merged.secrets?.map((s) => s.name)).to.deep.equal(['three', 'one', 'two']);
    expect(merged.metadata.labels).to.deep.equal({ keep: 'yes', added: 'yes' });
    expect(merged.imagePullSecrets, 'untouched list').to.deep.equal([{ name: 'pull' }]);

    const deleted = expectStatusCode(
      await strategicPatch<ServiceAccount>(client, saPath, { secrets: [{ name: 'two', $patch: 'delete' }] }),
      200,
    );
    expect(deleted.secrets?.map((s) => s.name)).to.deep.equal(['three', 'one']);
    const stored = expectStatusCode(await client.get<ServiceAccount>(saPath), 200);
    expect(stored.secrets?.map((s) => s.name)).to.deep.equal(['three', 'one']);

    // A map marked $patch: replace is replaced, not merged.
    const cmName = uniqueName('smp-cm');
    expectStatusCode(
      await client.post(configMapsPath(namespace), configMap(cmName, { a: '1', b: '2' })),
      201,
    );
    const replaced = expectStatusCode(
      await strategicPatch<ConfigMap>(client, configMapPath(namespace, cmName), {
        data: { $patch: 'replace', c: '3' },
      }),
      200,
    );
    expect(replaced.data).to.deep.equal({ c: '3' });
  },
};

export const strategicMergePatchCustomResource: ConformanceTest = {
  id: `${AREA}/strategic-merge-patch-custom-resource`,
  area: AREA,
  description:
    'A strategic merge patch of a custom resource MUST be refused with 415 UnsupportedMediaType naming the ' +
    'patch types custom resources accept, and MUST leave the object unchanged.',
  level: 'MUST',
  features: [Feature.CustomResourceDefinitions, Feature.StrategicMergePatch, Feature.Namespaces],
  source: [
    'kubernetes: staging/src/k8s.io/apiextensions-apiserver/pkg/apiserver/customresource_handler.go',
    'kubernetes: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go',
  ],
  async run(ctx) {
    const { client, namespace, uniqueName } = ctx;
    const group = `${uniqueName('smp')}.kh.example.com`;
    const definition = crd(group, 'gadgets', 'Gadget', [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: { type: 'object', properties: { parts: { type: 'array', items: { type: 'string' } } } },
            },
          },
        },
      },
    ]);
    await createEstablished(ctx, client, definition);
    try {
      const collection = `/apis/${group}/v1/namespaces/${namespace}/gadgets`;
      await waitServed(ctx, client, collection);
      expectStatusCode(
        await client.post(collection, {
          apiVersion: `${group}/v1`,
          kind: 'Gadget',
          metadata: { name: 'g' },
          spec: { parts: ['a'] },
        }),
        201,
      );
      const refused = await strategicPatch(client, `${collection}/g`, { spec: { parts: ['b'] } });
      const status = expectFailureStatus(refused, 415, 'UnsupportedMediaType');
      // The message lists the patch types custom resources take (apiextensions-apiserver
      // customresource_handler.go supportedTypes, alike in 1.34.3-1.37.2 and kcp's fork; kcp v0.32
      // lists apply-patch+yaml twice, CBOR adds apply-patch+cbor): the three types are what matter.
      for (const type of [
        'application/json-patch+json',
        'application/merge-patch+json',
        'application/apply-patch+yaml',
      ])
        expect(status.message).to.contain(type);
      expect(status.message).not.to.contain('strategic-merge-patch');
      const stored = expectStatusCode(
        await client.get<KubeObject & { spec: unknown }>(`${collection}/g`),
        200,
      );
      expect(stored.spec).to.deep.equal({ parts: ['a'] });
    } finally {
      await deleteCrd(client, definition.metadata.name);
    }
  },
};
