// authentication.k8s.io/v1 SelfSubjectReview: POST answers who the caller is; nothing is stored
// (k8s pkg/registry/authentication/selfsubjectreview). kcp serves it in every workspace.

import type { KubeObject } from '../../api/types.js';
import { now } from '../objects.js';
import type { ResourceType, ReviewContext } from '../resource-type.js';

export function reviewSelf(_request: KubeObject, { user }: ReviewContext): KubeObject {
  const userInfo: Record<string, unknown> = { username: user.name, groups: user.groups };
  if (user.uid) userInfo.uid = user.uid;
  if (user.extra && Object.keys(user.extra).length > 0) userInfo.extra = user.extra;
  return {
    kind: 'SelfSubjectReview',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { creationTimestamp: now() },
    status: { userInfo },
  };
}

export const selfSubjectReviews: ResourceType = {
  group: 'authentication.k8s.io',
  version: 'v1',
  storageVersion: true,
  names: {
    plural: 'selfsubjectreviews',
    singular: 'selfsubjectreview',
    kind: 'SelfSubjectReview',
    listKind: 'SelfSubjectReviewList',
  },
  namespaced: false,
  verbs: ['create'],
  subresources: [],
  nameValidation: 'DNS1123Subdomain',
  fields: { status: 'object' },
  columns: [],
  strategy: { validateCreate: () => [], validateUpdate: () => [] },
  review: reviewSelf,
};
