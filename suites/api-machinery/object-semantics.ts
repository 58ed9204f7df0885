// Object lifecycle rules every stored type shares: finalizers and deletionTimestamp, delete
// preconditions, deletecollection, and fields that cannot change once set.
import { expect } from 'chai';
import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import {
  configMap,
  configMapPath,
  configMapsPath,
  deleteWithOptions,
  describeResponse,
  expectFailureStatus,
  expectStatusCode,
  mergePatch,
  type ConfigMap,
  type KubeList,
} from '../framework/kube.js';
import { AREA } from './area.js';

const FINALIZER = 'kcp-harness.io/hold';

export const finalizersHoldDeletion: ConformanceTest = {
  id: `${AREA}/finalizers-hold-deletion`,
  area: AREA,
  description:
    'Deleting an object that has finalizers MUST set metadata.deletionTimestamp (and deletionGracePeriodSeconds ' +
    '0) and keep the object readable; adding a finalizer to it MUST then be refused with 422 Invalid; removing ' +
    'the last finalizer MUST remove the object.',
  level: 'MUST',
  features: [Feature.ConfigMaps],
  source: [
    'kubernetes: staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go',
    'kubernetes: staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go',
  ],
  async run({ client, namespace, uniqueName }) {
    const name = uniqueName('fin');
    const path = configMapPath(namespace, name);
    const object = configMap(name, { a: '1' });
    object.metadata.finalizers = [FINALIZER];
    expectStatusCode(await client.post(configMapsPath(namespace), object), 201);

    const deleting = expectStatusCode(await client.delete<ConfigMap>(path), 200);
    expect(deleting.metadata.deletionTimestamp, 'deletionTimestamp in the delete answer').to.be.a('string');
    expect(deleting.metadata.deletionGracePeriodSeconds).to.equal(0);
    const held = expectStatusCode(await client.get<ConfigMap>(path), 200);
    expect(held.metadata.deletionTimestamp).to.equal(deleting.metadata.deletionTimestamp);
    expect(held.metadata.finalizers).to.deep.equal([FINALIZER]);

    const added = await mergePatch(client, path, {
      metadata: { finalizers: [FINALIZER, 'kcp-harness.io/more'] },
    });
    const status = expectFailureStatus(added, 422, 'Invalid');
    // Kubernetes validates ObjectMeta updates twice (common fields, then the strategy) and so
    // lists the cause twice; one or more is what the behaviour needs. The rule is alike in
    // 1.34.3-1.37.2 and kcp's fork (apimachinery pkg/api/validation/objectmeta.go
    // ValidateNoNewFinalizers); its message prints the finalizers with Go's %#v, so only the
    // finalizer's name is pinned.
    const causes = status.details?.causes ?? [];
    expect(causes.length, 'causes').to.be.greaterThan(0);
    for (const cause of causes) {
      expect(cause, JSON.stringify(cause)).to.include({
        reason: 'FieldValueForbidden',
        field: 'metadata.finalizers',
      });
      expect(cause.message).to.contain('kcp-harness.io/more');
    }

    // A second delete is accepted and changes nothing.
    expectStatusCode(await client.delete(path), 200);
    expectStatusCode(await mergePatch(client, path, { metadata: { finalizers: null } }), 200);
    const gone = await client.get(path);
    expect(gone.status, describeResponse(gone)).to.equal(404);
  },
};

export const deletePreconditions: ConformanceTest = {
  id: `${AREA}/delete-preconditions`,
  area: AREA,
  description:
    'A delete whose DeleteOptions preconditions (uid, resourceVersion) do not match the stored object MUST be ' +
    'refused with 409 Conflict and keep the object; matching preconditions MUST delete it; a deletecollection ' +
    'with a label selector MUST delete exactly the matching objects.',
  level: 'MUST',
  features: [Feature.ConfigMaps, Feature.LabelSelectors],
  source: [
    'kubernetes: staging/src/k8s.io/apiserver/pkg/registry/rest/delete.go',
    'kubernetes: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/delete.go',
  ],
  async run({ client, namespace, uniqueName }) {
    const name = uniqueName('pre');
    const path = configMapPath(namespace, name);
    const created = expectStatusCode(
      await client.post<ConfigMap>(configMapsPath(namespace), configMap(name, { a: '1' })),
      201,
    );
    const del = (preconditions: Record<string, string>) => deleteWithOptions(client, path, { preconditions });

    // rest.BeforeDelete names both values alike in 1.34.3-1.37.2 and kcp's fork (apiserver
    // pkg/registry/rest/delete.go); the values are pinned, not the sentence.
    const wrongUid = expectFailureStatus(await del({ uid: 'not-the-uid' }), 409, 'Conflict');
    expect(wrongUid.message).to.contain('not-the-uid').and.contain(created.metadata.uid!);
    const updated = expectStatusCode(
      await client.put<ConfigMap>(path, { ...created, data: { a: '2' } }),
      200,
    );
    const staleRv = expectFailureStatus(
      await del({ resourceVersion: created.metadata.resourceVersion! }),
      409,
      'Conflict',
    );
    expect(staleRv.message)
      .to.contain(`(${created.metadata.resourceVersion})`)
      .and.contain(`(${updated.metadata.resourceVersion})`);
    expectStatusCode(await client.get(path), 200);
    expectStatusCode(
      await del({ uid: created.metadata.uid!, resourceVersion: updated.metadata.resourceVersion! }),
      200,
    );
    const gone = await client.get(path);
    expect(gone.status, describeResponse(gone)).to.equal(404);

    const group = uniqueName('dc');
    for (const [suffix, labels] of [
      ['x1', { 'kcp-harness/dc': group, pick: 'yes' }],
      ['x2', { 'kcp-harness/dc': group, pick: 'yes' }],
      ['keep', { 'kcp-harness/dc': group, pick: 'no' }],
    ] as const)
      expectStatusCode(
        await client.post(configMapsPath(namespace), configMap(`${group}-${suffix}`, {}, labels)),
        201,
      );
    const collection = await client.delete<KubeList>(configMapsPath(namespace), {
      query: { labelSelector: `kcp-harness/dc=${group},pick=yes` },
    });
    expect(expectStatusCode(collection, 200).kind).to.equal('ConfigMapList');
    const left = expectStatusCode(
      await client.get<KubeList>(configMapsPath(namespace), {
        query: { labelSelector: `kcp-harness/dc=${group}` },
      }),
      200,
    );
    expect(left.items.map((item) => item.metadata.name)).to.deep.equal([`${group}-keep`]);
  },
};

export const immutableFields: ConformanceTest = {
  id: `${AREA}/immutable-fields`,
  area: AREA,
  description:
    'An update that changes an immutable field MUST be refused with 422 Invalid whose causes name the field ' +
    "(a ConfigMap with immutable: true keeps its data and cannot be made mutable again; a Secret's type never " +
    'changes), while metadata such as labels stays writable.',
  level: 'MUST',
  features: [Feature.ConfigMaps],
  source: ['kubernetes: pkg/apis/core/validation/validation.go'],
  async run({ client, namespace, uniqueName }) {
    const name = uniqueName('imm');
    const path = configMapPath(namespace, name);
    const created = expectStatusCode(
      await client.post<ConfigMap>(configMapsPath(namespace), {
        ...configMap(name, { a: '1' }),
        immutable: true,
      }),
      201,
    );
    const changed = await client.put(path, { ...created, data: { a: '2' } });
    const status = expectFailureStatus(changed, 422, 'Invalid');
    expect(status.details).to.include({ name, kind: 'ConfigMap' });
    // ValidateConfigMapUpdate is alike in 1.34.3, 1.37.2 and kcp's fork (pkg/apis/core/validation).
    expect(status.details?.causes?.map((c) => `${c.reason} ${c.field}`)).to.deep.equal([
      'FieldValueForbidden data',
    ]);
    const unfrozen = await client.put(path, { ...created, immutable: false });
    const unfrozenStatus = expectFailureStatus(unfrozen, 422, 'Invalid');
    expect(unfrozenStatus.details?.causes?.map((c) => c.field)).to.deep.equal(['immutable']);

    const relabelled = expectStatusCode(
      await mergePatch<ConfigMap>(client, path, { metadata: { labels: { still: 'writable' } } }),
      200,
    );
    expect(relabelled.metadata.labels).to.deep.equal({ still: 'writable' });
    expect(relabelled.data).to.deep.equal({ a: '1' });

    const secretName = uniqueName('imm-secret');
    const secretPath = `/api/v1/namespaces/${namespace}/secrets/${secretName}`;
    expectStatusCode(
      await client.post(`/api/v1/namespaces/${namespace}/secrets`, {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: secretName },
        type: 'Opaque',
      }),
      201,
    );
    const retyped = await mergePatch(client, secretPath, { type: 'kcp-harness.io/other' });
    const retypedStatus = expectFailureStatus(retyped, 422, 'Invalid');
    expect(retypedStatus.details?.causes?.map((c) => `${c.reason} ${c.field}`)).to.deep.equal([
      'FieldValueInvalid type',
    ]);
  },
};
