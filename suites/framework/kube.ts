// Wire shapes the suites read, and small helpers tests share. Only the fields tests look at are
// typed; the rest of an object passes through untouched.
import { expect } from 'chai';
import type { ApiResponse, ClusterClient } from './http/client.js';

export interface ObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [key: string]: unknown;
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

export interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
}

export interface KubeList<T = KubeObject> {
  apiVersion?: string;
  kind?: string;
  metadata: { resourceVersion?: string; continue?: string };
  items: T[];
}

/** The cause's type travels under the JSON key "reason" (metav1.StatusCause.Type). */
export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

/** metav1.Status (kubernetes: staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/types.go). */
export interface Status {
  kind?: string;
  apiVersion?: string;
  metadata?: Record<string, unknown>;
  status?: string;
  message?: string;
  reason?: string;
  details?: { name?: string; group?: string; kind?: string; uid?: string; causes?: StatusCause[] };
  code?: number;
}

export const configMapsPath = (namespace: string): string => `/api/v1/namespaces/${namespace}/configmaps`;
export const configMapPath = (namespace: string, name: string): string =>
  `${configMapsPath(namespace)}/${name}`;

export function configMap(
  name: string,
  data: Record<string, string> = {},
  labels?: Record<string, string>,
): ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...(labels ? { labels } : {}) }, data };
}

/** "POST https://.../configmaps -> 500: {...}", for assertion messages. */
export function describeResponse(response: ApiResponse): string {
  return `${response.method} ${response.url} -> ${response.status}: ${response.text.slice(0, 800)}`;
}

/** Asserts the HTTP status and returns the body; the message shows the whole exchange. */
export function expectStatusCode<T>(response: ApiResponse<T>, code: number): T {
  expect(response.status, describeResponse(response)).to.equal(code);
  return response.body;
}

/**
 * Asserts a failure answer: the HTTP code and a metav1.Status body with kind Status,
 * apiVersion v1, status Failure, the same code and the given reason
 * (kubernetes: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/status.go).
 */
export function expectFailureStatus(response: ApiResponse, code: number, reason: string): Status {
  const status = expectStatusCode(response, code) as Status | undefined;
  const where = describeResponse(response);
  expect(status, `${where}: body is not JSON`).to.be.an('object');
  expect(status, where).to.include({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason });
  return status!;
}

/** What a test may pin of a cause: its field and type exactly, of its free-text message a fragment. */
export interface CauseMatch {
  /** The field path, or a pattern where Kubernetes versions spell it differently; absent: any. */
  field?: string | RegExp;
  /** The cause type (JSON key "reason"); several where Kubernetes versions differ. */
  type: string | readonly string[];
  /** A fragment the message must contain. */
  fragment?: string;
}

/**
 * Asserts that a failure Status lists a cause matching `match` and returns it. Causes' field and
 * type are what clients act on; their messages are free text that Kubernetes rewords between
 * versions (Kubernetes API conventions: "message" is human readable), so only a fragment of it is
 * pinned.
 */
export function expectCause(status: Status, match: CauseMatch): StatusCause {
  const causes = status.details?.causes ?? [];
  const types = typeof match.type === 'string' ? [match.type] : match.type;
  const fieldMatches = (field: string | undefined) =>
    match.field === undefined ||
    (typeof match.field === 'string' ? field === match.field : match.field.test(field ?? ''));
  const cause = causes.find((c) => fieldMatches(c.field) && types.includes(c.reason ?? ''));
  const want = `a cause ${String(match.field ?? '')} of type ${types.join(' or ')}`.replace('  ', ' ');
  expect(cause, `${want} among ${JSON.stringify(causes)}`).to.be.an('object');
  if (match.fragment !== undefined)
    expect(cause!.message ?? '', `message of ${want}`).to.contain(match.fragment);
  return cause!;
}

/**
 * resourceVersions are decimal integers without leading zeros that grow with every write
 * (kubernetes: staging/src/k8s.io/apimachinery/pkg/util/resourceversion/resourceversion.go).
 */
export function compareResourceVersions(a: string, b: string): number {
  for (const rv of [a, b]) expect(rv, `resourceVersion "${rv}"`).to.match(/^[1-9][0-9]*$/);
  const [x, y] = [BigInt(a), BigInt(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/** PATCH with a JSON merge patch (RFC 7386), the patch type every Kubernetes resource accepts. */
export function mergePatch<T = unknown>(
  client: ClusterClient,
  path: string,
  patch: unknown,
  signal?: AbortSignal,
): Promise<ApiResponse<T>> {
  return client.request<T>({
    method: 'PATCH',
    path,
    body: JSON.stringify(patch),
    headers: { 'content-type': 'application/merge-patch+json' },
    signal,
  });
}

/** DELETE with a DeleteOptions body (preconditions, propagationPolicy, ...), as client-go sends it. */
export function deleteWithOptions<T = unknown>(
  client: ClusterClient,
  path: string,
  options: Record<string, unknown>,
): Promise<ApiResponse<T>> {
  return client.request<T>({
    method: 'DELETE',
    path,
    body: { apiVersion: 'v1', kind: 'DeleteOptions', ...options },
  });
}
