import { expect } from 'chai';
import { negotiateOpenAPIV2 } from './negotiate-v2.js';

const pb = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';
const pbDotted = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

describe('openapi v2 negotiation', () => {
  it('answers protobuf to kubectl, whichever spelling, and when protobuf is ranked first', () => {
    // Concrete types rank before wildcards, whatever their order.
    for (const accept of [
      pb,
      pbDotted,
      `${pb}, application/json`,
      `application/json;q=0.5, ${pb}`,
      `*/*, ${pb}`,
    ])
      expect(negotiateOpenAPIV2(accept), accept).to.equal('protobuf');
  });

  it('answers JSON to JSON, wildcards and no Accept at all', () => {
    for (const accept of [
      undefined,
      '',
      'application/json',
      '*/*',
      '*',
      'application/*',
      `application/json, ${pb}`,
      `${pb};q=0.5, application/json`,
      'text/html, application/json;q=0.1',
      // kube-openapi does not drop q=0 clauses: JSON still matches.
      'application/json;q=0',
    ])
      expect(negotiateOpenAPIV2(accept), String(accept)).to.equal('json');
  });

  it('offers nothing else: 406 for other types, the v3 protobuf form, and case variants', () => {
    for (const accept of [
      'text/html',
      'application/yaml',
      'application/vnd.kubernetes.protobuf',
      'application/com.github.proto-openapi.spec.v3@v1.0+protobuf',
      'Application/JSON',
      ' ',
    ])
      expect(negotiateOpenAPIV2(accept), accept).to.equal(undefined);
  });
});
