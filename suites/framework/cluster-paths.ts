// Logical cluster names, workspace paths and the URLs that address them. kcp serves every
// logical cluster under <server>/clusters/<name-or-path>/...; a path is colon-separated
// workspace names below a first segment that is a logical cluster name (e.g. root:org:team).
// Sources: kcp-dev/logicalcluster path.go (syntax), kcp pkg/server/filters/filters.go (URL layout).

/** One segment: a logical cluster name or a Workspace name (metadata.name pattern of Workspace). */
const SEGMENT = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

export function isWorkspaceName(name: string): boolean {
  return SEGMENT.test(name);
}

/** A colon path whose every segment is valid; `system:...` cluster names count as one segment. */
export function isClusterPath(path: string): boolean {
  if (path.startsWith('system:')) return isClusterPath(path.slice('system:'.length));
  return path !== '' && path.split(':').every(isWorkspaceName);
}

/** `<parent>:<name>`: the path of workspace `name` inside the workspace at `parent`. */
export function joinPath(parent: string, name: string): string {
  if (!isClusterPath(parent)) throw new Error(`not a workspace path: "${parent}"`);
  if (!isWorkspaceName(name)) throw new Error(`not a workspace name: "${name}"`);
  return `${parent}:${name}`;
}

/** The parent path and the last segment; a single segment (a cluster name) has no parent. */
export function splitPath(path: string): { parent: string | undefined; name: string } {
  const at = path.lastIndexOf(':');
  if (at < 0 || path.startsWith('system:')) return { parent: undefined, name: path };
  return { parent: path.slice(0, at), name: path.slice(at + 1) };
}

const CLUSTERS = '/clusters/';

/** The server's base URL: everything before /clusters/ (the whole URL when there is none). */
export function serverOf(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  const at = trimmed.lastIndexOf(CLUSTERS);
  return at < 0 ? trimmed : trimmed.slice(0, at);
}

/** The cluster name or path a base URL addresses, or undefined when it has no /clusters/ part. */
export function clusterOf(baseUrl: string): string | undefined {
  const trimmed = baseUrl.replace(/\/+$/, '');
  const at = trimmed.lastIndexOf(CLUSTERS);
  if (at < 0) return undefined;
  const rest = trimmed.slice(at + CLUSTERS.length);
  return rest === '' || rest.includes('/') ? undefined : decodeURIComponent(rest);
}

/** `<server>/clusters/<x>` for a cluster name, a path or `*`. */
export function clusterUrl(server: string, cluster: string): string {
  return `${server.replace(/\/+$/, '')}${CLUSTERS}${cluster}`;
}

/** True when `path` is `ancestor` itself or a workspace somewhere below it. */
export function isWithin(path: string, ancestor: string): boolean {
  return path === ancestor || path.startsWith(`${ancestor}:`);
}
