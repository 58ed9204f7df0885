// SubjectAccessReview (asked by an admin about someone) and SelfSubjectAccessReview (asked by the
// user itself) for the authorization matrix's attributes.
import type { Actor, Impersonation } from './matrix-http.js';
import type { Identity, RequestAttributes } from './rbac-rules.js';

const REVIEWS = '/apis/authorization.k8s.io/v1';

export interface ReviewAnswer {
  /** HTTP status of the review's creation (201 when the review itself was allowed). */
  status: number;
  allowed: boolean | undefined;
  denied: boolean | undefined;
  reason: string | undefined;
  text: string;
}

interface ReviewStatus {
  status?: { allowed?: boolean; denied?: boolean; reason?: string };
}

function attributesSpec(a: RequestAttributes): Record<string, unknown> {
  if (a.kind === 'nonResource') return { nonResourceAttributes: { verb: a.verb, path: a.path } };
  return {
    resourceAttributes: {
      verb: a.verb,
      group: a.apiGroup,
      resource: a.resource,
      subresource: a.subresource,
      namespace: a.namespace,
      name: a.name,
    },
  };
}

async function review(
  actor: Actor,
  clusterPath: string,
  kind: 'SubjectAccessReview' | 'SelfSubjectAccessReview',
  spec: Record<string, unknown>,
  impersonate?: Impersonation,
): Promise<ReviewAnswer> {
  const resource = kind === 'SubjectAccessReview' ? 'subjectaccessreviews' : 'selfsubjectaccessreviews';
  const reply = await actor.json<ReviewStatus>({
    method: 'POST',
    path: `/clusters/${clusterPath}${REVIEWS}/${resource}`,
    impersonate,
    body: JSON.stringify({ apiVersion: 'authorization.k8s.io/v1', kind, spec }),
  });
  const status = reply.status === 201 || reply.status === 200 ? reply.body?.status : undefined;
  return {
    status: reply.status,
    allowed: status ? status.allowed === true : undefined,
    denied: status?.denied,
    reason: status?.reason,
    text: reply.text,
  };
}

/** Asks, as `admin`, whether `identity` may do `attributes` in the workspace. */
export function subjectAccessReview(
  admin: Actor,
  clusterPath: string,
  identity: Identity,
  attributes: RequestAttributes,
): Promise<ReviewAnswer> {
  const spec = { user: identity.name, groups: identity.groups, ...attributesSpec(attributes) };
  return review(admin, clusterPath, 'SubjectAccessReview', spec);
}

/** Asks, as the impersonated user, whether it may do `attributes` in the workspace. */
export function selfSubjectAccessReview(
  actor: Actor,
  clusterPath: string,
  impersonate: Impersonation,
  attributes: RequestAttributes,
): Promise<ReviewAnswer> {
  return review(actor, clusterPath, 'SelfSubjectAccessReview', attributesSpec(attributes), impersonate);
}
