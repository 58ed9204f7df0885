import { expect } from 'chai';
import type { Store } from '../storage/store.js';
import { createMemoryStore } from '../storage/memory-store.js';
import { bootstrapRoot } from '../controllers/bootstrap.js';
import { createObject, mutateObject } from '../registry/objects.js';
import { homeClusterName, randomClusterName } from './cluster-names.js';
import { logicalClusterName, logicalClusterScope, workspaceScope, workspaceTypeScope } from './keys.js';
import { resolveClusterPath } from './paths.js';
import {
  ancestry,
  findType,
  initializersOf,
  parentChildConflict,
  parseTypeAnnotation,
  terminatorsOf,
  typeClosure,
} from './workspace-types.js';

describe('cluster names', () => {
  it('are 16 lowercase base36 characters, random for workspaces and fixed per user for homes', () => {
    const names = new Set(Array.from({ length: 200 }, randomClusterName));
    expect(names.size).to.equal(200);
    for (const n of names) expect(n).to.match(/^[0-9a-z]{16}$/);
    expect(homeClusterName('alice'))
      .to.match(/^[0-9a-z]{16}$/)
      .and.equal(homeClusterName('alice'));
    expect(homeClusterName('alice')).to.not.equal(homeClusterName('bob'));
  });
});

async function workspace(
  store: Store,
  parent: string,
  name: string,
  cluster: string,
  path: string,
): Promise<void> {
  await createObject(store, workspaceScope(parent), {
    apiVersion: 'tenancy.kcp.io/v1alpha1',
    kind: 'Workspace',
    metadata: { name },
    spec: {},
  });
  // What the scheduler writes once it has picked the cluster.
  await mutateObject(store, workspaceScope(parent), name, (w) => {
    (w.spec as { cluster?: string }).cluster = cluster;
  });
  await createObject(store, logicalClusterScope(cluster), {
    apiVersion: 'core.kcp.io/v1alpha1',
    kind: 'LogicalCluster',
    metadata: { name: logicalClusterName, annotations: { 'kcp.io/path': path } },
  });
}

describe('workspace paths and types', () => {
  let store: Store;
  beforeEach(async () => {
    store = createMemoryStore();
    await bootstrapRoot(store);
    await workspace(store, 'root', 'org', 'c-org', 'root:org');
    await workspace(store, 'c-org', 'team', 'c-team', 'root:org:team');
  });
  afterEach(() => store.close());

  it('resolves paths segment by segment, names as themselves, and unknown paths to nothing', async () => {
    expect(await resolveClusterPath(store, 'root')).to.equal('root');
    expect(await resolveClusterPath(store, 'root:org')).to.equal('c-org');
    expect(await resolveClusterPath(store, 'root:org:team')).to.equal('c-team');
    expect(await resolveClusterPath(store, 'c-org:team')).to.equal('c-team');
    expect(await resolveClusterPath(store, 'root:nope')).to.equal(undefined);
    expect(await resolveClusterPath(store, 'root:org:team:deeper')).to.equal(undefined);
    expect(await resolveClusterPath(store, 'system:admin')).to.equal('system:admin');
    expect(await resolveClusterPath(store, 'user:alice')).to.equal(homeClusterName('alice'));
  });

  it('does not resolve a workspace that is not scheduled yet', async () => {
    await createObject(store, workspaceScope('root'), {
      apiVersion: 'tenancy.kcp.io/v1alpha1',
      kind: 'Workspace',
      metadata: { name: 'new' },
    });
    expect(await resolveClusterPath(store, 'root:new')).to.equal(undefined);
  });

  it('lists a path and its ancestors, nearest first', () => {
    expect(ancestry('root:org:team')).to.deep.equal(['root:org:team', 'root:org', 'root']);
    expect(parseTypeAnnotation('root:organization')).to.deep.equal({ path: 'root', name: 'organization' });
    expect(parseTypeAnnotation(undefined)).to.equal(undefined);
  });

  it('finds a type in the workspace, then its ancestors, then root, and records where', async () => {
    await createObject(store, workspaceTypeScope('c-org'), {
      apiVersion: 'tenancy.kcp.io/v1alpha1',
      kind: 'WorkspaceType',
      metadata: { name: 'foo' },
      spec: { initializer: true, extend: { with: [{ name: 'universal', path: 'root' }] } },
    });
    const foo = await findType(store, { name: 'foo' }, 'root:org:team');
    expect(foo).to.include({ cluster: 'c-org', path: 'root:org', name: 'foo' });
    expect(await findType(store, { name: 'universal' }, 'root:org:team')).to.include({
      cluster: 'root',
      path: 'root',
    });
    expect(await findType(store, { name: 'foo', path: 'root' }, 'root:org')).to.equal(undefined);
    expect(await findType(store, { name: 'nope' }, 'root:org')).to.equal(undefined);
    // Initializers are named after the logical cluster of each type in the extend closure, and
    // universal's defaultAPIBindings add kcp's apibinder; bases come first and the type last, as
    // kcp v0.32 resolves them.
    expect(initializersOf(await typeClosure(store, foo!))).to.deep.equal([
      'root:universal',
      'c-org:foo',
      'system:apibindings',
    ]);
  });

  it('names terminators after the types of the closure that ask for one, bases first', async () => {
    const put = (name: string, spec: object) =>
      createObject(store, workspaceTypeScope('c-org'), {
        apiVersion: 'tenancy.kcp.io/v1alpha1',
        kind: 'WorkspaceType',
        metadata: { name },
        spec,
      });
    await put('alpha', { terminator: true });
    await put('beta', { terminator: true, extend: { with: [{ name: 'alpha' }] } });
    await put('quiet', { extend: { with: [{ name: 'alpha' }] } });
    await put('gamma', { terminator: true, extend: { with: [{ name: 'beta' }, { name: 'quiet' }] } });
    const gamma = await findType(store, { name: 'gamma' }, 'root:org');
    expect(terminatorsOf(await typeClosure(store, gamma!))).to.deep.equal([
      'c-org:beta',
      'c-org:alpha',
      'c-org:gamma',
    ]);
  });

  it('enforces limitAllowedParents and limitAllowedChildren through the extend closure', async () => {
    const closure = async (name: string) =>
      typeClosure(store, (await findType(store, { name, path: 'root' }, 'root'))!);
    const [root, org, team, universal, home] = await Promise.all(
      ['root', 'organization', 'team', 'universal', 'home'].map(closure),
    );
    expect(parentChildConflict(root!, org!)).to.equal(undefined);
    expect(parentChildConflict(org!, universal!)).to.equal(undefined);
    // team extends universal, which organization allows as a child; team allows organization parents.
    expect(parentChildConflict(org!, team!)).to.equal(undefined);
    expect(parentChildConflict(team!, team!)).to.equal(undefined);
    expect(parentChildConflict(universal!, team!)).to.match(/only allows/);
    expect(parentChildConflict(universal!, org!)).to.match(/only allows/);
    expect(parentChildConflict(root!, home!)).to.match(/cannot have any parent/);
  });
});
