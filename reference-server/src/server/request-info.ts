// What a request is about, parsed from its URL the way kube-apiserver's RequestInfoFactory does
// (k8s.io/apiserver/pkg/endpoints/request/requestinfo.go), after kcp's /clusters/<x> prefix is
// split off (kcp pkg/server/filters/filters.go ClusterPathFromAndStrip).

import { badRequest } from '../api/status.js';

/**
 * A request under /services/<workspace>/<params...>: a virtual workspace (kcp serves them in the
 * same process under that prefix, pkg/virtual/*). `cluster` then comes from the /clusters/<x>
 * that follows the parameters; `valid` is false when the rest of the URL is not one the virtual
 * workspace accepts, which kcp answers 403 once the caller is authenticated.
 */
export interface VirtualRequest {
  workspace: string;
  params: string[];
  /** The URL prefix up to and including /clusters/<x>. */
  prefix: string;
  valid: boolean;
}

export interface RequestInfo {
  /** Logical cluster name or workspace path from /clusters/<x>; undefined without the prefix. */
  cluster?: string;
  virtual?: VirtualRequest;
  /** The path below the cluster prefix (the whole path without one). */
  path: string;
  query: URLSearchParams;
  isResourceRequest: boolean;
  /** Kubernetes verb (get, list, watch, create, update, patch, delete, deletecollection) or,
   *  for non-resource requests, the lower-case HTTP method. */
  verb: string;
  apiPrefix: '' | 'api' | 'apis';
  group: string;
  version: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
}

// One segment of a logical cluster path: kcp-dev/logicalcluster path.go.
const clusterSegment = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** True for `*`, a `system:...` name, or a colon path whose every segment is a valid name. */
export function isValidClusterPath(value: string): boolean {
  if (value === '*') return true;
  if (value.startsWith('system:')) return value.length > 'system:'.length;
  return value.split(':').every((s) => clusterSegment.test(s));
}

/** The name required by `metadata.name=x` (or `==`) in a field selector, if it is a valid path segment. */
function nameFromFieldSelector(selector: string | null): string {
  for (const term of (selector ?? '').split(',')) {
    const m = /^\s*metadata\.name\s*==?(.*)$/.exec(term);
    if (!m) continue;
    const name = m[1]!.trim();
    const valid = name !== '' && name !== '.' && name !== '..' && !/[/%]/.test(name);
    return valid ? name : '';
  }
  return '';
}

const namespaceSubresources = new Set(['status', 'finalize']);

/** How many URL segments follow /services/<workspace>/ before /clusters/<x>, per virtual workspace. */
const virtualWorkspaceParams: Record<string, number> = {
  apiexport: 2,
  initializingworkspaces: 1,
  terminatingworkspaces: 1,
};

/**
 * Splits /services/<workspace>/<params>/clusters/<x>/<rest> as kcp's virtual workspaces do
 * (pkg/virtual/apiexport/builder/build.go digestUrl): <x> is `*` or one logical cluster name,
 * never a workspace path.
 */
function safePathOf(target: string): string {
  try {
    return new URL(target).pathname;
  } catch {
    throw badRequest(`invalid request URI ${JSON.stringify(target.slice(0, 100))}`);
  }
}

/** A path segment unescaped; a malformed escape is the client's mistake (Go's url parsing: 400). */
function unescapeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw badRequest(`invalid URL escape in path segment ${JSON.stringify(segment)}`);
  }
}

function parseVirtual(path: string): { virtual: VirtualRequest; cluster?: string; rest: string } | undefined {
  const m = /^\/services\/([^/]+)(\/.*)?$/.exec(path);
  if (!m) return undefined;
  const workspace = m[1]!;
  const count = virtualWorkspaceParams[workspace];
  const segments = (m[2] ?? '').split('/').slice(1);
  const invalid = { virtual: { workspace, params: [], prefix: path, valid: false }, rest: '/' };
  if (count === undefined || segments.length < count + 2) return invalid;
  const params = segments.slice(0, count).map(unescapeSegment);
  if (params.some((p) => p === '') || segments[count] !== 'clusters') return invalid;
  const cluster = unescapeSegment(segments[count + 1]!);
  if (cluster !== '*' && (cluster.includes(':') || !isValidClusterPath(cluster))) return invalid;
  const rest = `/${segments.slice(count + 2).join('/')}`;
  const prefix = ['', 'services', workspace, ...segments.slice(0, count + 2)].join('/');
  return { virtual: { workspace, params, prefix, valid: true }, cluster, rest };
}

export function parseRequestInfo(method: string, rawUrl: string): RequestInfo {
  // The path exactly as sent: URL parsing would resolve `.`, `..` and `%2e` segments, and a
  // DELETE of `.../configmaps/.` would become a delete of the whole collection. Go's server
  // hands kube the path as sent, and a `.` name is refused by name validation there.
  const queryAt = rawUrl.indexOf('?');
  const target = queryAt < 0 ? rawUrl : rawUrl.slice(0, queryAt);
  const url = {
    // An absolute-form target (`https://host/path`) names its path after the authority.
    pathname: target.startsWith('/') ? target : safePathOf(target),
    searchParams: new URLSearchParams(queryAt < 0 ? '' : rawUrl.slice(queryAt + 1)),
  };
  let path = url.pathname;
  let cluster: string | undefined;
  const virtual = parseVirtual(path);
  if (virtual) {
    path = virtual.rest;
    cluster = virtual.cluster;
  } else if (path === '/clusters' || path.startsWith('/clusters/')) {
    const rest = path.slice('/clusters/'.length);
    const slash = rest.indexOf('/');
    cluster = unescapeSegment(slash < 0 ? rest : rest.slice(0, slash));
    path = slash < 0 ? '/' : rest.slice(slash);
    if (!cluster || !isValidClusterPath(cluster))
      throw badRequest(`invalid cluster: ${JSON.stringify(cluster)} does not match the regex`);
  }
  const info: RequestInfo = {
    path,
    query: url.searchParams,
    isResourceRequest: false,
    verb: method.toLowerCase(),
    apiPrefix: '',
    group: '',
    version: '',
    resource: '',
    subresource: '',
    namespace: '',
    name: '',
  };
  if (cluster !== undefined) info.cluster = cluster;
  if (virtual) {
    info.virtual = virtual.virtual;
    if (!virtual.virtual.valid) return info;
  }

  let parts = path
    .split('/')
    .filter((p) => p !== '')
    .map(unescapeSegment);
  if (parts[0] === 'api') {
    if (parts.length < 2) return info;
    info.apiPrefix = 'api';
    info.version = parts[1]!;
    parts = parts.slice(2);
  } else if (parts[0] === 'apis') {
    if (parts.length < 3) return info;
    info.apiPrefix = 'apis';
    info.group = parts[1]!;
    info.version = parts[2]!;
    parts = parts.slice(3);
  } else {
    return info;
  }
  if (parts.length === 0) return info;

  info.isResourceRequest = true;
  if (parts[0] === 'namespaces' && parts.length > 1) {
    info.namespace = parts[1]!;
    if (parts.length > 2 && !namespaceSubresources.has(parts[2]!)) parts = parts.slice(2);
  }
  info.resource = parts[0] ?? '';
  info.name = parts[1] ?? '';
  info.subresource = parts.slice(2).join('/');

  const watch = ['1', 'true'].includes(url.searchParams.get('watch') ?? '');
  switch (method) {
    case 'GET':
    case 'HEAD':
      info.verb = watch ? 'watch' : info.name ? 'get' : 'list';
      // A list or watch of one object by `metadata.name=x` is about that object, so RBAC
      // rules with resourceNames apply to it (as kube's RequestInfoFactory does).
      if (!info.name) info.name = nameFromFieldSelector(url.searchParams.get('fieldSelector'));
      break;
    case 'POST':
      info.verb = 'create';
      break;
    case 'PUT':
      info.verb = 'update';
      break;
    case 'PATCH':
      info.verb = 'patch';
      break;
    case 'DELETE':
      info.verb = info.name ? 'delete' : 'deletecollection';
      break;
    default:
      info.verb = method.toLowerCase();
  }
  return info;
}
