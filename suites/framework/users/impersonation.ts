// Finds an identity of the kubeconfig that may impersonate ordinary users, by asking the server
// rather than guessing from names: a SelfSubjectReview sent with Impersonate-User must be
// answered 201 naming the impersonated user. A system:masters identity is tried first: kcp adds
// the scope `cluster:<request cluster>` to users impersonated by anyone else, and a scoped user
// is not itself where the server acts on its behalf in another workspace (kcp initializes a new
// workspace as its creator, in the new logical cluster).
import type { ClusterClient } from '../http/client.js';
import { describeResponse } from '../kube.js';
import type { UserInfo } from '../target/privileged.js';
import { IMPERSONATE_USER, type Impersonator } from './test-users.js';

/** kcp's user extra holding `cluster:<name>` scopes (kcp-dev/kubernetes pkg/registry/rbac/validation/kcp.go). */
export const SCOPES_EXTRA = 'authentication.kcp.io/scopes';

/** Only ever impersonated for a SelfSubjectReview, which creates nothing. */
export const PROBE_USER = 'kh-impersonation-probe';

export interface ImpersonationCandidate {
  /** The candidate's user name, for the report and the log. */
  name: string;
  clientAt(baseUrl: string): ClusterClient;
}

export interface ImpersonationSearch {
  impersonator?: Impersonator;
  /** One line per candidate, for conformance.log and for the reason when none works. */
  evidence: string[];
}

/** Asks, as each candidate in turn, who an impersonated user is; the first answered right wins. */
export async function findImpersonator(
  candidates: readonly ImpersonationCandidate[],
  workspaceUrl: string,
  signal?: AbortSignal,
): Promise<ImpersonationSearch> {
  const evidence: string[] = [];
  for (const candidate of candidates) {
    try {
      const response = await candidate
        .clientAt(workspaceUrl)
        .withHeaders({ [IMPERSONATE_USER]: PROBE_USER })
        .post<{ status?: { userInfo?: UserInfo } }>(
          '/apis/authentication.k8s.io/v1/selfsubjectreviews',
          { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
          { signal },
        );
      const user = response.status === 201 ? response.body?.status?.userInfo : undefined;
      if (user?.username !== PROBE_USER) {
        evidence.push(
          `${candidate.name} cannot impersonate: SelfSubjectReview as ${PROBE_USER}: ${describeResponse(response)}`,
        );
        continue;
      }
      const scoped = (user.extra?.[SCOPES_EXTRA] ?? []).length > 0;
      evidence.push(
        `${candidate.name} may impersonate: SelfSubjectReview as ${PROBE_USER} answered groups ` +
          `${(user.groups ?? []).join(',') || 'none'}${scoped ? `, scopes ${user.extra?.[SCOPES_EXTRA]?.join(',')}` : ''}`,
      );
      return {
        evidence,
        impersonator: {
          name: candidate.name,
          scoped,
          groups: user.groups ?? [],
          clientAt: candidate.clientAt,
        },
      };
    } catch (error) {
      evidence.push(`${candidate.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { evidence };
}
