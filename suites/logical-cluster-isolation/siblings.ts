// The two workspaces an isolation test compares: its own (A) and a fresh sibling (B) next to it
// under the run workspace, both holding a namespace of the same name.
import { expect } from 'chai';
import type { TestContext } from '../framework/conformance-test.js';
import type { ClusterClient } from '../framework/http/client.js';
import { describeResponse } from '../framework/kube.js';
import { ownWorkspace } from '../framework/workspace-checks.js';

export interface Side {
  client: ClusterClient;
  path: string;
  clusterName: string;
}

export interface Siblings {
  a: Side;
  b: Side;
  /** A namespace that exists, under this same name, in both. */
  namespace: string;
}

export async function siblings(ctx: TestContext): Promise<Siblings> {
  const own = ownWorkspace(ctx);
  const other = await ctx.createWorkspace(ctx.uniqueName('kh-sibling'), { parent: own.parentPath });
  const a = { client: ctx.client, path: own.path, clusterName: own.clusterName };
  const b = { client: other.client, path: other.path, clusterName: other.clusterName };
  expect(a.clusterName, 'the siblings are different logical clusters').not.to.equal(b.clusterName);
  const namespace = ctx.namespace;
  const created = await b.client.post('/api/v1/namespaces', {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: namespace },
  });
  expect(created.status, `namespace ${namespace} in ${b.path}: ${describeResponse(created)}`).to.equal(201);
  return { a, b, namespace };
}
