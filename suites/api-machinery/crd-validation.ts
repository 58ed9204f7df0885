import { expect } from 'chai';
import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import {
  describeResponse,
  expectCause,
  expectFailureStatus,
  expectStatusCode,
  type KubeObject,
} from '../framework/kube.js';
import { AREA } from './area.js';
import { crd, createEstablished, deleteCrd, waitServed } from './crd-support.js';

const schema = {
  openAPIV3Schema: {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        properties: {
          size: { type: 'string', default: 'small' },
          replicas: { type: 'integer', minimum: 0 },
        },
      },
    },
  },
};

export const crdValidation: ConformanceTest = {
  id: `${AREA}/crd-schema-validation`,
  area: AREA,
  description:
    'Custom resources MUST be validated against their CRD version schema (422 Invalid naming each field), ' +
    'MUST have fields the schema does not declare pruned (reported as 299 warnings, or refused with 400 ' +
    'under fieldValidation=Strict) and MUST get the schema defaults of absent fields.',
  level: 'MUST',
  features: [Feature.CustomResourceDefinitions, Feature.CRDValidation, Feature.Namespaces],
  source: [
    'kubernetes: staging/src/k8s.io/apiextensions-apiserver/pkg/registry/customresource/validator.go',
    'kubernetes: staging/src/k8s.io/apiextensions-apiserver/pkg/apiserver/schema/pruning/algorithm.go',
    'kubernetes: staging/src/k8s.io/apiextensions-apiserver/pkg/apiserver/schema/defaulting/algorithm.go',
    'kubernetes: test/e2e/apimachinery/field_validation.go',
  ],
  async run(ctx) {
    const { client, namespace } = ctx;
    const group = `${ctx.uniqueName('valid')}.kcp-harness.io`;
    const definition = crd(group, 'widgets', 'Widget', [{ name: 'v1', served: true, storage: true, schema }]);
    const path = `/apis/${group}/v1/namespaces/${namespace}/widgets`;
    const widget = (name: string, spec: unknown, extra: Record<string, unknown> = {}) => ({
      apiVersion: `${group}/v1`,
      kind: 'Widget',
      metadata: { name },
      spec,
      ...extra,
    });
    try {
      await createEstablished(ctx, client, definition);
      await waitServed(ctx, client, path);

      // Wrong type and a violated minimum: one 422 with a cause per field.
      const bad = await client.post(path, widget('bad', { size: 5, replicas: -1 }));
      const status = expectFailureStatus(bad, 422, 'Invalid');
      expect(status.details, describeResponse(bad)).to.include({ name: 'bad', group, kind: 'Widget' });
      // Schema errors come from kube-openapi's validator, alike in the versions 1.34.3, 1.37.2 and
      // kcp's fork use (pkg/validation/errors/schema.go) and turned into causes by
      // apiextensions-apiserver pkg/apiserver/validation/validation.go (one file in all five).
      expectCause(status, { field: 'spec.size', type: 'FieldValueTypeInvalid', fragment: 'string' });
      expectCause(status, {
        field: 'spec.replicas',
        type: 'FieldValueInvalid',
        fragment: 'greater than or equal to 0',
      });
      expect(status.message, describeResponse(bad)).to.match(
        new RegExp(`^Widget\\.${group.replace(/\./g, '\\.')} "bad" is invalid: `),
      );

      // Undeclared fields: dropped, with one warning each (fieldValidation defaults to Warn).
      const pruned = await client.post<KubeObject>(
        path,
        widget('pruned', { replicas: 2, junk: 1 }, { other: 3 }),
      );
      expect(pruned.status, describeResponse(pruned)).to.equal(201);
      const warning = pruned.headers.warning ?? '';
      expect(warning, 'Warning header').to.include('unknown field \\"spec.junk\\"');
      expect(warning, 'Warning header').to.include('unknown field \\"other\\"');
      const stored = expectStatusCode(await client.get<KubeObject>(`${path}/pruned`), 200);
      expect(stored.spec, 'spec as stored: pruned and defaulted').to.deep.equal({
        replicas: 2,
        size: 'small',
      });
      expect(stored, 'top-level unknown field').not.to.have.property('other');

      // Strict: the same body is refused as a decoding error.
      const strict = await client.post(path, widget('strict', { junk: 1 }), {
        query: { fieldValidation: 'Strict' },
      });
      const refused = expectFailureStatus(strict, 400, 'BadRequest');
      expect(refused.message, describeResponse(strict))
        .to.contain('strict decoding error')
        .and.contain('unknown field "spec.junk"');
      const absent = await client.get(`${path}/strict`);
      expect(absent.status, describeResponse(absent)).to.equal(404);
    } finally {
      await deleteCrd(client, definition.metadata.name);
    }
  },
};
