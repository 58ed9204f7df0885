import { expect } from 'chai';
import { openAPIDecodeProblem } from './openapi-decode-check.js';

const CLUSTER_ROLE = 'io.k8s.api.rbac.v1.ClusterRole';
const CONFIG_MAP = 'io.k8s.api.core.v1.ConfigMap';
const SAR = 'io.k8s.api.authorization.v1.SubjectAccessReview';

describe('openAPIDecodeProblem', () => {
  it('accepts valid objects, nulls and unknown fields', () => {
    const role = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'r', labels: { a: 'b' }, annotations: null },
      rules: [{ verbs: ['get'], apiGroups: [''], resources: ['configmaps'], bogus: 5 }, null],
      aggregationRule: null,
    };
    expect(openAPIDecodeProblem(role, CLUSTER_ROLE)).to.equal(undefined);
    expect(openAPIDecodeProblem({ data: { a: 'b' }, binaryData: { b: 'YQ==' } }, CONFIG_MAP)).to.equal(
      undefined,
    );
  });

  it("names the innermost struct and the path from the top, as Go's decoder does", () => {
    expect(openAPIDecodeProblem({ rules: [{ verbs: [5] }] }, CLUSTER_ROLE)).to.equal(
      'json: cannot unmarshal number into Go struct field PolicyRule.rules.verbs of type string',
    );
    expect(openAPIDecodeProblem({ rules: 'x' }, CLUSTER_ROLE)).to.equal(
      'json: cannot unmarshal string into Go struct field ClusterRole.rules of type []v1.PolicyRule',
    );
    expect(openAPIDecodeProblem({ metadata: { labels: { a: 1 } } }, CONFIG_MAP)).to.equal(
      'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string',
    );
    expect(openAPIDecodeProblem({ spec: { groups: 'g' } }, SAR)).to.match(
      /^json: cannot unmarshal string into Go struct field SubjectAccessReviewSpec\.spec\.groups of type \[\]string$/,
    );
  });

  it('walks deep bodies without recursion', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 9_000; i++) deep = { a: deep };
    expect(
      openAPIDecodeProblem(
        { metadata: { annotations: { x: 'y' } }, data: { a: 'b' }, extra: deep },
        CONFIG_MAP,
      ),
    ).to.equal(undefined);
  });
});
