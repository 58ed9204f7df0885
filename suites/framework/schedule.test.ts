import { expect } from 'chai';
import { validateTests, type ConformanceTest } from './conformance-test.js';
import { Feature } from './features.js';
import { describeSchedule, schedule } from './schedule.js';
import { planTests } from './selection.js';

const test = (id: string, extra: Partial<ConformanceTest> = {}): ConformanceTest => ({
  id: `unit/${id}`,
  area: 'unit',
  description: 'It MUST behave.',
  level: 'MUST',
  features: [Feature.ConfigMaps],
  source: ['kubernetes: x.go'],
  run: async () => {},
  ...extra,
});

const ids = (tests: readonly ConformanceTest[]) => tests.map((t) => t.id.slice('unit/'.length));

describe('schedule', () => {
  const tests = [
    test('a'),
    test('root', { serial: 'binds a role in root' }),
    test('b'),
    test('waits', { slow: 'waits a minute' }),
    test('wildcard', { serial: 'watches every cluster' }),
  ];

  it('with --parallel 1 runs everything in plan order, whatever the tests say', () => {
    const { alone, shared } = schedule(tests, 1);
    expect(alone).to.deep.equal([]);
    expect(ids(shared)).to.deep.equal(['a', 'root', 'b', 'waits', 'wildcard']);
  });

  it('runs serial tests alone first, then slow ones, then the rest in plan order', () => {
    const { alone, shared } = schedule(tests, 4);
    expect(ids(alone)).to.deep.equal(['root', 'wildcard']);
    expect(ids(shared)).to.deep.equal(['waits', 'a', 'b']);
  });

  it('says in the log how the run is scheduled, and why', () => {
    const plan = planTests(tests, { supported: new Set([Feature.ConfigMaps]) });
    expect(describeSchedule(plan, 1)).to.equal('schedule: one test at a time, in plan order (--parallel 1)');
    expect(describeSchedule(plan, 4)).to.equal(
      'schedule: up to 4 tests at once; alone, first: unit/root (binds a role in root); ' +
        'unit/wildcard (watches every cluster); started first: unit/waits (waits a minute)',
    );
  });

  it('refuses a serial or slow mark that does not say why', () => {
    expect(validateTests([test('x', { serial: ' ' }), test('y', { slow: '' })])).to.deep.equal([
      'unit/x: serial must say why',
      'unit/y: slow must say why',
    ]);
  });
});
