// Impersonation decisions against a small rule-based authorizer: which checks Kubernetes'
// modes make, in which order, and what kcp adds.

import { expect } from 'chai';
import { ApiError } from '../api/status.js';
import type { Attributes, Authorizer } from '../authz/authorizer.js';
import {
  createImpersonator,
  forbiddenFor,
  mayImpersonateGroups,
  scopedToCluster,
  splitServiceAccountUserName,
  wantedUserFromHeaders,
  type WantedUser,
} from './impersonation.js';
import type { UserInfo } from './user.js';

const requester: UserInfo = { name: 'boss', uid: '', groups: ['team', 'system:authenticated'] };
const request: Attributes = {
  user: requester,
  cluster: 'c1',
  verb: 'get',
  isResourceRequest: true,
  path: '/api/v1/namespaces/default/configmaps/x',
  group: '',
  resource: 'configmaps',
  subresource: '',
  namespace: 'default',
  name: 'x',
};
const wanted = (w: Partial<WantedUser>): WantedUser => ({ name: 'u', uid: '', groups: [], extra: {}, ...w });

/** Allows what `allow` accepts and records every question. */
function authorizer(allow: (a: Attributes) => boolean): { authorize: Authorizer; asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    authorize: async (a) => {
      asked.push(
        `${a.verb} ${a.group}/${a.resource}${a.subresource ? `/${a.subresource}` : ''}:${a.namespace}/${a.name}`,
      );
      return allow(a) ? { decision: 'allow', reason: '' } : { decision: 'no-opinion', reason: 'nope' };
    },
  };
}

async function refusal(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    expect(e).to.be.instanceOf(ApiError);
    return e as ApiError;
  }
  throw new Error('expected a refusal');
}

describe('impersonation', () => {
  it('reads the headers, extra keys lower-cased and percent-decoded', () => {
    expect(
      wantedUserFromHeaders({
        'impersonate-user': ['u'],
        'impersonate-group': ['a', 'b'],
        'impersonate-uid': ['1'],
        'impersonate-extra-example.com%2fscope': ['x', 'y'],
      }),
    ).to.deep.equal({ name: 'u', uid: '1', groups: ['a', 'b'], extra: { 'example.com/scope': ['x', 'y'] } });
    expect(wantedUserFromHeaders({})).to.equal(undefined);
  });

  it('answers 400 for groups, uid or extra without a user, with Go %#v of the request', async () => {
    const e = await refusal(
      Promise.resolve().then(() => wantedUserFromHeaders({ 'impersonate-group': ['g'] })),
    );
    expect(e.status).to.include({
      code: 400,
      message:
        'requested &user.DefaultInfo{Name:"", UID:"", Groups:[]string{"g"}, Extra:map[string][]string(nil)} without impersonating a user name',
    });
  });

  it("applies kcp's gatekeeper to privileged groups the requester lacks", () => {
    expect(mayImpersonateGroups(requester, ['team', 'anything', 'system:authenticated'])).to.equal(true);
    expect(mayImpersonateGroups(requester, ['system:masters'])).to.equal(false);
    expect(mayImpersonateGroups(requester, ['system:kcp:admin'])).to.equal(false);
    expect(mayImpersonateGroups({ ...requester, groups: [] }, ['system:authenticated'])).to.equal(false);
    expect(mayImpersonateGroups({ ...requester, groups: ['system:masters'] }, ['system:kcp:admin'])).to.equal(
      true,
    );
  });

  it('grants through user-info mode when the requester may impersonate-on the request', async () => {
    const { authorize, asked } = authorizer(() => true);
    const user = await createImpersonator(authorize).impersonate(
      request,
      wanted({ groups: ['g'], uid: '7' }),
    );
    expect(user).to.deep.equal({ name: 'u', uid: '7', groups: ['g', 'system:authenticated'] });
    expect(asked).to.deep.equal([
      'impersonate-on:user-info:get /configmaps:default/x',
      'impersonate:user-info authentication.k8s.io/users:/u',
      'impersonate:user-info authentication.k8s.io/uids:/7',
      'impersonate:user-info authentication.k8s.io/groups:/g',
    ]);
  });

  it('falls back to legacy impersonation and reports the first mode that failed', async () => {
    const legacyOnly = authorizer((a) => a.verb === 'impersonate');
    const user = await createImpersonator(legacyOnly.authorize).impersonate(
      request,
      wanted({ extra: { k: ['v'] } }),
    );
    expect(user).to.deep.equal({ name: 'u', uid: '', groups: ['system:authenticated'], extra: { k: ['v'] } });
    expect(legacyOnly.asked.at(-2)).to.equal('impersonate /users:/u');
    expect(legacyOnly.asked.at(-1)).to.equal('impersonate authentication.k8s.io/userextras/k:/v');

    const none = authorizer(() => false);
    const e = await refusal(createImpersonator(none.authorize).impersonate(request, wanted({})));
    expect(e.status.message).to.equal(
      'configmaps "x" is forbidden: User "boss" cannot impersonate-on:user-info:get resource "configmaps" in API group "" in the namespace "default": nope',
    );
  });

  it('tries the mode that last worked for a requester first', async () => {
    let legacyAllowed = true;
    const { authorize } = authorizer((a) => a.verb === 'impersonate' && legacyAllowed);
    const impersonator = createImpersonator(authorize);
    await impersonator.impersonate(request, wanted({}));
    legacyAllowed = false;
    const e = await refusal(impersonator.impersonate(request, wanted({})));
    expect(e.status.message).to.equal(
      'users "u" is forbidden: User "boss" cannot impersonate resource "users" in API group "" at the cluster scope: nope',
    );
  });

  it('gives service accounts their groups and asks about serviceaccounts in their namespace', async () => {
    const { authorize, asked } = authorizer((a) => a.verb === 'impersonate');
    const user = await createImpersonator(authorize).impersonate(
      request,
      wanted({ name: 'system:serviceaccount:ns:robot' }),
    );
    expect(user.groups).to.deep.equal([
      'system:serviceaccounts',
      'system:serviceaccounts:ns',
      'system:authenticated',
    ]);
    expect(asked[0]).to.equal('impersonate-on:serviceaccount:get /configmaps:default/x');
    expect(asked.at(-1)).to.equal('impersonate /serviceaccounts:ns/robot');
  });

  it('refuses system:masters and empty groups in constrained modes', async () => {
    const { authorize } = authorizer((a) => a.verb !== 'impersonate');
    const e = await refusal(
      createImpersonator(authorize).impersonate(request, wanted({ groups: ['system:masters'] })),
    );
    expect(e.status.message).to.equal(
      'groups.authentication.k8s.io "system:masters" is forbidden: User "boss" cannot impersonate:user-info resource "groups" in API group "authentication.k8s.io" at the cluster scope: impersonating the system:masters group is not allowed',
    );
  });

  it('adds kcp scopes without touching the impersonated extra', () => {
    const extra = { 'authentication.kcp.io/scopes': ['cluster:a'] };
    const user = scopedToCluster({ name: 'u', uid: '', groups: [], extra }, 'c1');
    expect(user.extra).to.deep.equal({ 'authentication.kcp.io/scopes': ['cluster:a', 'cluster:c1'] });
    expect(extra['authentication.kcp.io/scopes']).to.deep.equal(['cluster:a']);
  });

  it('writes Forbidden messages as Kubernetes does', () => {
    const path: Attributes = {
      ...request,
      isResourceRequest: false,
      path: '/healthz',
      verb: 'get',
      resource: '',
      name: '',
    };
    expect(forbiddenFor(path, '').status).to.deep.include({
      message: 'forbidden: User "boss" cannot get path "/healthz"',
      details: {},
    });
  });

  it('recognises service-account user names as Kubernetes does', () => {
    expect(splitServiceAccountUserName('system:serviceaccount:ns:a.b')).to.deep.equal({
      namespace: 'ns',
      name: 'a.b',
    });
    expect(splitServiceAccountUserName('system:serviceaccount:NS:a')).to.equal(undefined);
    expect(splitServiceAccountUserName('system:serviceaccount:ns:a:b')).to.equal(undefined);
  });
});
