// authorization.k8s.io/v1 access reviews: SubjectAccessReview (any subject, cluster-scoped),
// LocalSubjectAccessReview (any subject, one namespace), SelfSubjectAccessReview (the caller) and
// SelfSubjectRulesReview (the caller's rules in a namespace). Each is answered by the very
// authorizer that guards requests, in the logical cluster the review was posted to, so a review
// can never disagree with enforcement (`kubectl auth can-i` relies on that). Nothing is stored.
// Validation and errors follow k8s pkg/apis/authorization/validation and
// pkg/registry/authorization/*; answers carry kcp's anonymized reasons.

import { badRequest, invalid } from '../../api/status.js';
import type { KubeObject } from '../../api/types.js';
import type { UserInfo } from '../../authn/user.js';
import type { Attributes, Decision } from '../../authz/authorizer.js';
import { invalidValue, toInvalidField, type FieldError } from '../field-errors.js';
import type { ResourceType, ReviewContext } from '../resource-type.js';

const group = 'authorization.k8s.io';
const apiVersion = `${group}/v1`;

interface ResourceAttributes {
  namespace?: string;
  verb?: string;
  group?: string;
  version?: string;
  resource?: string;
  subresource?: string;
  name?: string;
}
interface NonResourceAttributes {
  path?: string;
  verb?: string;
}
interface AccessReviewSpec {
  resourceAttributes?: ResourceAttributes | null;
  nonResourceAttributes?: NonResourceAttributes | null;
  user?: string;
  groups?: string[] | null;
  extra?: Record<string, string[]> | null;
  uid?: string;
}

const specOf = (request: KubeObject): AccessReviewSpec =>
  request.spec && typeof request.spec === 'object' ? (request.spec as AccessReviewSpec) : {};

/** The spec checks shared by every access review (ValidateSelfSubjectAccessReviewSpec). */
function attributeErrors(spec: AccessReviewSpec): FieldError[] {
  if (spec.resourceAttributes && spec.nonResourceAttributes)
    return [
      invalidValue(
        'spec.nonResourceAttributes',
        spec.nonResourceAttributes,
        'cannot be specified in combination with resourceAttributes',
      ),
    ];
  if (!spec.resourceAttributes && !spec.nonResourceAttributes)
    return [
      invalidValue(
        'spec.resourceAttributes',
        spec.nonResourceAttributes ?? null,
        'exactly one of nonResourceAttributes or resourceAttributes must be specified',
      ),
    ];
  return [];
}

function subjectErrors(spec: AccessReviewSpec): FieldError[] {
  return !spec.user && !spec.groups?.length
    ? [invalidValue('spec.user', spec.user ?? '', 'at least one of user or group must be specified')]
    : [];
}

function check(kind: string, errors: FieldError[]): void {
  if (errors.length > 0) throw invalid(group, kind, '', errors.map(toInvalidField));
}

function attributesFor(spec: AccessReviewSpec, user: UserInfo, cluster: string): Attributes {
  const r = spec.resourceAttributes;
  if (r)
    return {
      user,
      cluster,
      verb: r.verb ?? '',
      isResourceRequest: true,
      path: '',
      group: r.group ?? '',
      resource: r.resource ?? '',
      subresource: r.subresource ?? '',
      namespace: r.namespace ?? '',
      name: r.name ?? '',
    };
  const n = spec.nonResourceAttributes ?? {};
  return {
    user,
    cluster,
    verb: n.verb ?? '',
    isResourceRequest: false,
    path: n.path ?? '',
    group: '',
    resource: '',
    subresource: '',
    namespace: '',
    name: '',
  };
}

function status(d: Decision): Record<string, unknown> {
  const s: Record<string, unknown> = { allowed: d.decision === 'allow' };
  if (d.decision === 'deny') s.denied = true;
  if (d.reason) s.reason = d.reason;
  return s;
}

function answer(kind: string, request: KubeObject, spec: unknown, d: Decision | undefined, extra?: object) {
  return {
    kind,
    apiVersion,
    metadata: request.metadata?.namespace ? { namespace: request.metadata.namespace } : {},
    spec,
    status: d ? status(d) : extra,
  };
}

function subjectOf(spec: AccessReviewSpec): UserInfo {
  return {
    name: spec.user ?? '',
    uid: spec.uid ?? '',
    groups: spec.groups ?? [],
    ...(spec.extra ? { extra: spec.extra } : {}),
  };
}

async function reviewSubject(request: KubeObject, ctx: ReviewContext): Promise<KubeObject> {
  const spec = specOf(request);
  check('SubjectAccessReview', [...attributeErrors(spec), ...subjectErrors(spec)]);
  const d = await ctx.authorize(attributesFor(spec, subjectOf(spec), ctx.cluster));
  return answer('SubjectAccessReview', request, spec, d);
}

async function reviewLocalSubject(request: KubeObject, ctx: ReviewContext): Promise<KubeObject> {
  const spec = specOf(request);
  const errors = [...attributeErrors(spec), ...subjectErrors(spec)];
  if (spec.nonResourceAttributes)
    errors.push(
      invalidValue(
        'spec.nonResourceAttributes',
        spec.nonResourceAttributes,
        'disallowed on this kind of request',
      ),
    );
  check('LocalSubjectAccessReview', errors);
  if ((spec.resourceAttributes?.namespace ?? '') !== ctx.namespace)
    throw badRequest(`spec.resourceAttributes.namespace must match namespace: ${ctx.namespace}`);
  const d = await ctx.authorize(attributesFor(spec, subjectOf(spec), ctx.cluster));
  return answer('LocalSubjectAccessReview', { ...request, metadata: { namespace: ctx.namespace } }, spec, d);
}

async function reviewSelf(request: KubeObject, ctx: ReviewContext): Promise<KubeObject> {
  const spec = specOf(request);
  check('SelfSubjectAccessReview', attributeErrors(spec));
  const d = await ctx.authorize(attributesFor(spec, ctx.user, ctx.cluster));
  return answer('SelfSubjectAccessReview', request, spec, d);
}

async function reviewSelfRules(request: KubeObject, ctx: ReviewContext): Promise<KubeObject> {
  const namespace = (specOf(request) as { namespace?: string }).namespace ?? '';
  const rules = await ctx.rules(ctx.user, ctx.cluster, namespace);
  // As kube-apiserver, the answer carries the rules and an empty spec.
  return answer('SelfSubjectRulesReview', request, {}, undefined, rules);
}

function reviewType(
  plural: string,
  kind: string,
  namespaced: boolean,
  review: (request: KubeObject, ctx: ReviewContext) => Promise<KubeObject>,
): ResourceType {
  return {
    group,
    version: 'v1',
    storageVersion: true,
    names: { plural, singular: kind.toLowerCase(), kind, listKind: `${kind}List` },
    namespaced,
    verbs: ['create'],
    subresources: [],
    nameValidation: 'DNS1123Subdomain',
    fields: { spec: 'object', status: 'object' },
    columns: [],
    strategy: { validateCreate: () => [], validateUpdate: () => [] },
    review,
  };
}

export const subjectAccessReviews = reviewType(
  'subjectaccessreviews',
  'SubjectAccessReview',
  false,
  reviewSubject,
);
export const localSubjectAccessReviews = reviewType(
  'localsubjectaccessreviews',
  'LocalSubjectAccessReview',
  true,
  reviewLocalSubject,
);
export const selfSubjectAccessReviews = reviewType(
  'selfsubjectaccessreviews',
  'SelfSubjectAccessReview',
  false,
  reviewSelf,
);
export const selfSubjectRulesReviews = reviewType(
  'selfsubjectrulesreviews',
  'SelfSubjectRulesReview',
  false,
  reviewSelfRules,
);
export const accessReviewTypes: readonly ResourceType[] = [
  localSubjectAccessReviews,
  selfSubjectAccessReviews,
  selfSubjectRulesReviews,
  subjectAccessReviews,
];
