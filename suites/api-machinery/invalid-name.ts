import { expect } from 'chai';
import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { configMap, configMapsPath, expectFailureStatus } from '../framework/kube.js';
import { AREA } from './area.js';

export const invalidName: ConformanceTest = {
  id: `${AREA}/invalid-name`,
  area: AREA,
  description:
    'Creating an object with a name that is not a valid DNS subdomain MUST fail with 422 and a Status of ' +
    'reason Invalid whose details name the kind and list a cause for field metadata.name.',
  level: 'MUST',
  features: [Feature.ConfigMaps],
  source: [
    'kubernetes: staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go',
    'kubernetes: pkg/apis/core/validation/validation.go',
    'kubernetes: staging/src/k8s.io/apiserver/pkg/registry/rest/create.go',
    'kubernetes: staging/src/k8s.io/apimachinery/pkg/api/errors/errors.go',
    'kubernetes: staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/types.go',
  ],
  async run({ client, namespace }) {
    // Upper case and underscore are outside [a-z0-9.-].
    const name = 'Invalid_Name';
    const status = expectFailureStatus(
      await client.post(configMapsPath(namespace), configMap(name)),
      422,
      'Invalid',
    );
    // NewInvalid puts the kind (not the resource) into details.kind.
    expect(status.details).to.include({ name, kind: 'ConfigMap' });
    const causes = status.details?.causes ?? [];
    expect(causes, 'details.causes').to.be.an('array').with.length.above(0);
    expect(
      causes.map((cause) => cause.field),
      'a cause for metadata.name',
    ).to.include('metadata.name');
    // metav1.StatusCause serialises its type under the key "reason" (apimachinery meta/v1 types.go).
    const cause = causes.find((candidate) => candidate.field === 'metadata.name');
    expect(cause?.reason, `cause ${JSON.stringify(cause)}`).to.equal('FieldValueInvalid');
  },
};
