import { expect } from 'chai';
import { parseOperations, requestFor } from './operations.js';

describe('api-throughput operations', () => {
  const paths = [
    '/clusters/root:kh-bench-a:w-0/api/v1/namespaces/default/configmaps',
    '/api/v1/namespaces/kh-bench-b-1/configmaps',
  ];

  it('spreads requests round-robin over the units, workspaces or namespaces', () => {
    expect([0, 1, 2, 3].map((i) => requestFor('get', paths, i).path)).to.deep.equal([
      '/clusters/root:kh-bench-a:w-0/api/v1/namespaces/default/configmaps/kh-bench-get',
      '/api/v1/namespaces/kh-bench-b-1/configmaps/kh-bench-get',
      '/clusters/root:kh-bench-a:w-0/api/v1/namespaces/default/configmaps/kh-bench-get',
      '/api/v1/namespaces/kh-bench-b-1/configmaps/kh-bench-get',
    ]);
    expect(requestFor('list', paths, 1)).to.deep.equal({
      method: 'GET',
      path: '/api/v1/namespaces/kh-bench-b-1/configmaps',
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

  it('DELETE removes the object CREATE made with the same tag and sequence', () => {
    for (const i of [0, 1, 7]) {
      const created = requestFor('create', paths, i, 't1');
      const name = (JSON.parse(created.body ?? '{}') as { metadata: { name: string } }).metadata.name;
      expect(requestFor('delete', paths, i, 't1')).to.deep.equal({
        method: 'DELETE',
        path: `${created.path}/${name}`,
      });
    }
  });

  it('UPDATE and PATCH rewrite seeded objects; APPLY is a forced server-side apply', () => {
    const update = requestFor('update', paths, 2);
    expect(update.method).to.equal('PUT');
    expect(update.path).to.match(/\/configmaps\/kh-bench-list-1$/);
    expect(JSON.parse(update.body ?? '{}')).to.not.have.nested.property('metadata.resourceVersion');
    expect(requestFor('patch', paths, 0)).to.include({
      method: 'PATCH',
      contentType: 'application/merge-patch+json',
    });
    const apply = requestFor('apply', paths, 3);
    expect(apply).to.include({ method: 'PATCH', contentType: 'application/apply-patch+yaml' });
    expect(apply.path).to.match(/\?fieldManager=kh-bench&force=true$/);
  });

  it('parses --operations into the measured order and refuses nonsense', () => {
    expect(parseOperations('create, get,delete')).to.deep.equal(['get', 'create', 'delete']);
    expect(() => parseOperations('get,frobnicate')).to.throw(/unknown operation "frobnicate"/);
    expect(() => parseOperations('delete')).to.throw(/needs create/);
    expect(() => parseOperations(' , ')).to.throw(/at least one/);
  });
});
