// POST .../serviceaccounts/<name>/token: the TokenRequest subresource (kcp's fork of
// Kubernetes, pkg/registry/core/serviceaccount/storage/token.go). Issues a bound token for an
// existing ServiceAccount, optionally bound to a Secret (the token dies with it). Nothing is
// stored; the answer is the request with status.token and status.expirationTimestamp.

import { randomUUID } from 'node:crypto';
import { ApiError, badRequest, conflict, invalid, notFound } from '../api/status.js';
import type { KubeObject } from '../api/types.js';
import { checkDecodable, type Shape } from '../registry/decode-check.js';
import { invalidValue, toInvalidField, type FieldError } from '../registry/field-errors.js';
import { decodeObject } from '../registry/codec.js';
import { secrets } from '../registry/builtins/secrets.js';
import { serviceaccounts } from '../registry/builtins/serviceaccounts.js';
import type { ResourceType } from '../registry/resource-type.js';
import { keyFor, type Scope } from '../registry/scope.js';
import type { Store } from '../storage/store.js';
import { signJwt } from './jwt.js';
import {
  apiAudiences,
  boundTokenClaims,
  defaultExpirationSeconds,
  maxExpirationSeconds,
  minExpirationSeconds,
  type ObjectRef,
} from './service-account-claims.js';
import type { ServiceAccountKey } from './service-account-key.js';

export const tokenRequestEndpoint = { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest' } as const;
const group = 'authentication.k8s.io';

const tokenRequestFields: Record<string, Shape> = {
  spec: {
    struct: 'TokenRequestSpec',
    fields: {
      audiences: 'stringList',
      expirationSeconds: 'integer',
      boundObjectRef: {
        struct: 'BoundObjectReference',
        fields: { kind: 'string', apiVersion: 'string', name: 'string', uid: 'string' },
      },
    },
  },
  status: 'object',
};

interface BoundObjectRef {
  kind?: string;
  apiVersion?: string;
  name?: string;
  uid?: string;
}

function checkBody(body: KubeObject): void {
  const { apiVersion, kind } = body as { apiVersion?: unknown; kind?: unknown };
  if (
    (apiVersion !== undefined && apiVersion !== tokenRequestEndpoint.apiVersion) ||
    (kind !== undefined && kind !== tokenRequestEndpoint.kind)
  )
    throw badRequest(
      `${String(kind ?? '')} in version ${JSON.stringify(String(apiVersion ?? ''))} cannot be handled as a TokenRequest: no kind ${JSON.stringify(String(kind ?? ''))} is registered for version ${JSON.stringify(String(apiVersion ?? ''))}`,
    );
  try {
    checkDecodable(body, 'TokenRequest', tokenRequestFields);
  } catch (e) {
    if (e instanceof ApiError)
      throw badRequest(`TokenRequest in version "v1" cannot be handled as a TokenRequest: ${e.message}`);
    throw e;
  }
}

/** 422 Invalid for a TokenRequest; an empty name is left out of the details, as Go omits it. */
function invalidTokenRequest(name: string, errors: FieldError[]): ApiError {
  const e = invalid(group, 'TokenRequest', name, errors.map(toInvalidField));
  if (!name && e.status.details) delete e.status.details.name;
  return e;
}

async function getStored(
  store: Store,
  type: ResourceType,
  scope: Scope,
  name: string,
): Promise<KubeObject | undefined> {
  const kv = await store.get(keyFor({ ...scope, type }, name));
  return kv ? decodeObject(kv, type, scope.cluster) : undefined;
}

/** schema.GroupVersionKind.String() for a reference: `group/version, Kind=kind`. */
function gvkString(ref: BoundObjectRef): string {
  const apiVersion = ref.apiVersion ?? '';
  const slash = apiVersion.indexOf('/');
  const [g, v] = slash < 0 ? ['', apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
  return `${g}/${v}, Kind=${ref.kind ?? ''}`;
}

/** The Secret a token is bound to; Pods and Nodes do not exist on this server. */
async function boundSecret(store: Store, scope: Scope, ref: BoundObjectRef): Promise<ObjectRef> {
  const apiVersion = ref.apiVersion ?? '';
  const coreGroup = apiVersion === '' || !apiVersion.includes('/');
  const name = ref.name ?? '';
  if (coreGroup && ref.kind === 'Pod') throw notFound({ group: '', resource: 'pods' }, name);
  if (coreGroup && ref.kind === 'Node') throw notFound({ group: '', resource: 'nodes' }, name);
  if (!coreGroup || ref.kind !== 'Secret')
    throw badRequest(`cannot bind token to object of type ${gvkString(ref)}`);
  const secret = await getStored(store, secrets, scope, name);
  if (!secret) throw notFound({ group: '', resource: 'secrets' }, name);
  const uid = secret.metadata?.uid ?? '';
  if (ref.uid && ref.uid !== uid)
    throw conflict(
      { group: '', resource: 'Secret' },
      name,
      `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`,
    );
  return { name, uid };
}

const rfc3339 = (seconds: number) => new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

export interface TokenRequestInput {
  /** The ServiceAccount's cluster and namespace (type: serviceaccounts). */
  scope: Scope;
  name: string;
  body: KubeObject;
}

export function tokenRequestCreator(deps: { store: Store; key: ServiceAccountKey; now?: () => number }) {
  const now = deps.now ?? (() => Math.floor(Date.now() / 1000));
  return {
    endpoint: tokenRequestEndpoint,
    async create({ scope, name, body }: TokenRequestInput): Promise<KubeObject> {
      checkBody(body);
      const meta = body.metadata ?? {};
      const namespace = scope.namespace ?? '';
      if (meta.namespace && meta.namespace !== namespace)
        throw badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      if (meta.name && meta.name !== name)
        throw invalidTokenRequest(name, [
          invalidValue('metadata.name', meta.name, 'must match the service account name if specified'),
        ]);
      const sa = await getStored(deps.store, serviceaccounts, scope, name);
      if (!sa) throw notFound({ group: '', resource: 'serviceaccounts' }, name);
      const saUID = sa.metadata?.uid ?? '';
      if (meta.uid && meta.uid !== saUID)
        throw conflict(
          { group, resource: 'TokenRequest' },
          name,
          `the UID in the token request (${meta.uid}) does not match the UID of the service account (${saUID})`,
        );

      const spec = (body.spec ?? {}) as {
        audiences?: string[] | null;
        expirationSeconds?: number | null;
        boundObjectRef?: BoundObjectRef | null;
      };
      const audiences = spec.audiences?.length ? spec.audiences : [...apiAudiences];
      const expirationSeconds = spec.expirationSeconds ?? defaultExpirationSeconds;
      const issuedAt = now();
      const errors: FieldError[] = [];
      if (expirationSeconds < minExpirationSeconds)
        errors.push(
          invalidValue(
            'spec.expirationSeconds',
            expirationSeconds,
            'may not specify a duration less than 10 minutes',
          ),
        );
      if (expirationSeconds > maxExpirationSeconds)
        errors.push(
          invalidValue(
            'spec.expirationSeconds',
            expirationSeconds,
            'may not specify a duration larger than 2^32 seconds',
          ),
        );
      if (errors.length > 0) throw invalidTokenRequest('', errors);

      const ref = spec.boundObjectRef ?? undefined;
      const secret = ref ? await boundSecret(deps.store, scope, ref) : undefined;
      const token = signJwt(
        boundTokenClaims({
          serviceAccount: { cluster: scope.cluster, namespace, name, uid: saUID },
          ...(secret ? { secret } : {}),
          audiences,
          expirationSeconds,
          now: issuedAt,
          jti: randomUUID(),
        }),
        deps.key.privateKey,
        deps.key.keyId,
      );
      return {
        kind: tokenRequestEndpoint.kind,
        apiVersion: tokenRequestEndpoint.apiVersion,
        metadata: { name, namespace, uid: saUID, creationTimestamp: rfc3339(issuedAt) },
        spec: { audiences, expirationSeconds, boundObjectRef: ref ?? null },
        status: { token, expirationTimestamp: rfc3339(issuedAt + expirationSeconds) },
      };
    },
  };
}
