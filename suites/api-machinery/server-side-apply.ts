// Server-side apply (PATCH application/apply-patch+yaml) and the managedFields every write
// records, as kube-apiserver serves them in every kcp workspace.
import { expect } from 'chai';
import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import type { ApiResponse, ClusterClient } from '../framework/http/client.js';
import {
  configMap,
  configMapPath,
  configMapsPath,
  expectCause,
  expectFailureStatus,
  expectStatusCode,
  mergePatch,
  type ConfigMap,
} from '../framework/kube.js';
import { AREA } from './area.js';

const SOURCES = [
  'kubernetes: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go',
  'kubernetes: staging/src/k8s.io/apimachinery/pkg/util/managedfields/internal/fieldmanager.go',
  'kubernetes: staging/src/k8s.io/apimachinery/pkg/util/managedfields/internal/conflict.go',
  'kubernetes: vendor/sigs.k8s.io/structured-merge-diff/v6/merge/update.go',
];

interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  apiVersion?: string;
  time?: string;
  fieldsType?: string;
  fieldsV1?: unknown;
  subresource?: string;
}

function managedFields(obj: ConfigMap): ManagedFieldsEntry[] {
  return (obj.metadata.managedFields as ManagedFieldsEntry[] | undefined) ?? [];
}

/**
 * The entries without their times, for exact comparison. (An apply that changes nothing records
 * no time: a manager that only came to share fields has an entry without one.)
 */
function withoutTimes(obj: ConfigMap): ManagedFieldsEntry[] {
  return managedFields(obj).map(({ time, ...rest }) => {
    if (time !== undefined) expect(time, 'managedFields time').to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    return rest;
  });
}

function apply(
  client: ClusterClient,
  path: string,
  config: string,
  query: Record<string, string>,
): Promise<ApiResponse<ConfigMap>> {
  return client.request<ConfigMap>({
    method: 'PATCH',
    path,
    query,
    body: config,
    headers: { 'content-type': 'application/apply-patch+yaml' },
  });
}

function configYaml(name: string, data: Record<string, string>, labels: Record<string, string> = {}): string {
  const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', `  name: ${name}`];
  if (Object.keys(labels).length > 0) {
    lines.push('  labels:');
    for (const [k, v] of Object.entries(labels)) lines.push(`    ${k}: ${JSON.stringify(v)}`);
  }
  lines.push('data:');
  for (const [k, v] of Object.entries(data)) lines.push(`  ${k}: ${JSON.stringify(v)}`);
  return lines.join('\n') + '\n';
}

const applyEntry = (manager: string, fieldsV1: unknown): ManagedFieldsEntry => ({
  manager,
  operation: 'Apply',
  apiVersion: 'v1',
  fieldsType: 'FieldsV1',
  fieldsV1,
});

export const serverSideApplyCreateAndReapply: ConformanceTest = {
  id: `${AREA}/server-side-apply-create-reapply`,
  area: AREA,
  description:
    'An apply (PATCH application/apply-patch+yaml) of a missing object MUST create it and record an Apply ' +
    'managedFields entry for the fieldManager owning exactly the applied fields; an apply without fieldManager ' +
    'MUST fail with 422; applying the same configuration again MUST NOT change the object.',
  level: 'MUST',
  features: [Feature.ConfigMaps, Feature.ServerSideApply],
  source: SOURCES,
  async run({ client, namespace, uniqueName }) {
    const name = uniqueName('ssa');
    const path = configMapPath(namespace, name);
    const config = configYaml(name, { alpha: '1', beta: '2' }, { team: 'a' });

    const missing = await apply(client, path, config, {});
    const status = expectFailureStatus(missing, 422, 'Invalid');
    // ValidatePatchOptions is alike in 1.34.3, 1.35.4, 1.36.2, 1.37.2 and kcp's fork (apimachinery
    // pkg/apis/meta/v1/validation/validation.go): pinned are the one cause and its rule's words.
    expect(status.details).to.include({ group: 'meta.k8s.io', kind: 'PatchOptions' });
    expect(status.details?.causes).to.have.length(1);
    expectCause(status, { field: 'fieldManager', type: 'FieldValueRequired', fragment: 'apply patch' });

    const created = expectStatusCode(await apply(client, path, config, { fieldManager: 'alice' }), 201);
    expect(created.data).to.deep.equal({ alpha: '1', beta: '2' });
    expect(created.metadata.labels).to.deep.equal({ team: 'a' });
    expect(withoutTimes(created)).to.deep.equal([
      applyEntry('alice', {
        'f:data': { 'f:alpha': {}, 'f:beta': {} },
        'f:metadata': { 'f:labels': { 'f:team': {} } },
      }),
    ]);

    // kcp may write once more on the first re-apply (its stored encoding settles); after that an
    // identical apply is a no-op.
    const second = expectStatusCode(await apply(client, path, config, { fieldManager: 'alice' }), 200);
    const third = expectStatusCode(await apply(client, path, config, { fieldManager: 'alice' }), 200);
    expect(third.metadata.resourceVersion).to.equal(second.metadata.resourceVersion);
    expect(third.data).to.deep.equal({ alpha: '1', beta: '2' });
    expect(managedFields(third)).to.deep.equal(managedFields(second));
  },
};

export const serverSideApplyConflicts: ConformanceTest = {
  id: `${AREA}/server-side-apply-conflicts`,
  area: AREA,
  description:
    'An apply that changes fields another manager owns MUST fail with 409 Conflict, a message listing the ' +
    'conflicting fields per manager and one FieldManagerConflict cause per field; with force=true it MUST ' +
    'succeed and move those fields to the applier. force on a non-apply patch MUST be refused with 422.',
  level: 'MUST',
  features: [Feature.ConfigMaps, Feature.ServerSideApply],
  source: SOURCES,
  async run({ client, namespace, uniqueName }) {
    const name = uniqueName('ssa');
    const path = configMapPath(namespace, name);
    expectStatusCode(
      await apply(client, path, configYaml(name, { alpha: '1', keep: 'k' }, { team: 'a' }), {
        fieldManager: 'alice',
      }),
      201,
    );
    const bobConfig = configYaml(name, { alpha: '2', extra: 'e' }, { team: 'b' });
    const refused = await apply(client, path, bobConfig, { fieldManager: 'bob' });
    const status = expectFailureStatus(refused, 409, 'Conflict');
    // The conflict report is alike in 1.34.3-1.37.2 and kcp's fork (apimachinery
    // pkg/util/managedfields/internal/conflict.go): one cause per field; the message names the
    // manager and the fields, its sentence is not pinned.
    expect(status.message)
      .to.contain('"alice"')
      .and.contain('.data.alpha')
      .and.contain('.metadata.labels.team');
    expect(status.details?.causes?.map((c) => `${c.reason} ${c.field}`)).to.have.members([
      'FieldManagerConflict .data.alpha',
      'FieldManagerConflict .metadata.labels.team',
    ]);
    for (const cause of status.details?.causes ?? []) expect(cause.message).to.contain('"alice"');
    const unchanged = expectStatusCode(await client.get<ConfigMap>(path), 200);
    expect(unchanged.data).to.deep.equal({ alpha: '1', keep: 'k' });

    const forced = expectStatusCode(
      await apply(client, path, bobConfig, { fieldManager: 'bob', force: 'true' }),
      200,
    );
    expect(forced.data).to.deep.equal({ alpha: '2', keep: 'k', extra: 'e' });
    expect(forced.metadata.labels).to.deep.equal({ team: 'b' });
    expect(withoutTimes(forced)).to.deep.equal([
      applyEntry('alice', { 'f:data': { 'f:keep': {} } }),
      applyEntry('bob', {
        'f:data': { 'f:alpha': {}, 'f:extra': {} },
        'f:metadata': { 'f:labels': { 'f:team': {} } },
      }),
    ]);

    const forceOnMerge = await client.request({
      method: 'PATCH',
      path,
      query: { force: 'true' },
      body: JSON.stringify({ data: { alpha: '3' } }),
      headers: { 'content-type': 'application/merge-patch+json' },
    });
    const invalid = expectFailureStatus(forceOnMerge, 422, 'Invalid');
    expect(invalid.details).to.include({ group: 'meta.k8s.io', kind: 'PatchOptions' });
    expectCause(invalid, { field: 'force', type: 'FieldValueForbidden', fragment: 'non-apply patch' });
  },
};

export const serverSideApplyRemovesFields: ConformanceTest = {
  id: `${AREA}/server-side-apply-removes-fields`,
  area: AREA,
  description:
    'A field a manager applied before and leaves out of its next apply MUST be removed when no other manager ' +
    'owns it, and MUST stay when another manager owns it too.',
  level: 'MUST',
  features: [Feature.ConfigMaps, Feature.ServerSideApply],
  source: SOURCES,
  async run({ client, namespace, uniqueName }) {
    const name = uniqueName('ssa');
    const path = configMapPath(namespace, name);
    expectStatusCode(
      await apply(client, path, configYaml(name, { one: '1', two: '2', shared: 's' }), {
        fieldManager: 'alice',
      }),
      201,
    );
    // bob applies the same value: shared ownership, no conflict.
    expectStatusCode(
      await apply(client, path, configYaml(name, { shared: 's' }), { fieldManager: 'bob' }),
      200,
    );
    const after = expectStatusCode(
      await apply(client, path, configYaml(name, { one: '1' }), { fieldManager: 'alice' }),
      200,
    );
    expect(after.data).to.deep.equal({ one: '1', shared: 's' });
    // bob's apply changed nothing, so his entry has no time and sorts first (kube orders by time).
    expect(withoutTimes(after)).to.deep.equal([
      applyEntry('bob', { 'f:data': { 'f:shared': {} } }),
      applyEntry('alice', { 'f:data': { 'f:one': {} } }),
    ]);
  },
};

export const managedFieldsOnUpdates: ConformanceTest = {
  id: `${AREA}/managed-fields-on-updates`,
  area: AREA,
  description:
    'Every create, update and patch MUST record an Update managedFields entry for its manager (the fieldManager ' +
    'parameter) owning the fields it set; a later writer MUST take the fields it changes; an apply that ' +
    'changes a field owned by an Update manager MUST conflict naming it with its apiVersion.',
  level: 'MUST',
  features: [Feature.ConfigMaps, Feature.ServerSideApply],
  source: SOURCES,
  async run({ client, namespace, uniqueName }) {
    const name = uniqueName('mf');
    const path = configMapPath(namespace, name);
    const body = configMap(name, { a: '1' });
    body.metadata.labels = { l: '1' };
    const created = expectStatusCode(
      await client.post<ConfigMap>(configMapsPath(namespace), body, { query: { fieldManager: 'maker' } }),
      201,
    );
    const update = (manager: string, fieldsV1: unknown): ManagedFieldsEntry => ({
      manager,
      operation: 'Update',
      apiVersion: 'v1',
      fieldsType: 'FieldsV1',
      fieldsV1,
    });
    expect(withoutTimes(created)).to.deep.equal([
      update('maker', {
        'f:data': { '.': {}, 'f:a': {} },
        'f:metadata': { 'f:labels': { '.': {}, 'f:l': {} } },
      }),
    ]);

    const patched = expectStatusCode(
      await client.request<ConfigMap>({
        method: 'PATCH',
        path,
        query: { fieldManager: 'patcher' },
        body: JSON.stringify({ data: { a: '2', b: '3' } }),
        headers: { 'content-type': 'application/merge-patch+json' },
      }),
      200,
    );
    expect(withoutTimes(patched)).to.deep.equal([
      update('maker', { 'f:data': {}, 'f:metadata': { 'f:labels': { '.': {}, 'f:l': {} } } }),
      update('patcher', { 'f:data': { 'f:a': {}, 'f:b': {} } }),
    ]);

    const put = expectStatusCode(
      await client.put<ConfigMap>(
        path,
        { ...patched, data: { ...patched.data, c: '4' } },
        { query: { fieldManager: 'putter' } },
      ),
      200,
    );
    expect(withoutTimes(put).map((e) => e.manager)).to.deep.equal(['maker', 'patcher', 'putter']);
    expect(withoutTimes(put)[2]!.fieldsV1).to.deep.equal({ 'f:data': { 'f:c': {} } });

    const conflict = await apply(client, path, configYaml(name, { b: 'x' }), { fieldManager: 'applier' });
    const status = expectFailureStatus(conflict, 409, 'Conflict');
    // conflict.go printManager: an Update manager is named with its apiVersion.
    expect(status.message).to.contain('"patcher" using v1').and.contain('.data.b');
    expect(status.details?.causes?.map((c) => `${c.reason} ${c.field}`)).to.deep.equal([
      'FieldManagerConflict .data.b',
    ]);

    // Setting managedFields to [] clears them.
    const cleared = expectStatusCode(
      await mergePatch<ConfigMap>(client, path, { metadata: { managedFields: [] } }),
      200,
    );
    expect(cleared.metadata.managedFields).to.equal(undefined);
  },
};

export const serverSideApplyTests: readonly ConformanceTest[] = [
  serverSideApplyCreateAndReapply,
  serverSideApplyConflicts,
  serverSideApplyRemovesFields,
  managedFieldsOnUpdates,
];
