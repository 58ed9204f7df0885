import { expect } from 'chai';
import type { CustomResourceDefinition } from '../apiextensions/crd-object.js';
import { namingConflict } from './name-conflicts.js';
import type { APIResourceSchema } from './types.js';

const crd = (uid: string, name: string, names: Record<string, unknown>): CustomResourceDefinition => ({
  metadata: { name, uid },
  spec: { group: 'wildwest.dev' },
  status: { acceptedNames: names },
});

const schema: APIResourceSchema = {
  metadata: { name: 'today.cowboys.wildwest.dev' },
  spec: {
    group: 'wildwest.dev',
    names: {
      plural: 'cowboys',
      singular: 'cowboy',
      kind: 'Cowboy',
      listKind: 'CowboyList',
      shortNames: ['cb'],
    },
    scope: 'Namespaced',
    versions: [],
  },
};

describe('naming conflicts of a binding (kcp conflict_checker.go)', () => {
  it('names the CRD or the binding holding a name, in kcp words', () => {
    const local = crd('b', 'horses.wildwest.dev', {
      plural: 'horses',
      singular: 'horse',
      kind: 'Cowboy',
      listKind: 'HorseList',
    });
    expect(namingConflict([{ crd: local }], 'mine', schema)).to.equal(
      'naming conflict with CustomResourceDefinition "horses.wildwest.dev": spec.names.kind=Cowboy is forbidden',
    );
    const bound = crd('a', '1234', {
      plural: 'riders',
      singular: 'rider',
      kind: 'Rider',
      listKind: 'RiderList',
      shortNames: ['cb'],
    });
    expect(
      namingConflict(
        [{ crd: local }, { crd: bound, binding: { name: 'riders', path: 'root:p', exportName: 'riders' } }],
        'mine',
        schema,
      ),
    ).to.equal(
      'naming conflict with APIBinding "riders" bound to APIExport root:p:riders: spec.names.shortNames=[cb] is forbidden',
    );
  });

  it('ignores other groups and the binding itself', () => {
    const own = crd('a', '1', {
      plural: 'cowboys',
      singular: 'cowboy',
      kind: 'Cowboy',
      listKind: 'CowboyList',
    });
    expect(
      namingConflict([{ crd: own, binding: { name: 'mine', exportName: 'e' } }], 'mine', schema),
    ).to.equal(undefined);
    const other = { ...own, spec: { group: 'other.dev' } };
    expect(namingConflict([{ crd: other }], 'mine', schema)).to.equal(undefined);
  });
});
