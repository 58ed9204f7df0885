// The matrix's RBAC world: reproducible from its seed, valid for the RBAC API, and always
// containing the features the matrix is meant to exercise.
import { expect } from 'chai';
import { CLOSED_WORKSPACE, generateWorld, objectExists } from './rbac-matrix-generator.js';
import { subjectMatches, type Identity } from './rbac-rules.js';
import { seededRandom } from '../../suites/framework/seeded-random.js';

describe('rbac matrix world generator', () => {
  it('builds the same structure from the same seed, with run-specific identity names', () => {
    const a = generateWorld(42, 'run01');
    const b = generateWorld(42, 'run02');
    const strip = (text: string) => text.replaceAll('run01', 'X').replaceAll('run02', 'X');
    expect(strip(JSON.stringify(a))).to.equal(strip(JSON.stringify(b)));
    expect(JSON.stringify(generateWorld(43, 'run01'))).not.to.equal(JSON.stringify(a));
    expect(a.users.every((u) => u.name.includes('run01'))).to.equal(true);
  });

  it('has six users, a groupless one, a service account, and four workspaces, one nested', () => {
    const world = generateWorld(7, 'abcde');
    expect(world.users).to.have.length(6);
    expect(world.users.find((u) => u.key === world.outsiderKey)?.groups).to.deep.equal([]);
    expect(world.users.filter((u) => u.name.startsWith('system:serviceaccount:ns-a:'))).to.have.length(1);
    expect(world.workspaces.map((w) => w.parentKey ?? '-')).to.deep.equal(['-', '-', '-', 'b']);
  });

  for (const seed of [1, 2, 3, 99, 12345]) {
    it(`seed ${seed}: produces objects the RBAC API accepts and every featured binding`, () => {
      const world = generateWorld(seed, 'abcde');
      for (const plan of world.workspaces) {
        const { rbac } = plan;
        expect(rbac.roles.every((r) => r.rules.every((rule) => !rule.nonResourceURLs))).to.equal(true);
        expect(rbac.clusterRoleBindings.every((b) => b.roleRef.kind === 'ClusterRole')).to.equal(true);
        for (const rule of [...rbac.clusterRoles, ...rbac.roles].flatMap((r) => r.rules)) {
          const kinds = [rule.resources?.length, rule.nonResourceURLs?.length].filter(Boolean);
          expect(kinds, JSON.stringify(rule)).to.have.length(1);
          expect(rule.verbs.length).to.be.greaterThan(0);
        }
        const names = (list: { name: string }[]) => list.map((o) => o.name);
        expect(names(rbac.clusterRoleBindings)).to.include.members([
          'mx-access',
          'mx-crb-names',
          'mx-crb-status',
        ]);
        expect(names(rbac.roleBindings)).to.include.members(['mx-rb-robot', 'mx-rb-elsewhere']);
        const elsewhere = rbac.roleBindings.find((b) => b.name === 'mx-rb-elsewhere');
        expect(
          rbac.roles.some((r) => r.name === elsewhere?.roleRef.name && r.namespace !== elsewhere?.namespace),
        ).to.equal(true);
        const unique = (list: { name: string; namespace?: string }[]) =>
          new Set(list.map((o) => `${o.namespace ?? ''}/${o.name}`)).size === list.length;
        expect(unique(rbac.clusterRoles) && unique(rbac.roles)).to.equal(true);
        expect(unique(rbac.clusterRoleBindings) && unique(rbac.roleBindings)).to.equal(true);
      }
      const shadows = world.workspaces.filter((w) =>
        w.rbac.clusterRoleBindings.some((b) => b.name === 'mx-crb-shadow'),
      );
      expect(shadows).to.have.length(1);
    });

    it(`seed ${seed}: never names the outsider, its groups or system:authenticated in the closed workspace`, () => {
      const world = generateWorld(seed, 'abcde');
      const outsider = world.users.find((u) => u.key === world.outsiderKey);
      const identity: Identity = { name: outsider?.name ?? '', groups: ['system:authenticated'] };
      const closed = world.workspaces.find((w) => w.key === CLOSED_WORKSPACE);
      const bindings = [
        ...(closed?.rbac.clusterRoleBindings ?? []).map((b) => ({ ...b, namespace: '' })),
        ...(closed?.rbac.roleBindings ?? []),
      ];
      const named = bindings.filter((b) => b.subjects.some((s) => subjectMatches(s, identity, b.namespace)));
      expect(named.map((b) => b.name)).to.deep.equal([]);
    });
  }

  it('knows which objects exist, so that deletes only target missing ones', () => {
    expect(objectExists('configmaps', 'default', 'alpha')).to.equal(true);
    expect(objectExists('secrets', 'ns-b', 'alpha')).to.equal(false);
    expect(objectExists('namespaces', '', 'ns-a')).to.equal(true);
    expect(objectExists('namespaces', '', 'gamma')).to.equal(false);
    expect(objectExists('roles', 'ns-a', 'beta')).to.equal(false);
    expect(objectExists('roles', 'ns-a', 'mx-role-1')).to.equal(true);
  });
});

describe('seeded random', () => {
  it('repeats its sequence for a seed and stays in range', () => {
    const a = seededRandom(5);
    const b = seededRandom(5);
    const xs = Array.from({ length: 50 }, () => a.int(3, 7));
    expect(xs).to.deep.equal(Array.from({ length: 50 }, () => b.int(3, 7)));
    expect(xs.every((x) => x >= 3 && x <= 7)).to.equal(true);
    expect(new Set(xs).size).to.be.greaterThan(3);
    const subset = seededRandom(9).subset(['a', 'b', 'c', 'd'], 2, 3);
    expect(subset.length).to.be.within(2, 3);
    expect(new Set(subset).size).to.equal(subset.length);
  });
});
