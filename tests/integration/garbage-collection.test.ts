// Owner references and deletion propagation on the reference server: the garbage collector
// (controllers/garbage-collector.ts) deletes dependents in the background, makes owners deleted
// in the foreground wait for blocking dependents (deepest first), orphans on request, deletes
// dependents of owners that never existed, and real kubectl's --cascade values reach it.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'chai';
import { eventually } from '../../suites/framework/eventually.js';
import type { ClusterClient } from '../../suites/framework/http/client.js';
import { KUBECTL, kubectlRunner, type KubectlRunner } from '../support/kubectl-runner.js';
import { startServerWithClients, type ServerWithClients } from '../support/server-with-clients.js';

interface Meta {
  name: string;
  uid: string;
  resourceVersion: string;
  deletionTimestamp?: string;
  finalizers?: string[];
  ownerReferences?: { uid: string; blockOwnerDeletion?: boolean }[];
}
interface Obj {
  metadata: Meta;
}

const ns = 'default';
const cms = `/api/v1/namespaces/${ns}/configmaps`;
const wait = { timeoutMs: 10_000, intervalMs: 50, consecutive: 1 };

describe('garbage collection', function () {
  this.timeout(60_000);
  let env: ServerWithClients | undefined;
  let client: ClusterClient;
  let counter = 0;
  const unique = (p: string) => `${p}-${++counter}`;

  before(async function () {
    env = await startServerWithClients('gc');
    client = await env.client();
  });
  after(async () => env?.stop());

  async function create(name: string, meta: Record<string, unknown> = {}): Promise<Obj> {
    const r = await client.post<Obj>(cms, { metadata: { name, ...meta } });
    expect(r.status, r.text).to.equal(201);
    return r.body;
  }
  const ref = (o: Obj, block = false) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    name: o.metadata.name,
    uid: o.metadata.uid,
    ...(block ? { blockOwnerDeletion: true } : {}),
  });
  const status = async (name: string) => (await client.get(`${cms}/${name}`)).status;
  const gone = (name: string, what: string) =>
    eventually(async () => expect(await status(name)).to.equal(404), { ...wait, description: what });
  const release = async (name: string) => {
    const r = await client.request({
      method: 'PATCH',
      path: `${cms}/${name}`,
      headers: { 'content-type': 'application/merge-patch+json' },
      body: '{"metadata":{"finalizers":null}}',
    });
    expect(r.status, r.text).to.equal(200);
  };

  it('deletes a chain of dependents in the background', async function () {
    const owner = await create(unique('owner'));
    const child = await create(unique('child'), { ownerReferences: [ref(owner)] });
    const grandchild = await create(unique('grandchild'), { ownerReferences: [ref(child)] });
    const r = await client.delete<{ status: string }>(`${cms}/${owner.metadata.name}`);
    expect(r.status).to.equal(200);
    expect(r.body.status).to.equal('Success');
    await gone(child.metadata.name, 'child collected');
    await gone(grandchild.metadata.name, 'grandchild collected');
  });

  it('deletes blocking dependents deepest first, and the owner last, in the foreground', async function () {
    const owner = await create(unique('owner'));
    const child = await create(unique('child'), { ownerReferences: [ref(owner, true)] });
    const grandchild = await create(unique('grandchild'), {
      ownerReferences: [ref(child, true)],
      finalizers: ['example.com/hold'],
    });
    const list = await client.get<{ metadata: { resourceVersion: string } }>(cms);
    const watch = await client.watch({ path: cms, resourceVersion: list.body.metadata.resourceVersion });
    try {
      const r = await client.delete<Obj>(`${cms}/${owner.metadata.name}`, {
        query: { propagationPolicy: 'Foreground' },
      });
      expect(r.status).to.equal(200);
      expect(r.body.metadata.finalizers).to.deep.equal(['foregroundDeletion']);
      // The child has dependents of its own, so the collector deletes it in the foreground too.
      await eventually(
        async () => {
          const c = await client.get<Obj>(`${cms}/${child.metadata.name}`);
          expect(c.body.metadata.finalizers).to.deep.equal(['foregroundDeletion']);
          expect(c.body.metadata.deletionTimestamp).to.be.a('string');
          const g = await client.get<Obj>(`${cms}/${grandchild.metadata.name}`);
          expect(g.body.metadata.deletionTimestamp).to.be.a('string');
        },
        { ...wait, description: 'child and grandchild being deleted' },
      );
      expect(await status(owner.metadata.name)).to.equal(200);
      await release(grandchild.metadata.name);
      const deleted: string[] = [];
      while (deleted.length < 3) {
        const e = await watch.nextMatching((ev) => ev.type === 'DELETED', 10_000);
        deleted.push((e.object as unknown as Obj).metadata.name);
      }
      expect(deleted).to.deep.equal([grandchild.metadata.name, child.metadata.name, owner.metadata.name]);
    } finally {
      watch.close();
    }
  });

  it('does not wait for dependents without blockOwnerDeletion', async function () {
    const owner = await create(unique('owner'));
    const loose = await create(unique('loose'), {
      ownerReferences: [ref(owner)],
      finalizers: ['example.com/hold'],
    });
    await client.delete(`${cms}/${owner.metadata.name}`, { query: { propagationPolicy: 'Foreground' } });
    await gone(owner.metadata.name, 'owner gone without waiting');
    await eventually(
      async () => {
        const l = await client.get<Obj>(`${cms}/${loose.metadata.name}`);
        expect(l.body.metadata.deletionTimestamp).to.be.a('string');
      },
      { ...wait, description: 'the loose dependent is being deleted' },
    );
    await release(loose.metadata.name);
    await gone(loose.metadata.name, 'loose dependent gone');
  });

  it('orphans dependents, keeping their other owners', async function () {
    const owner = await create(unique('owner'));
    const other = await create(unique('other'));
    const dep = await create(unique('dep'), { ownerReferences: [ref(owner, true), ref(other)] });
    const r = await client.delete<Obj>(`${cms}/${owner.metadata.name}`, {
      query: { propagationPolicy: 'Orphan' },
    });
    expect(r.body.metadata.finalizers).to.deep.equal(['orphan']);
    await gone(owner.metadata.name, 'owner gone after orphaning');
    const d = await client.get<Obj>(`${cms}/${dep.metadata.name}`);
    expect(d.body.metadata.ownerReferences?.map((x) => x.uid)).to.deep.equal([other.metadata.uid]);
  });

  it('deletes dependents of an owner uid that does not exist', async function () {
    const owner = await create(unique('owner'));
    const dep = await create(unique('dep'), {
      ownerReferences: [{ ...ref(owner), uid: '00000000-0000-4000-8000-000000000000' }],
    });
    const kept = await create(unique('kept'), { ownerReferences: [ref(owner)] });
    await gone(dep.metadata.name, 'dependent of a wrong uid collected');
    expect(await status(kept.metadata.name)).to.equal(200);
    expect(await status(owner.metadata.name)).to.equal(200);
  });

  it('leaves a cluster-scoped object that names a namespaced owner alone', async function () {
    const owner = await create(unique('owner'));
    const name = unique('gc-ns');
    const r = await client.post('/api/v1/namespaces', {
      metadata: { name, ownerReferences: [{ ...ref(owner), uid: 'not-there' }] },
    });
    expect(r.status, r.text).to.equal(201);
    // Give the collector time to act on it (it must not).
    const other = await create(unique('probe'), { ownerReferences: [{ ...ref(owner), uid: 'gone' }] });
    await gone(other.metadata.name, 'a later dangling dependent is collected');
    expect((await client.get(`/api/v1/namespaces/${name}`)).status).to.equal(200);
  });

  it('dry-run deletes change nothing', async function () {
    const owner = await create(unique('owner'));
    const dep = await create(unique('dep'), { ownerReferences: [ref(owner)] });
    for (const policy of ['Foreground', 'Orphan', 'Background']) {
      const r = await client.delete<Obj>(`${cms}/${owner.metadata.name}`, {
        query: { propagationPolicy: policy, dryRun: 'All' },
      });
      expect(r.status, r.text).to.equal(200);
    }
    const o = await client.get<Obj>(`${cms}/${owner.metadata.name}`);
    expect(o.body.metadata.resourceVersion).to.equal(owner.metadata.resourceVersion);
    expect(o.body.metadata.deletionTimestamp).to.equal(undefined);
    expect(await status(dep.metadata.name)).to.equal(200);
  });

  it('answers 202 for orphanDependents=false on an object it keeps', async function () {
    const o = await create(unique('held'), { finalizers: ['example.com/hold'] });
    const r = await client.delete<Obj>(`${cms}/${o.metadata.name}`, { query: { orphanDependents: 'false' } });
    expect(r.status).to.equal(202);
    await release(o.metadata.name);
  });

  it('deletecollection applies the propagation policy to each object and answers them as listed', async function () {
    const owner = await create(unique('dc-owner'), { labels: { dc: 'orphan' } });
    const dep = await create(unique('dc-dep'), { ownerReferences: [ref(owner)] });
    const r = await client.delete<{ kind: string; items: Obj[] }>(cms, {
      query: { labelSelector: 'dc=orphan', propagationPolicy: 'Orphan' },
    });
    expect(r.status, r.text).to.equal(200);
    expect(r.body.items.map((i) => [i.metadata.name, i.metadata.finalizers])).to.deep.equal([
      [owner.metadata.name, undefined],
    ]);
    await gone(owner.metadata.name, 'owner gone after orphaning');
    const d = await client.get<Obj>(`${cms}/${dep.metadata.name}`);
    expect(d.status).to.equal(200);
    expect(d.body.metadata.ownerReferences).to.equal(undefined);
  });

  describe('with kubectl', function () {
    let kubectl: KubectlRunner;
    before(function () {
      if (!existsSync(KUBECTL)) this.skip();
      kubectl = kubectlRunner({
        kubeconfig: env!.server.kubeconfigPath,
        cacheDir: join(dirname(env!.server.kubeconfigPath), 'kubectl-cache'),
      });
    });

    for (const cascade of ['background', 'foreground', 'orphan'] as const) {
      it(`delete --cascade=${cascade}`, async function () {
        const owner = await create(unique(`k-${cascade}`));
        const dep = await create(unique(`k-${cascade}-dep`), { ownerReferences: [ref(owner, true)] });
        const run = await kubectl.run([
          'delete',
          'configmap',
          owner.metadata.name,
          '-n',
          ns,
          `--cascade=${cascade}`,
        ]);
        expect(run.code, run.stderr).to.equal(0);
        expect(run.stdout.trim()).to.equal(`configmap "${owner.metadata.name}" deleted`);
        await gone(owner.metadata.name, 'owner gone');
        if (cascade === 'orphan') {
          const d = await client.get<Obj>(`${cms}/${dep.metadata.name}`);
          expect(d.status).to.equal(200);
          expect(d.body.metadata.ownerReferences).to.equal(undefined);
        } else {
          await gone(dep.metadata.name, 'dependent gone');
        }
      });
    }
  });
});
