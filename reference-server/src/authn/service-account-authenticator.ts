// Authenticates service-account JWTs signed with our key (kcp's fork of Kubernetes,
// pkg/serviceaccount/jwt.go, claims.go, legacy.go). A token whose issuer is neither ours is no
// opinion; one that is ours but fails a check (signature, audience, time, or the objects it
// names no longer being there) fails the request. Lookups go to the store on every request:
// Kubernetes caches successes for 10 s, we do not, so a deleted ServiceAccount or Secret stops
// its tokens at once.

import { timingSafeEqual } from 'node:crypto';
import type { KubeObject } from '../api/types.js';
import { decodeObject } from '../registry/codec.js';
import { secrets } from '../registry/builtins/secrets.js';
import { serviceaccounts } from '../registry/builtins/serviceaccounts.js';
import type { ResourceType } from '../registry/resource-type.js';
import { keyFor } from '../registry/scope.js';
import type { Store } from '../storage/store.js';
import type { AuthenticationResult, TokenAuthenticator } from './authenticator.js';
import { decodeJwt, verifyJwt, type DecodedJwt } from './jwt.js';
import {
  apiAudiences,
  audiencesOf,
  boundTokenIssuer,
  legacyTokenIssuer,
  parseBoundClaims,
  parseLegacyClaims,
} from './service-account-claims.js';
import type { ServiceAccountKey } from './service-account-key.js';
import {
  clusterNameExtraKey,
  credentialIdExtraKey,
  scopesExtraKey,
  serviceAccountGroups,
  serviceAccountUserName,
  type UserInfo,
} from './user.js';

/** go-jose's default leeway for exp, nbf and iat. */
const leewaySeconds = 60;

export const legacyTokenLastUsedLabel = 'kubernetes.io/legacy-token-last-used';
export const legacyTokenInvalidSinceLabel = 'kubernetes.io/legacy-token-invalid-since';

async function getObject(
  store: Store,
  type: ResourceType,
  cluster: string,
  namespace: string,
  name: string,
): Promise<KubeObject | undefined> {
  if (!cluster || !namespace || !name) return undefined;
  const kv = await store.get(keyFor({ type, cluster, namespace }, name));
  return kv ? decodeObject(kv, type, cluster) : undefined;
}

/** ServiceAccountInfo.UserInfo() in kcp's fork: SA name, groups, and its home cluster as extra. */
export function serviceAccountUser(sa: {
  cluster: string;
  namespace: string;
  name: string;
  uid: string;
  credentialId?: string;
}): UserInfo {
  const extra: Record<string, string[]> = {
    [clusterNameExtraKey]: [sa.cluster],
    [scopesExtraKey]: [`cluster:${sa.cluster}`],
  };
  if (sa.credentialId) extra[credentialIdExtraKey] = [sa.credentialId];
  return {
    name: serviceAccountUserName(sa.namespace, sa.name),
    uid: sa.uid,
    groups: serviceAccountGroups(sa.namespace),
    extra,
  };
}

const fail = (why: string): AuthenticationResult => ({ failed: why });
const isDeleted = (o: KubeObject) => Boolean(o.metadata?.deletionTimestamp);

function timeError(payload: Record<string, unknown>, now: number): string | undefined {
  const num = (k: string) => (typeof payload[k] === 'number' ? (payload[k] as number) : undefined);
  const nbf = num('nbf');
  const exp = num('exp');
  const iat = num('iat');
  if (nbf !== undefined && now + leewaySeconds < nbf) return 'service account token is not valid yet';
  if (exp !== undefined && now - leewaySeconds > exp) return 'service account token has expired';
  if (iat !== undefined && now + leewaySeconds < iat) return 'service account token is issued in the future';
  return undefined;
}

async function validateBound(store: Store, jwt: DecodedJwt, now: number): Promise<AuthenticationResult> {
  const timeProblem = timeError(jwt.payload, now);
  if (timeProblem) return fail(timeProblem);
  const c = parseBoundClaims(jwt.payload);
  const sa = await getObject(store, serviceaccounts, c.cluster, c.namespace, c.serviceAccount.name);
  if (!sa) return fail(`serviceaccounts "${c.serviceAccount.name}" not found`);
  if (sa.metadata?.uid !== c.serviceAccount.uid)
    return fail(`service account UID (${sa.metadata?.uid}) does not match claim (${c.serviceAccount.uid})`);
  if (isDeleted(sa)) return fail(`service account ${c.namespace}/${c.serviceAccount.name} has been deleted`);
  if (c.secret) {
    const secret = await getObject(store, secrets, c.cluster, c.namespace, c.secret.name);
    if (!secret || isDeleted(secret)) return fail('service account token has been invalidated');
    if (secret.metadata?.uid !== c.secret.uid)
      return fail(`secret UID (${secret.metadata?.uid}) does not match service account secret ref claim`);
  }
  // This server has no pods or nodes: a token bound to one cannot be valid here.
  if (c.pod || c.node) return fail('service account token has been invalidated');
  const jti = typeof jwt.payload.jti === 'string' ? jwt.payload.jti : '';
  return {
    user: serviceAccountUser({
      cluster: c.cluster,
      namespace: c.namespace,
      name: c.serviceAccount.name,
      uid: c.serviceAccount.uid,
      ...(jti ? { credentialId: `JTI=${jti}` } : {}),
    }),
  };
}

function sameToken(stored: unknown, token: string): boolean {
  if (typeof stored !== 'string') return false;
  const a = Buffer.from(stored, 'base64');
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

const today = (offsetDays = 0) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

async function validateLegacy(
  store: Store,
  token: string,
  jwt: DecodedJwt,
  markUsed: (cluster: string, secret: KubeObject) => Promise<void>,
): Promise<AuthenticationResult> {
  const c = parseLegacyClaims(jwt.payload);
  if (typeof jwt.payload.sub !== 'string' || !jwt.payload.sub) return fail('sub claim is missing');
  if (!c.namespace) return fail('namespace claim is missing');
  if (!c.secretName) return fail('secretName claim is missing');
  if (!c.serviceAccountName) return fail('serviceAccountName claim is missing');
  if (!c.serviceAccountUID) return fail('serviceAccountUID claim is missing');
  if (jwt.payload.sub !== serviceAccountUserName(c.namespace, c.serviceAccountName))
    return fail('sub claim is invalid');

  const secret = await getObject(store, secrets, c.cluster, c.namespace, c.secretName);
  if (!secret || isDeleted(secret)) return fail('Token has been invalidated');
  if (!sameToken((secret.data as Record<string, unknown> | undefined)?.token, token))
    return fail("Token does not match server's copy");
  const sa = await getObject(store, serviceaccounts, c.cluster, c.namespace, c.serviceAccountName);
  if (!sa) return fail(`serviceaccounts "${c.serviceAccountName}" not found`);
  if (isDeleted(sa)) return fail(`ServiceAccount ${c.namespace}/${c.serviceAccountName} has been deleted`);
  if (sa.metadata?.uid !== c.serviceAccountUID)
    return fail(`ServiceAccount UID (${sa.metadata?.uid}) does not match claim (${c.serviceAccountUID})`);
  const labels = secret.metadata?.labels ?? {};
  if (labels[legacyTokenInvalidSinceLabel])
    return fail(
      `the token in secret ${c.namespace}/${c.secretName} for service account ${c.namespace}/${c.serviceAccountName} has been marked invalid`,
    );
  const lastUsed = labels[legacyTokenLastUsedLabel];
  if (lastUsed !== today() && lastUsed !== today(1)) await markUsed(c.cluster, secret);
  return {
    user: serviceAccountUser({
      cluster: c.cluster,
      namespace: c.namespace,
      name: c.serviceAccountName,
      uid: c.serviceAccountUID,
    }),
  };
}

export interface ServiceAccountAuthenticatorOptions {
  store: Store;
  key: Pick<ServiceAccountKey, 'publicKey'>;
  /**
   * Records the day a legacy token was last used on its Secret (label
   * kubernetes.io/legacy-token-last-used), as kube-apiserver does. Failures are ignored.
   */
  markLegacyTokenUsed?: (cluster: string, secret: KubeObject, day: string) => Promise<void>;
  /** Seconds since the epoch; tests move the clock. */
  now?: () => number;
}

export function serviceAccountTokenAuthenticator(o: ServiceAccountAuthenticatorOptions): TokenAuthenticator {
  const now = o.now ?? (() => Math.floor(Date.now() / 1000));
  const markUsed = async (cluster: string, secret: KubeObject) => {
    await o.markLegacyTokenUsed?.(cluster, secret, today()).catch(() => undefined);
  };
  return async (token) => {
    const jwt = decodeJwt(token);
    if (!jwt) return undefined;
    const iss = jwt.payload.iss;
    if (iss !== boundTokenIssuer && iss !== legacyTokenIssuer) return undefined;
    if (!verifyJwt(jwt, o.key.publicKey)) return fail('invalid signature');
    // A token without audiences (legacy) is meant for this server.
    const audiences = audiencesOf(jwt.payload);
    const meant = audiences.length === 0 ? apiAudiences : audiences;
    if (!meant.some((a) => apiAudiences.includes(a)))
      return fail(`token audiences ${JSON.stringify(audiences)} is invalid for the target audiences`);
    return iss === boundTokenIssuer
      ? validateBound(o.store, jwt, now())
      : validateLegacy(o.store, token, jwt, markUsed);
  };
}
