import { expect } from 'chai';
import { parseCommandOptions, UsageError } from './command-options.js';

describe('conformance command options', () => {
  it('defaults to the reference target and reports/latest', () => {
    const options = parseCommandOptions({});
    expect(options.target).to.deep.equal({ kind: 'reference' });
    expect(options.reportDir).to.equal('reports/latest');
    expect(options.features).to.equal(undefined);
  });

  it('parses a kubeconfig target, features, regexes and timeouts', () => {
    const options = parseCommandOptions({
      kubeconfig: 'k.yaml',
      context: 'root',
      features: 'Watch, ConfigMaps,Watch',
      focus: '^api-machinery/',
      timeout: ['request=2.5', 'test=90'],
    });
    expect(options.target).to.deep.equal({ kind: 'kubeconfig', path: 'k.yaml', context: 'root' });
    expect(options.features).to.deep.equal(['Watch', 'ConfigMaps']);
    expect(options.focus?.test('api-machinery/x')).to.equal(true);
    expect(options.timeouts).to.deep.equal({ request: 2500, test: 90_000 });
  });

  it('parses --add-features, --keep-on-failure and the workspaceReady timeout', () => {
    const options = parseCommandOptions({
      addFeatures: 'WildcardRequests',
      keepOnFailure: true,
      timeout: ['workspaceReady=300'],
    });
    expect(options.addFeatures).to.deep.equal(['WildcardRequests']);
    expect(options.features).to.equal(undefined);
    expect(options.keepOnFailure).to.equal(true);
    expect(options.timeouts).to.deep.equal({ workspaceReady: 300_000 });
    expect(parseCommandOptions({}).keepOnFailure).to.equal(false);
  });

  it('passes --users-kubeconfig through, and leaves it out when not given', () => {
    const options = parseCommandOptions({ kubeconfig: 'k.yaml', usersKubeconfig: '/tmp/users.kubeconfig' });
    expect(options.usersKubeconfig).to.equal('/tmp/users.kubeconfig');
    expect(parseCommandOptions({})).not.to.have.property('usersKubeconfig');
  });

  it('runs 4 tests at once by default; --parallel sets how many', () => {
    expect(parseCommandOptions({}).parallel).to.equal(4);
    expect(parseCommandOptions({ parallel: '1' }).parallel).to.equal(1);
    expect(parseCommandOptions({ parallel: '12' }).parallel).to.equal(12);
  });

  for (const [name, raw, message] of [
    ['unknown feature', { features: 'Nope' }, /unknown feature\(s\) Nope/],
    ['bad timeout key', { timeout: ['forever=1'] }, /--timeout expects key=seconds/],
    ['bad timeout value', { timeout: ['request=soon'] }, /--timeout expects key=seconds/],
    ['bad regex', { focus: '(' }, /--focus: not a valid regular expression/],
    ['two targets', { kubeconfig: 'k', target: 'reference' }, /alternatives/],
    ['context without kubeconfig', { context: 'root' }, /--context needs --kubeconfig/],
    ['both feature flags', { features: 'Watch', addFeatures: 'WildcardRequests' }, /give one/],
    ['unknown added feature', { addFeatures: 'Nope' }, /--add-features: unknown feature/],
    ['empty users kubeconfig', { usersKubeconfig: ' ' }, /--users-kubeconfig: needs a file name/],
    ['zero parallel tests', { parallel: '0' }, /--parallel: expected a whole number of tests, 1 or more/],
    ['fractional parallel tests', { parallel: '2.5' }, /--parallel: expected a whole number/],
    ['non-numeric parallel tests', { parallel: 'many' }, /--parallel: expected a whole number/],
  ] as const) {
    it(`rejects ${name} as a usage error`, () => {
      expect(() =>
        parseCommandOptions({ ...raw, timeout: 'timeout' in raw ? [...raw.timeout] : undefined }),
      ).to.throw(UsageError, message);
    });
  }
});
