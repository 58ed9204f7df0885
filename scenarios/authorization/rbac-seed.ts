// The RBAC a measured unit holds: the measured user may get ConfigMaps in the unit's namespace
// (`default` of a workspace, or the namespace that is the unit) through ONE RoleBinding, which
// sits among N RoleBindings of other users to the same Role in the same namespace. N is what the
// scenario varies: an authorizer that scans bindings pays for every one of them. Where the
// namespace is inside a kcp workspace, the user must also be let into the workspace (verb
// `access` on `/`, which kcp's workspace content gate asks of every non-admin caller, granted
// through a ClusterRoleBinding): once per workspace, or once for all namespaces in root.
import type { ApiResponse, ClusterClient } from '../../suites/framework/http/client.js';
import { eventually } from '../../suites/framework/eventually.js';
import { IMPERSONATE_USER } from '../../suites/framework/users/test-users.js';
import { runClosedLoop } from '../framework/load.js';
import { configMapsPath, type BenchUnit } from '../api-throughput/bench-units.js';
import { configMap, GET_TARGET } from '../api-throughput/operations.js';

export const MEASURED_USER = 'kh-bench-user';
export const otherUser = (index: number): string => `kh-bench-other-${index}`;

const RBAC = '/apis/rbac.authorization.k8s.io/v1';
/** The name of the access ClusterRole and its binding in a workspace of the run's own. */
export const ACCESS_ROLE = 'kh-bench-access';
const READER_ROLE = 'kh-bench-configmap-reader';
/** RoleBindings created at once while seeding. */
const SEED_CONCURRENCY = 32;

/** Where the measured GET goes, relative to the unit's client. */
export const measuredPath = (unit: Pick<BenchUnit, 'namespace'>): string =>
  `${configMapsPath(unit)}/${GET_TARGET}`;

type Unit = Pick<BenchUnit, 'client' | 'namespace'>;

const user = (name: string) => ({ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name });

function roleBinding(name: string, subject: string, namespace: string): Record<string, unknown> {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name, namespace },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: READER_ROLE },
    subjects: [user(subject)],
  };
}

const describe = (response: ApiResponse): string =>
  `${response.method} ${response.url} -> ${response.status}: ${response.text.slice(0, 300)}`;

async function create(
  client: ClusterClient,
  path: string,
  body: unknown,
  signal: AbortSignal,
): Promise<void> {
  const response = await client.post(path, body, { signal });
  if (response.status !== 201) throw new Error(`seeding RBAC: ${describe(response)}`);
}

/** The same client acting as `name` (the client's own identity must be allowed to impersonate). */
export function impersonating(client: ClusterClient, name: string): ClusterClient {
  return client.withHeaders({ [IMPERSONATE_USER]: name });
}

/**
 * Whether the server honours Impersonate-User for this client, asked once the user may enter the
 * workspace: a SelfSubjectReview sent with it must name the user. A server that ignored the
 * header would silently measure the admin instead. Refusals are retried until timeoutMs (a
 * server whose RBAC comes from informers, as kcp's, grants the user's access a bit later); an
 * answer naming someone else is final. Returns undefined when it works, else why not.
 */
export async function impersonationProblem(
  client: ClusterClient,
  options: { signal: AbortSignal; timeoutMs: number },
): Promise<string | undefined> {
  const asUser = impersonating(client, MEASURED_USER);
  let problem: string | undefined;
  await eventually(
    async () => {
      const response = await asUser.post<{ status?: { userInfo?: { username?: string } } }>(
        '/apis/authentication.k8s.io/v1/selfsubjectreviews',
        { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
        { signal: options.signal },
      );
      const name = response.status === 201 ? response.body?.status?.userInfo?.username : undefined;
      problem =
        name === MEASURED_USER ? undefined : `SelfSubjectReview as ${MEASURED_USER}: ${describe(response)}`;
      if (problem && response.status !== 201) throw new Error(problem);
    },
    { timeoutMs: options.timeoutMs, intervalMs: 100, consecutive: 1, signal: options.signal },
  ).catch(() => undefined);
  return problem;
}

/** Waits until the measured user may read the ConfigMap (RBAC from informers, as kcp's, lags). */
export async function waitUntilUserMayRead(
  unit: Unit,
  options: { signal: AbortSignal; timeoutMs: number },
): Promise<void> {
  const asUser = impersonating(unit.client, MEASURED_USER);
  await eventually(
    async () => {
      const response = await asUser.get(measuredPath(unit), { signal: options.signal });
      if (response.status !== 200) throw new Error(describe(response));
    },
    {
      timeoutMs: options.timeoutMs,
      intervalMs: 100,
      consecutive: 1,
      signal: options.signal,
      description: `${MEASURED_USER} may get ConfigMap ${GET_TARGET} in namespace ${unit.namespace} of ${unit.client.baseUrl}`,
    },
  );
}

/**
 * Lets the measured user into the workspace `client` addresses (kcp's `access` verb on `/`),
 * with a ClusterRole and a ClusterRoleBinding of this name. Returns their paths, for deletion
 * where the workspace outlives the run (namespace units in root).
 */
export async function grantWorkspaceAccess(
  client: ClusterClient,
  name: string,
  signal: AbortSignal,
): Promise<string[]> {
  await create(
    client,
    `${RBAC}/clusterroles`,
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name },
      rules: [{ nonResourceURLs: ['/'], verbs: ['access'] }],
    },
    signal,
  );
  const paths = [`${RBAC}/clusterroles/${name}`];
  try {
    await create(
      client,
      `${RBAC}/clusterrolebindings`,
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
        subjects: [user(MEASURED_USER)],
      },
      signal,
    );
  } catch (error) {
    await client.delete(paths[0]!).catch(() => undefined);
    throw error;
  }
  return [`${RBAC}/clusterrolebindings/${name}`, ...paths];
}

/**
 * Seeds one unit (client: the kubeconfig's admin there) with the Role the measured user reads
 * through, `others` RoleBindings of other users, the user's own, and the ConfigMap the
 * measurement reads. The user's own RoleBinding is created last, so once it is effective
 * (waitUntilUserMayRead) the others are too on a server that applies RBAC changes in order.
 */
export async function seedUnit(
  unit: Unit,
  others: number,
  options: {
    signal: AbortSignal;
    onBinding?: (done: number) => void;
  },
): Promise<void> {
  const { signal } = options;
  const { client, namespace } = unit;
  const roleBindings = `${RBAC}/namespaces/${namespace}/rolebindings`;
  await create(
    client,
    `${RBAC}/namespaces/${namespace}/roles`,
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: READER_ROLE, namespace },
      rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }],
    },
    signal,
  );
  let done = 0;
  await runClosedLoop(
    Array.from({ length: others }, (_, index) => index),
    SEED_CONCURRENCY,
    async (index) => {
      await create(client, roleBindings, roleBinding(otherUser(index), otherUser(index), namespace), signal);
      options.onBinding?.((done += 1));
    },
    signal,
  );
  signal.throwIfAborted();
  await create(client, roleBindings, roleBinding(MEASURED_USER, MEASURED_USER, namespace), signal);
  await create(client, configMapsPath(unit), configMap(GET_TARGET, { seeded: 'true' }), signal);
}
