import { expect } from 'chai';
import { configMapsPath, serverPath } from './bench-units.js';

describe('bench units', () => {
  it("addresses a unit's ConfigMaps in its namespace", () => {
    expect(configMapsPath({ namespace: 'default' })).to.equal('/api/v1/namespaces/default/configmaps');
    expect(configMapsPath({ namespace: 'kh-bench-x1y2z-3' })).to.equal(
      '/api/v1/namespaces/kh-bench-x1y2z-3/configmaps',
    );
  });

  it("turns a client-relative path into one from the server's root", () => {
    const relative = '/api/v1/namespaces/default/configmaps';
    expect(serverPath('https://127.0.0.1:6443/clusters/root:kh-bench-a:w-0', relative)).to.equal(
      '/clusters/root:kh-bench-a:w-0/api/v1/namespaces/default/configmaps',
    );
    expect(serverPath('https://127.0.0.1:6443', relative)).to.equal(relative);
    expect(serverPath('https://127.0.0.1:6443/', relative)).to.equal(relative);
    // A kubeconfig server behind a path prefix (a proxy) keeps the prefix.
    expect(serverPath('https://proxy.example/k8s/clusters/c-1/', relative)).to.equal(
      `/k8s/clusters/c-1${relative}`,
    );
  });
});
