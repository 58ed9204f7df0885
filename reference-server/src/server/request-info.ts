// What a request is about, parsed from its URL the way kube-apiserver's RequestInfoFactory does
// (k8s.io/apiserver/pkg/endpoints/request/requestinfo.go), after kcp's /clusters/<x> prefix is
// split off (kcp pkg/server/filters/filters.go ClusterPathFromAndStrip).

import { badRequest } from '../api/status.js';

export interface RequestInfo {
  /** Logical cluster name or workspace path from /clusters/<x>; undefined without the prefix. */
  cluster?: string;
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

export function parseRequestInfo(method: string, rawUrl: string): RequestInfo {
  const url = new URL(rawUrl, 'http://localhost');
  let path = url.pathname;
  let cluster: string | undefined;
  if (path === '/clusters' || path.startsWith('/clusters/')) {
    const rest = path.slice('/clusters/'.length);
    const slash = rest.indexOf('/');
    cluster = decodeURIComponent(slash < 0 ? rest : rest.slice(0, slash));
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

  let parts = path
    .split('/')
    .filter((p) => p !== '')
    .map(decodeURIComponent);
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
