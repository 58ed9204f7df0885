import { expect } from 'chai';
import type { ConformanceTest, TestContext } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import type { ClusterClient } from '../framework/http/client.js';
import { describeResponse, expectFailureStatus } from '../framework/kube.js';
import { MissingPrerequisite } from '../framework/prerequisite.js';
import { SYSTEM_MASTERS, whoAmI } from '../framework/target/privileged.js';
import { IMPERSONATE_GROUP, IMPERSONATE_USER } from '../framework/users/test-users.js';
import { AREA } from './area.js';

const SELF_REVIEWS = '/apis/authentication.k8s.io/v1/selfsubjectreviews';
const SELF_REVIEW = { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' };
/** Groups kcp lets only their members (and system:masters) impersonate (pkg/server/filters/impersonation.go). */
const SPECIAL_GROUPS = [SYSTEM_MASTERS, 'system:kcp:logical-cluster-admin'];

interface Requestor {
  name: string;
  groups: readonly string[];
  client: ClusterClient;
}

/**
 * An identity outside system:masters that sends its own impersonation headers: the run's identity
 * when it is not a master (kcp's admin.kubeconfig context root: kcp-admin), else a user of
 * --users-kubeconfig (impersonated test users cannot impersonate in turn).
 */
async function requestor(ctx: TestContext): Promise<Requestor> {
  const me = await whoAmI(ctx.client, ctx.signal);
  if (me?.username && !(me.groups ?? []).includes(SYSTEM_MASTERS)) {
    return { name: me.username, groups: me.groups ?? [], client: ctx.client };
  }
  const [user] = ctx.users(1);
  if (user.credentials !== 'own') {
    throw new MissingPrerequisite(
      `needs an identity outside ${SYSTEM_MASTERS} with its own credentials: the context's user ` +
        `${me?.username ?? '(unknown)'} is a master and test users are impersonated; use a context whose ` +
        'user is not in system:masters (kcp: root) or pass --users-kubeconfig FILE (see README, Test users)',
    );
  }
  return { name: user.name, groups: user.groups, client: user.client };
}

export const impersonationLimits: ConformanceTest = {
  id: `${AREA}/impersonation-limits`,
  area: AREA,
  description:
    'An identity outside system:masters that impersonates a group it is not in among system:masters and ' +
    'kcp\'s privileged groups MUST get 403 Forbidden "impersonation is not allowed for the requestor", and ' +
    'Impersonate-Group without Impersonate-User MUST be 400 Bad Request.',
  level: 'MUST',
  // kcp's privileged-group gate: a plain kube-apiserver lets anyone with the impersonate verb
  // impersonate any group, so this needs a kcp workspace tree (Workspaces marks kcp).
  features: [Feature.Workspaces, Feature.Impersonation],
  source: [
    'kcp: test/e2e/authorizer/impersonate_test.go',
    'kcp: pkg/server/filters/impersonation.go',
    'kubernetes: staging/src/k8s.io/apiserver/pkg/endpoints/filters/impersonation.go',
  ],
  async run(ctx) {
    const who = await requestor(ctx);
    ctx.log(`requestor: ${who.name} (groups ${who.groups.join(',')})`);
    for (const group of SPECIAL_GROUPS.filter((candidate) => !who.groups.includes(candidate))) {
      const response = await who.client
        .withHeaders({ [IMPERSONATE_USER]: who.name, [IMPERSONATE_GROUP]: group })
        .post(SELF_REVIEWS, SELF_REVIEW);
      const status = expectFailureStatus(response, 403, 'Forbidden');
      expect(status.message, `impersonating ${group}: ${describeResponse(response)}`).to.contain(
        'impersonation is not allowed for the requestor',
      );
    }
    const groupOnly = await who.client
      .withHeaders({ [IMPERSONATE_GROUP]: ctx.uniqueName('kh-team') })
      .post(SELF_REVIEWS, SELF_REVIEW);
    expectFailureStatus(groupOnly, 400, 'BadRequest');
  },
};
