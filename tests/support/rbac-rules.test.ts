// RBAC rule and subject matching as rbac/v1 defines it (k8s pkg/apis/rbac/v1 evaluation helpers,
// pkg/registry/rbac/validation): the oracle's foundation.
import { expect } from 'chai';
import {
  evaluateScope,
  nonResourceURLMatches,
  resourceMatches,
  resourceNameMatches,
  ruleAllows,
  subjectMatches,
  type Identity,
  type PolicyRule,
  type ResourceAttributes,
  type ScopedBinding,
} from './rbac-rules.js';

const get = (over: Partial<ResourceAttributes> = {}): ResourceAttributes => ({
  kind: 'resource',
  verb: 'get',
  apiGroup: '',
  resource: 'configmaps',
  subresource: '',
  namespace: 'ns-a',
  name: 'alpha',
  ...over,
});

describe('rbac rules', () => {
  describe('verbs and API groups', () => {
    const rule: PolicyRule = { verbs: ['get', 'list'], apiGroups: [''], resources: ['configmaps'] };
    it('match listed verbs only, and every verb for *', () => {
      expect(ruleAllows(rule, get())).to.equal(true);
      expect(ruleAllows(rule, get({ verb: 'watch' }))).to.equal(false);
      expect(ruleAllows({ ...rule, verbs: ['*'] }, get({ verb: 'deletecollection' }))).to.equal(true);
    });
    it('"" is the core group, * every group, and a rule without apiGroups matches no resource', () => {
      expect(ruleAllows(rule, get({ apiGroup: 'rbac.authorization.k8s.io' }))).to.equal(false);
      expect(ruleAllows({ ...rule, apiGroups: ['*'] }, get({ apiGroup: 'apps' }))).to.equal(true);
      expect(ruleAllows({ verbs: ['*'], resources: ['*'] }, get())).to.equal(false);
    });
  });

  describe('resources', () => {
    it('a resource does not cover its subresources, and resource/sub only that subresource', () => {
      const rule: PolicyRule = { verbs: ['*'], apiGroups: ['*'], resources: ['namespaces'] };
      expect(resourceMatches(rule, 'namespaces', '')).to.equal(true);
      expect(resourceMatches(rule, 'namespaces', 'status')).to.equal(false);
      expect(resourceMatches({ ...rule, resources: ['namespaces/status'] }, 'namespaces', 'status')).to.equal(
        true,
      );
      expect(resourceMatches({ ...rule, resources: ['namespaces/status'] }, 'namespaces', '')).to.equal(
        false,
      );
    });
    it('* covers resources and subresources; */status every status but no plain resource', () => {
      expect(resourceMatches({ verbs: ['*'], resources: ['*'] }, 'workspaces', 'status')).to.equal(true);
      const status: PolicyRule = { verbs: ['*'], resources: ['*/status'] };
      expect(resourceMatches(status, 'workspaces', 'status')).to.equal(true);
      expect(resourceMatches(status, 'namespaces', 'finalize')).to.equal(false);
      expect(resourceMatches(status, 'workspaces', '')).to.equal(false);
    });
  });

  describe('resourceNames', () => {
    const rule: PolicyRule = {
      verbs: ['*'],
      apiGroups: [''],
      resources: ['configmaps'],
      resourceNames: ['alpha'],
    };
    it('empty allows any name, including none; otherwise only the listed names, never "no name"', () => {
      expect(resourceNameMatches({ verbs: ['get'] }, '')).to.equal(true);
      expect(ruleAllows(rule, get())).to.equal(true);
      expect(ruleAllows(rule, get({ name: 'beta' }))).to.equal(false);
      expect(ruleAllows(rule, get({ verb: 'list', name: '' }))).to.equal(false);
      expect(ruleAllows(rule, get({ verb: 'create', name: '' }))).to.equal(false);
    });
  });

  describe('nonResourceURLs', () => {
    const urls = (...nonResourceURLs: string[]): PolicyRule => ({ verbs: ['get'], nonResourceURLs });
    it('match exactly, with * everything, and with a trailing * as a plain string prefix', () => {
      expect(nonResourceURLMatches(urls('/api'), '/api')).to.equal(true);
      expect(nonResourceURLMatches(urls('/api'), '/api/v1')).to.equal(false);
      expect(nonResourceURLMatches(urls('*'), '/anything')).to.equal(true);
      expect(nonResourceURLMatches(urls('/api/*'), '/api/v1')).to.equal(true);
      expect(nonResourceURLMatches(urls('/api/*'), '/api')).to.equal(false);
      expect(nonResourceURLMatches(urls('/matr*'), '/matrixx')).to.equal(true);
      expect(nonResourceURLMatches(urls('/*'), '/')).to.equal(true);
    });
    it('a non-resource rule never matches resource attributes, and the reverse', () => {
      expect(ruleAllows(urls('*'), get())).to.equal(false);
      const resources: PolicyRule = { verbs: ['*'], apiGroups: ['*'], resources: ['*'] };
      expect(ruleAllows(resources, { kind: 'nonResource', verb: 'get', path: '/api' })).to.equal(false);
    });
  });

  describe('subjects', () => {
    const alice: Identity = { name: 'alice', groups: ['devs', 'system:authenticated'] };
    const robot: Identity = { name: 'system:serviceaccount:ns-a:robot', groups: ['system:serviceaccounts'] };
    it('match User by name and Group by membership', () => {
      expect(subjectMatches({ kind: 'User', name: 'alice' }, alice, '')).to.equal(true);
      expect(subjectMatches({ kind: 'User', name: 'devs' }, alice, '')).to.equal(false);
      expect(subjectMatches({ kind: 'Group', name: 'devs' }, alice, '')).to.equal(true);
      expect(subjectMatches({ kind: 'Group', name: 'alice' }, alice, '')).to.equal(false);
    });
    it('match a ServiceAccount by namespace and name; in a RoleBinding the namespace defaults to its own', () => {
      expect(
        subjectMatches({ kind: 'ServiceAccount', name: 'robot', namespace: 'ns-a' }, robot, ''),
      ).to.equal(true);
      expect(subjectMatches({ kind: 'ServiceAccount', name: 'robot' }, robot, 'ns-a')).to.equal(true);
      expect(subjectMatches({ kind: 'ServiceAccount', name: 'robot' }, robot, 'ns-b')).to.equal(false);
      expect(subjectMatches({ kind: 'ServiceAccount', name: 'robot' }, robot, '')).to.equal(false);
      expect(subjectMatches({ kind: 'User', name: 'robot' }, robot, 'ns-a')).to.equal(false);
    });
  });

  describe('evaluateScope', () => {
    const binding = (over: Partial<ScopedBinding>): ScopedBinding => ({
      description: 'b',
      subjects: [{ kind: 'User', name: 'alice' }],
      namespace: '',
      rules: { role: 'r', rules: [{ verbs: ['get'], apiGroups: [''], resources: ['configmaps'] }] },
      ...over,
    });
    const alice: Identity = { name: 'alice', groups: [] };
    it('allows through any binding naming the identity whose role has a matching rule', () => {
      const result = evaluateScope(
        [
          binding({ description: 'other', subjects: [{ kind: 'User', name: 'bob' }] }),
          binding({ description: 'mine' }),
        ],
        alice,
        get(),
      );
      expect(result.match?.binding).to.equal('mine');
      expect(result.applicableBindings).to.have.length(1);
    });
    it('grants nothing through a binding whose role is missing, but reports it', () => {
      const result = evaluateScope([binding({ rules: undefined })], alice, get());
      expect(result.match).to.equal(undefined);
      expect(result.applicableBindings[0]).to.contain('missing role');
    });
  });
});
