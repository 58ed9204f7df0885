import { expect } from 'chai';
import { acceptsJSON, isOpenAPIPath } from './handler.js';

describe('openapi handler', () => {
  it('serves JSON unless the client accepts only other forms (kubectl asks /openapi/v2 for protobuf only)', () => {
    for (const accept of [
      undefined,
      '',
      'application/json',
      '*/*',
      'application/json, */*',
      'application/*;q=0.5',
    ])
      expect(acceptsJSON(accept), String(accept)).to.equal(true);
    for (const accept of [
      'application/com.github.proto-openapi.spec.v2@v1.0+protobuf',
      'application/com.github.proto-openapi.spec.v3@v1.0+protobuf',
      'text/html',
      'application/json;q=0',
    ])
      expect(acceptsJSON(accept), accept).to.equal(false);
  });

  it('claims only the OpenAPI paths', () => {
    expect(isOpenAPIPath('/openapi/v2')).to.equal(true);
    expect(isOpenAPIPath('/openapi/v3')).to.equal(true);
    expect(isOpenAPIPath('/openapi/v3/apis/rbac.authorization.k8s.io/v1')).to.equal(true);
    expect(isOpenAPIPath('/openapi')).to.equal(false);
    expect(isOpenAPIPath('/openapi/v4')).to.equal(false);
  });
});
