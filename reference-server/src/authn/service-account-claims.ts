// The claims of service-account tokens, as kcp's fork of Kubernetes writes them
// (pkg/serviceaccount/claims.go and legacy.go). Bound tokens (TokenRequest) carry their claims
// under `kubernetes.io`; legacy tokens (Secrets of type kubernetes.io/service-account-token)
// as flat `kubernetes.io/serviceaccount/...` keys. kcp adds the service account's logical
// cluster to both, which is how a token finds its way home.

import { serviceAccountUserName } from './user.js';

/** kcp's default --service-account-issuer, also the only API audience. */
export const boundTokenIssuer = 'https://kcp.default.svc';
export const apiAudiences: readonly string[] = [boundTokenIssuer];
export const legacyTokenIssuer = 'kubernetes/serviceaccount';

/** spec.expirationSeconds when a TokenRequest does not say (and its bounds, in validation). */
export const defaultExpirationSeconds = 3600;
export const minExpirationSeconds = 600;
export const maxExpirationSeconds = 2 ** 32;

export interface ServiceAccountIdentity {
  cluster: string;
  namespace: string;
  name: string;
  uid: string;
}

export interface ObjectRef {
  name: string;
  uid: string;
}

export interface BoundTokenOptions {
  serviceAccount: ServiceAccountIdentity;
  /** The Secret the token is bound to, if any: the token dies with it. */
  secret?: ObjectRef;
  audiences: readonly string[];
  expirationSeconds: number;
  /** Seconds since the epoch. */
  now: number;
  jti: string;
}

export function boundTokenClaims(o: BoundTokenOptions): Record<string, unknown> {
  const sa = o.serviceAccount;
  const kubernetes: Record<string, unknown> = {
    namespace: sa.namespace,
    serviceaccount: { name: sa.name, uid: sa.uid },
  };
  if (sa.cluster) kubernetes.clusterName = sa.cluster;
  if (o.secret) kubernetes.secret = { name: o.secret.name, uid: o.secret.uid };
  return {
    iss: boundTokenIssuer,
    sub: serviceAccountUserName(sa.namespace, sa.name),
    aud: [...o.audiences],
    iat: o.now,
    nbf: o.now,
    exp: o.now + o.expirationSeconds,
    jti: o.jti,
    'kubernetes.io': kubernetes,
  };
}

const legacyPrefix = 'kubernetes.io/serviceaccount/';
export const legacyClaimKeys = {
  namespace: `${legacyPrefix}namespace`,
  secretName: `${legacyPrefix}secret.name`,
  serviceAccountName: `${legacyPrefix}service-account.name`,
  serviceAccountUID: `${legacyPrefix}service-account.uid`,
  clusterName: `${legacyPrefix}clusterName`,
} as const;

export function legacyTokenClaims(sa: ServiceAccountIdentity, secretName: string): Record<string, unknown> {
  return {
    iss: legacyTokenIssuer,
    sub: serviceAccountUserName(sa.namespace, sa.name),
    [legacyClaimKeys.namespace]: sa.namespace,
    [legacyClaimKeys.secretName]: secretName,
    [legacyClaimKeys.serviceAccountName]: sa.name,
    [legacyClaimKeys.serviceAccountUID]: sa.uid,
    [legacyClaimKeys.clusterName]: sa.cluster,
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** What a bound token says under `kubernetes.io` (missing parts are empty). */
export interface BoundClaims {
  cluster: string;
  namespace: string;
  serviceAccount: ObjectRef;
  secret?: ObjectRef;
  pod?: ObjectRef;
  node?: ObjectRef;
}

function ref(v: unknown): ObjectRef | undefined {
  return isRecord(v) ? { name: str(v.name), uid: str(v.uid) } : undefined;
}

export function parseBoundClaims(payload: Record<string, unknown>): BoundClaims {
  const k = isRecord(payload['kubernetes.io']) ? payload['kubernetes.io'] : {};
  const out: BoundClaims = {
    cluster: str(k.clusterName),
    namespace: str(k.namespace),
    serviceAccount: ref(k.serviceaccount) ?? { name: '', uid: '' },
  };
  const secret = ref(k.secret);
  const pod = ref(k.pod);
  const node = ref(k.node);
  if (secret) out.secret = secret;
  if (pod) out.pod = pod;
  if (node) out.node = node;
  return out;
}

export interface LegacyClaims {
  cluster: string;
  namespace: string;
  secretName: string;
  serviceAccountName: string;
  serviceAccountUID: string;
}

export function parseLegacyClaims(payload: Record<string, unknown>): LegacyClaims {
  return {
    cluster: str(payload[legacyClaimKeys.clusterName]),
    namespace: str(payload[legacyClaimKeys.namespace]),
    secretName: str(payload[legacyClaimKeys.secretName]),
    serviceAccountName: str(payload[legacyClaimKeys.serviceAccountName]),
    serviceAccountUID: str(payload[legacyClaimKeys.serviceAccountUID]),
  };
}

/**
 * The logical cluster a token's claims name, for the in-cluster rewrite: the bound claim
 * `kubernetes.io.clusterName` first, else the legacy one. Any issuer: kcp looks before it
 * authenticates.
 */
export function clusterClaim(payload: Record<string, unknown>): string | undefined {
  const k = payload['kubernetes.io'];
  if (isRecord(k) && typeof k.clusterName === 'string') return k.clusterName;
  const legacy = payload[legacyClaimKeys.clusterName];
  return typeof legacy === 'string' ? legacy : undefined;
}

/** The `aud` claim as a list (a JWT may hold a single string). */
export function audiencesOf(payload: Record<string, unknown>): string[] {
  const aud = payload.aud;
  if (typeof aud === 'string') return [aud];
  return Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : [];
}
