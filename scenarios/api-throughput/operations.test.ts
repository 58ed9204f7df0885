import { expect } from 'chai';
import { requestFor } from './operations.js';

describe('api-throughput operations', () => {
  const paths = ['root:kh-bench-a:w-0', 'root:kh-bench-a:w-1'];

  it('spreads requests round-robin over the workspaces', () => {
    expect([0, 1, 2, 3].map((i) => requestFor('get', paths, i).path)).to.deep.equal([
      '/clusters/root:kh-bench-a:w-0/api/v1/namespaces/default/configmaps/kh-bench-get',
      '/clusters/root:kh-bench-a:w-1/api/v1/namespaces/default/configmaps/kh-bench-get',
      '/clusters/root:kh-bench-a:w-0/api/v1/namespaces/default/configmaps/kh-bench-get',
      '/clusters/root:kh-bench-a:w-1/api/v1/namespaces/default/configmaps/kh-bench-get',
    ]);
    expect(requestFor('list', paths, 1)).to.deep.equal({
      method: 'GET',
      path: '/clusters/root:kh-bench-a:w-1/api/v1/namespaces/default/configmaps',
    });
  });

  it('gives every CREATE a name of its own', () => {
    const names = Array.from({ length: 100 }, (_, i) => {
      const spec = requestFor('create', paths, i);
      expect(spec.method).to.equal('POST');
      return (JSON.parse(spec.body ?? '{}') as { metadata: { name: string } }).metadata.name;
    });
    expect(new Set(names).size).to.equal(100);
  });
});
