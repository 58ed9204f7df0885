import { expect } from 'chai';
import type { ConformanceTest } from './conformance-test.js';
import { Feature, type FeatureName } from './features.js';
import { formatPlan, planTests } from './selection.js';

const test = (id: string, features: FeatureName[]): ConformanceTest => ({
  id,
  area: id.split('/')[0]!,
  description: 'It MUST work.',
  level: 'MUST',
  features,
  source: ['kubernetes: x.go'],
  run: async () => {},
});

const TESTS = [
  test('a/plain', [Feature.ConfigMaps]),
  test('a/watching', [Feature.ConfigMaps, Feature.Watch]),
  test('b/other', [Feature.Namespaces]),
];

describe('selection', () => {
  const supported = new Set<FeatureName>([Feature.ConfigMaps, Feature.Namespaces]);

  it('runs a test only when every feature it needs is supported', () => {
    const decisions = planTests(TESTS, { supported }).map((p) => p.decision);
    expect(decisions).to.deep.equal([
      { run: true },
      { run: false, reason: 'feature not supported by the target: Watch' },
      { run: true },
    ]);
  });

  it('says why --focus and --skip leave a test out', () => {
    const plan = planTests(TESTS, { supported, focus: /^a\//, skip: /plain/ });
    expect(plan.map((p) => (p.decision.run ? 'run' : p.decision.reason))).to.deep.equal([
      'excluded by --skip plain',
      'feature not supported by the target: Watch',
      'not matched by --focus ^a\\/',
    ]);
  });

  it('lists every test in the dry-run listing', () => {
    const lines = formatPlan(planTests(TESTS, { supported }));
    expect(lines).to.have.length(3);
    expect(lines[0]).to.match(/^RUN +a\/plain +\[MUST\] ConfigMaps$/);
    expect(lines[1]).to.match(/^SKIP +a\/watching +feature not supported by the target: Watch$/);
  });

  it('says in the listing which tests run alone or start first', () => {
    const special = [
      { ...test('a/root', [Feature.ConfigMaps]), serial: 'binds a role in root' },
      { ...test('a/waits', [Feature.ConfigMaps]), slow: 'waits a minute' },
    ];
    expect(formatPlan(planTests(special, { supported }))).to.deep.equal([
      'RUN   a/root   [MUST] ConfigMaps (runs alone: binds a role in root)',
      'RUN   a/waits  [MUST] ConfigMaps (starts first: waits a minute)',
    ]);
  });
});
