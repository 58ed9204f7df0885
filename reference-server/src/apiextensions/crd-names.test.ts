import { expect } from 'chai';
import { calculateNames } from './crd-names.js';
import type { CustomResourceDefinition } from './crd-object.js';

function crd(
  names: CustomResourceDefinition['spec'] extends infer S
    ? S extends { names?: infer N }
      ? N
      : never
    : never,
  accepted = {},
): CustomResourceDefinition {
  return { spec: { group: 'g.io', names }, status: { acceptedNames: accepted } };
}

describe('calculateNames (naming condition)', () => {
  const widgets = crd(
    {},
    { plural: 'widgets', singular: 'widget', shortNames: ['wd'], kind: 'Widget', listKind: 'WidgetList' },
  );

  it('accepts fresh names with NoConflicts', () => {
    const r = calculateNames(
      crd({
        plural: 'gadgets',
        singular: 'gadget',
        kind: 'Gadget',
        listKind: 'GadgetList',
        categories: ['all'],
      }),
      [widgets],
    );
    expect(r.namesAccepted).to.deep.equal({
      status: 'True',
      reason: 'NoConflicts',
      message: 'no conflicts found',
    });
    expect(r.acceptedNames).to.deep.equal({
      plural: 'gadgets',
      singular: 'gadget',
      kind: 'Gadget',
      listKind: 'GadgetList',
      categories: ['all'],
    });
  });

  it('reports the last conflict in kube order and keeps the non-conflicting names', () => {
    const r = calculateNames(
      crd({ plural: 'gizmos', kind: 'Widget', listKind: 'WidgetList', shortNames: ['gz'] }),
      [widgets],
    );
    expect(r.namesAccepted).to.deep.equal({
      status: 'False',
      reason: 'ListKindConflict',
      message: '"WidgetList" is already in use',
    });
    expect(r.acceptedNames).to.deep.equal({ plural: 'gizmos', shortNames: ['gz'] });
  });

  it('refuses a short name another CRD holds', () => {
    const r = calculateNames(
      crd({
        plural: 'gadgets',
        singular: 'gadget',
        kind: 'Gadget',
        listKind: 'GadgetList',
        shortNames: ['wd'],
      }),
      [widgets],
    );
    expect(r.namesAccepted).to.include({
      status: 'False',
      reason: 'ShortNamesConflict',
      message: '"wd" is already in use',
    });
    expect(r.acceptedNames.shortNames).to.equal(undefined);
  });

  it('keeps names it already holds even if another CRD claims them later', () => {
    const mine = crd({ plural: 'widgets', kind: 'Widget' }, { plural: 'widgets', kind: 'Widget' });
    expect(calculateNames(mine, [widgets]).namesAccepted.status).to.equal('True');
  });

  it('ignores other groups (the caller passes only the same group)', () => {
    expect(calculateNames(crd({ plural: 'widgets', kind: 'Widget' }), []).namesAccepted.status).to.equal(
      'True',
    );
  });
});
