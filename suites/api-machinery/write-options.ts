// Options every write takes: dryRun=All (the whole request path runs, nothing is stored) and
// fieldValidation (what the server does with fields the type does not have).
import { expect } from 'chai';
import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import {
  configMap,
  configMapPath,
  configMapsPath,
  describeResponse,
  expectCause,
  expectFailureStatus,
  expectStatusCode,
  type ConfigMap,
} from '../framework/kube.js';
import { AREA } from './area.js';

export const dryRun: ConformanceTest = {
  id: `${AREA}/dry-run`,
  area: AREA,
  description:
    'A create, update, patch or delete with dryRun=All MUST answer as the real request would (including ' +
    'validation errors) and MUST NOT store anything; an unknown dryRun value MUST be refused with 422 Invalid.',
  level: 'MUST',
  features: [Feature.ConfigMaps, Feature.DryRunAndFieldValidation],
  source: [
    'kubernetes: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/create.go',
    'kubernetes: staging/src/k8s.io/apiserver/pkg/registry/generic/registry/dryrun.go',
    'kubernetes: staging/src/k8s.io/apimachinery/pkg/apis/meta/internalversion/validation/validation.go',
  ],
  async run({ client, namespace, uniqueName }) {
    const dry = { dryRun: 'All' };
    const ghost = uniqueName('dry-ghost');
    const simulated = expectStatusCode(
      await client.post<ConfigMap>(configMapsPath(namespace), configMap(ghost, { a: '1' }), { query: dry }),
      201,
    );
    expect(simulated.metadata.name).to.equal(ghost);
    expect(simulated.data).to.deep.equal({ a: '1' });
    const absent = await client.get(configMapPath(namespace, ghost));
    expect(absent.status, `dry-run create stored ${ghost}: ${describeResponse(absent)}`).to.equal(404);

    // Validation still runs.
    const invalid = await client.post(configMapsPath(namespace), configMap('Not_Valid'), { query: dry });
    expectFailureStatus(invalid, 422, 'Invalid');

    const name = uniqueName('dry');
    const path = configMapPath(namespace, name);
    const real = expectStatusCode(
      await client.post<ConfigMap>(configMapsPath(namespace), configMap(name, { a: '1' })),
      201,
    );
    const updated = expectStatusCode(
      await client.put<ConfigMap>(path, { ...real, data: { a: 'updated' } }, { query: dry }),
      200,
    );
    expect(updated.data).to.deep.equal({ a: 'updated' });
    const patched = await client.request<ConfigMap>({
      method: 'PATCH',
      path,
      query: dry,
      body: JSON.stringify({ data: { b: 'patched' } }),
      headers: { 'content-type': 'application/merge-patch+json' },
    });
    expect(expectStatusCode(patched, 200).data).to.deep.equal({ a: '1', b: 'patched' });
    expectStatusCode(await client.delete(path, { query: dry }), 200);

    const stored = expectStatusCode(await client.get<ConfigMap>(path), 200);
    expect(stored.data).to.deep.equal({ a: '1' });
    expect(stored.metadata.resourceVersion, 'no dry-run write changed the object').to.equal(
      real.metadata.resourceVersion,
    );

    const unknown = await client.post(configMapsPath(namespace), configMap(uniqueName('dry-bad')), {
      query: { dryRun: 'Some' },
    });
    const status = expectFailureStatus(unknown, 422, 'Invalid');
    // ValidateDryRun is alike in 1.34.3, 1.35.4, 1.36.2, 1.37.2 and kcp's fork (apimachinery
    // pkg/apis/meta/v1/validation/validation.go); the cause and the value it names are pinned.
    expect(status.details?.kind).to.equal('CreateOptions');
    expect(status.details?.causes).to.have.length(1);
    expectCause(status, { field: 'dryRun', type: 'FieldValueNotSupported', fragment: '"Some"' });
  },
};

export const fieldValidation: ConformanceTest = {
  id: `${AREA}/field-validation`,
  area: AREA,
  description:
    'A write whose body has a field the type does not declare MUST, with fieldValidation=Strict, be refused ' +
    'with 400 BadRequest naming the field; with Warn (the default when no value is given) succeed with a 299 ' +
    'Warning header naming it; with Ignore succeed without a warning; in every accepted case the unknown field ' +
    'MUST NOT be stored. An unknown fieldValidation value MUST be refused with 422 Invalid.',
  level: 'MUST',
  features: [Feature.ConfigMaps, Feature.DryRunAndFieldValidation],
  source: [
    'kubernetes: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/rest.go',
    'kubernetes: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/create.go',
    'kubernetes: test/integration/apiserver/field_validation_test.go',
  ],
  async run({ client, namespace, uniqueName }) {
    const body = (name: string) => ({ ...configMap(name, { a: '1' }), bogus: 'x' });

    const strictName = uniqueName('fv-strict');
    const strict = await client.post(configMapsPath(namespace), body(strictName), {
      query: { fieldValidation: 'Strict' },
    });
    const status = expectFailureStatus(strict, 400, 'BadRequest');
    // The decoder names the field alike in 1.34.3-1.37.2 and kcp's fork (apiserver
    // pkg/endpoints/handlers/rest.go transformDecodeError, apimachinery pkg/runtime/error.go).
    expect(status.message).to.contain('strict decoding error').and.contain('unknown field "bogus"');
    const notStored = await client.get(configMapPath(namespace, strictName));
    expect(notStored.status, describeResponse(notStored)).to.equal(404);

    for (const [mode, warns] of [
      ['Warn', true],
      [undefined, true],
      ['Ignore', false],
    ] as const) {
      const name = uniqueName(`fv-${(mode ?? 'default').toLowerCase()}`);
      const response = await client.post<ConfigMap>(configMapsPath(namespace), body(name), {
        query: mode ? { fieldValidation: mode } : {},
      });
      const created = expectStatusCode(response, 201);
      expect(created, `fieldValidation=${mode}`).not.to.have.property('bogus');
      const warning = response.headers['warning'] ?? '';
      if (warns)
        expect(warning, `fieldValidation=${mode}: Warning header`).to.contain(
          '299 - "unknown field \\"bogus\\""',
        );
      else expect(warning, `fieldValidation=${mode}: Warning header`).to.equal('');
      const stored = expectStatusCode(await client.get<ConfigMap>(configMapPath(namespace, name)), 200);
      expect(stored).not.to.have.property('bogus');
    }

    // Patches are checked too: a merge patch adding an unknown field under Strict.
    const patchName = uniqueName('fv-patch');
    expectStatusCode(await client.post(configMapsPath(namespace), configMap(patchName)), 201);
    // A patch is decoded after it is applied: kube reports the patched object as an invalid
    // `patch` value (422), not as a bad request body.
    const patched = await client.request({
      method: 'PATCH',
      path: configMapPath(namespace, patchName),
      query: { fieldValidation: 'Strict' },
      body: JSON.stringify({ bogus: 'x' }),
      headers: { 'content-type': 'application/merge-patch+json' },
    });
    const patchStatus = expectFailureStatus(patched, 422, 'Invalid');
    expect(patchStatus.details?.causes?.map((c) => `${c.reason} ${c.field}`)).to.deep.equal([
      'FieldValueInvalid patch',
    ]);
    expect(patchStatus.message).to.contain('strict decoding error: unknown field "bogus"');
    const unpatched = expectStatusCode(await client.get<ConfigMap>(configMapPath(namespace, patchName)), 200);
    expect(unpatched).not.to.have.property('bogus');

    const unknown = await client.post(configMapsPath(namespace), configMap(uniqueName('fv-bad')), {
      query: { fieldValidation: 'Loose' },
    });
    const unknownStatus = expectFailureStatus(unknown, 422, 'Invalid');
    expect(unknownStatus.details?.kind).to.equal('CreateOptions');
    expect(unknownStatus.details?.causes).to.have.length(1);
    expectCause(unknownStatus, {
      field: 'fieldValidation',
      type: 'FieldValueNotSupported',
      fragment: '"Loose"',
    });
  },
};
