import { expect } from 'chai';
import type { PolicyRule } from './rbac-rules.js';
import { atomsOf, compactRules, describeRule, uncoveredRules } from './rule-coverage.js';

const rule = (r: Partial<PolicyRule> & { verbs: string[] }): PolicyRule => r;

describe('RBAC rule coverage', () => {
  it('splits rules into one verb, group, resource and name each', () => {
    expect(atomsOf(rule({ verbs: ['get', 'list'], apiGroups: [''], resources: ['a', 'b'] }))).to.have.length(
      4,
    );
    expect(
      atomsOf(rule({ verbs: ['get'], apiGroups: [''], resources: ['a'], resourceNames: ['x', 'y'] })),
    ).to.have.length(2);
    expect(atomsOf(rule({ verbs: ['get'], nonResourceURLs: ['/a', '/b'] }))).to.have.length(2);
  });

  const cases: [string, PolicyRule[], PolicyRule, boolean][] = [
    [
      'wildcards cover everything',
      [rule({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] })],
      rule({ verbs: ['delete'], apiGroups: ['x'], resources: ['y/z'] }),
      true,
    ],
    [
      'other verb',
      [rule({ verbs: ['get'], apiGroups: [''], resources: ['secrets'] })],
      rule({ verbs: ['list'], apiGroups: [''], resources: ['secrets'] }),
      false,
    ],
    [
      '*/status covers a status subresource',
      [rule({ verbs: ['get'], apiGroups: [''], resources: ['*/status'] })],
      rule({ verbs: ['get'], apiGroups: [''], resources: ['pods/status'] }),
      true,
    ],
    [
      'a resource does not cover its subresource',
      [rule({ verbs: ['get'], apiGroups: [''], resources: ['pods'] })],
      rule({ verbs: ['get'], apiGroups: [''], resources: ['pods/status'] }),
      false,
    ],
    [
      'named rules do not cover unnamed ones',
      [rule({ verbs: ['get'], apiGroups: [''], resources: ['a'], resourceNames: ['x'] })],
      rule({ verbs: ['get'], apiGroups: [''], resources: ['a'] }),
      false,
    ],
    [
      'unnamed rules cover named ones',
      [rule({ verbs: ['get'], apiGroups: [''], resources: ['a'] })],
      rule({ verbs: ['get'], apiGroups: [''], resources: ['a'], resourceNames: ['x'] }),
      true,
    ],
    [
      'URL prefix *',
      [rule({ verbs: ['get'], nonResourceURLs: ['/apis/*'] })],
      rule({ verbs: ['get'], nonResourceURLs: ['/apis/x'] }),
      true,
    ],
    [
      'URL rules never cover resources',
      [rule({ verbs: ['*'], nonResourceURLs: ['*'] })],
      rule({ verbs: ['get'], apiGroups: [''], resources: ['a'] }),
      false,
    ],
  ];
  for (const [name, owned, requested, covered] of cases)
    it(`${name} → ${covered ? 'covered' : 'not covered'}`, () =>
      expect(uncoveredRules(owned, [requested]).length === 0).to.equal(covered));

  it('compacts missing atoms by verbs and prints them as Kubernetes does', () => {
    const missing = uncoveredRules(
      [],
      [rule({ verbs: ['get', 'list'], apiGroups: [''], resources: ['secrets'] })],
    );
    expect(compactRules(missing).map(describeRule)).to.deep.equal([
      '{APIGroups:[""], Resources:["secrets"], Verbs:["get" "list"]}',
    ]);
  });
});
