// Builds the authorization matrix's world on a target, as system:masters: the run workspace and
// its children, namespaces, seed objects and the generated RBAC objects; and reads back what the
// oracle needs besides what the test created — kcp's bootstrap policy in system:admin, the RBAC
// a workspace already had, and the maximal permission policies of the APIExports its resources
// come from (e.g. tenancy.kcp.io from root).
import { eventually } from '../../suites/framework/eventually.js';
import { subjectAccessReview } from './matrix-access-review.js';
import type { Actor } from './matrix-http.js';
import {
  CREATED_NAMESPACES,
  EXISTING_NAME,
  NAMESPACES_WITH_OBJECTS,
  TENANCY_GROUP,
} from './rbac-matrix-catalog.js';
import {
  SENTINEL_NAME,
  SENTINEL_NAMESPACE,
  SENTINEL_PATH,
  type MatrixWorld,
  type WorkspacePlan,
} from './rbac-matrix-generator.js';
import { AUTHENTICATED, type BoundResource, type KcpPolicyWorld } from './rbac-oracle.js';
import type { RbacPolicy, RequestAttributes, Subject } from './rbac-rules.js';

const RBAC = '/apis/rbac.authorization.k8s.io/v1';
const WORKSPACES = `/apis/${TENANCY_GROUP}/v1alpha1/workspaces`;
const READY_TIMEOUT_MS = 60_000;

interface Named {
  metadata: { name: string; namespace?: string };
}
interface WireList<T> {
  items?: T[];
}

async function expectStatus(
  actor: Actor,
  call: Parameters<Actor['send']>[0],
  expected: number[],
): Promise<string> {
  const reply = await actor.send(call);
  if (!expected.includes(reply.status)) {
    throw new Error(
      `${call.method} ${call.path}: expected ${expected.join('/')}, got ${reply.status}: ${reply.text}`,
    );
  }
  return reply.text;
}

function post(actor: Actor, path: string, object: unknown): Promise<string> {
  return expectStatus(actor, { method: 'POST', path, body: JSON.stringify(object) }, [201]);
}

async function createWorkspace(
  creator: Actor,
  masters: Actor,
  parentPath: string,
  name: string,
): Promise<string> {
  await post(creator, `/clusters/${parentPath}${WORKSPACES}`, {
    apiVersion: `${TENANCY_GROUP}/v1alpha1`,
    kind: 'Workspace',
    metadata: { name },
  });
  const path = `${parentPath}:${name}`;
  await eventually(
    async () => {
      const r = await masters.json<{ status?: { phase?: string } }>({
        method: 'GET',
        path: `/clusters/${parentPath}${WORKSPACES}/${name}`,
      });
      if (r.body?.status?.phase !== 'Ready') throw new Error(`phase ${r.body?.status?.phase ?? r.status}`);
      // The workspace's content is served once `default` exists.
      const ns = await masters.send({ method: 'GET', path: `/clusters/${path}/api/v1/namespaces/default` });
      if (ns.status !== 200) throw new Error(`namespace default: ${ns.status}`);
    },
    { timeoutMs: READY_TIMEOUT_MS, intervalMs: 200, consecutive: 1, description: `workspace ${path} Ready` },
  );
  return path;
}

/**
 * Creates <parent>:<runName> and the plan's workspaces in it; returns plan key → workspace path.
 * The creator should not be system:masters: kcp records no owner for masters, and the
 * initializer that adds the default APIBindings then never finishes.
 */
export async function createWorkspaces(
  creator: Actor,
  masters: Actor,
  parentPath: string,
  runName: string,
  world: MatrixWorld,
): Promise<Map<string, string>> {
  const runPath = await createWorkspace(creator, masters, parentPath, runName);
  const paths = new Map<string, string>();
  let pending = [...world.workspaces];
  while (pending.length > 0) {
    const ready = pending.filter((p) => p.parentKey === undefined || paths.has(p.parentKey));
    if (ready.length === 0) throw new Error('workspace plan has a parent that is never created');
    await Promise.all(
      ready.map(async (p) => {
        const parent = p.parentKey === undefined ? runPath : (paths.get(p.parentKey) as string);
        paths.set(p.key, await createWorkspace(creator, masters, parent, p.name));
      }),
    );
    pending = pending.filter((p) => !ready.includes(p));
  }
  return paths;
}

export async function deleteWorkspace(masters: Actor, parentPath: string, name: string): Promise<void> {
  await expectStatus(
    masters,
    { method: 'DELETE', path: `/clusters/${parentPath}${WORKSPACES}/${name}` },
    [200, 202, 404],
  );
}

async function list<T>(masters: Actor, path: string): Promise<T[]> {
  const r = await masters.json<WireList<T>>({ method: 'GET', path });
  if (r.status !== 200 || !r.body) throw new Error(`GET ${path}: ${r.status} ${r.text.slice(0, 500)}`);
  return r.body.items ?? [];
}

interface WireRule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}
interface WireRole extends Named {
  rules?: WireRule[] | null;
}
interface WireBinding extends Named {
  roleRef: { kind: string; name: string; apiGroup?: string };
  subjects?: Subject[] | null;
}

const rules = (r: WireRole) => (r.rules ?? []).map((rule) => ({ ...rule, verbs: rule.verbs ?? [] }));

/** All RBAC objects of one logical cluster, as the target stores them. */
export async function readRbac(masters: Actor, clusterPath: string): Promise<RbacPolicy> {
  const base = `/clusters/${clusterPath}${RBAC}`;
  const [clusterRoles, roles, clusterRoleBindings, roleBindings] = await Promise.all([
    list<WireRole>(masters, `${base}/clusterroles`),
    list<WireRole>(masters, `${base}/roles`),
    list<WireBinding>(masters, `${base}/clusterrolebindings`),
    list<WireBinding>(masters, `${base}/rolebindings`),
  ]);
  return {
    clusterRoles: clusterRoles.map((r) => ({ name: r.metadata.name, rules: rules(r) })),
    roles: roles.map((r) => ({
      namespace: r.metadata.namespace ?? '',
      name: r.metadata.name,
      rules: rules(r),
    })),
    clusterRoleBindings: clusterRoleBindings.map((b) => ({
      name: b.metadata.name,
      roleRef: b.roleRef,
      subjects: b.subjects ?? [],
    })),
    roleBindings: roleBindings.map((b) => ({
      namespace: b.metadata.namespace ?? '',
      name: b.metadata.name,
      roleRef: b.roleRef,
      subjects: b.subjects ?? [],
    })),
  };
}

interface WireBindingObject {
  spec?: { reference?: { export?: { path?: string; name?: string } } };
  status?: { boundResources?: { group: string; resource: string }[] };
}
interface WireExport {
  spec?: { maximalPermissionPolicy?: { local?: unknown } };
}

/** GET the first version of apis.kcp.io the target serves; undefined when none is. */
async function getApis<T>(masters: Actor, clusterPath: string, rest: string): Promise<T | undefined> {
  for (const version of ['v1alpha2', 'v1alpha1']) {
    const r = await masters.json<T>({
      method: 'GET',
      path: `/clusters/${clusterPath}/apis/apis.kcp.io/${version}/${rest}`,
    });
    if (r.status === 200) return r.body;
    if (r.status !== 404)
      throw new Error(`GET apis.kcp.io/${version}/${rest} in ${clusterPath}: ${r.status} ${r.text}`);
  }
  return undefined;
}

/**
 * The resources a workspace has through APIBindings, each with the maximal permission policy
 * (the RBAC of the export's workspace) when its APIExport declares a local one.
 */
export async function readBoundResources(
  masters: Actor,
  clusterPath: string,
  rbacOf: (path: string) => Promise<RbacPolicy>,
): Promise<BoundResource[]> {
  const bindings =
    (await getApis<WireList<WireBindingObject>>(masters, clusterPath, 'apibindings'))?.items ?? [];
  const bound: BoundResource[] = [];
  for (const binding of bindings) {
    const ref = binding.spec?.reference?.export;
    if (!ref?.name) continue;
    const exportPath = ref.path || clusterPath;
    const apiExport = await getApis<WireExport>(masters, exportPath, `apiexports/${ref.name}`);
    const local = apiExport?.spec?.maximalPermissionPolicy?.local !== undefined;
    const policy = local ? { exportCluster: exportPath, policy: await rbacOf(exportPath) } : undefined;
    for (const r of binding.status?.boundResources ?? []) {
      bound.push({
        group: r.group,
        resource: r.resource,
        ...(policy ? { maximalPermissionPolicy: policy } : {}),
      });
    }
  }
  return bound;
}

function concat(...policies: RbacPolicy[]): RbacPolicy {
  return {
    clusterRoles: policies.flatMap((p) => p.clusterRoles),
    roles: policies.flatMap((p) => p.roles),
    clusterRoleBindings: policies.flatMap((p) => p.clusterRoleBindings),
    roleBindings: policies.flatMap((p) => p.roleBindings),
  };
}

/**
 * The oracle's input: system:admin's policy and, per workspace, the RBAC it had before the test
 * plus everything the plan creates, and its bound resources. Read before createWorldObjects.
 */
export async function readPolicyWorld(
  masters: Actor,
  world: MatrixWorld,
  paths: Map<string, string>,
): Promise<KcpPolicyWorld> {
  const cache = new Map<string, Promise<RbacPolicy>>();
  const rbacOf = (path: string): Promise<RbacPolicy> => {
    let p = cache.get(path);
    if (!p) cache.set(path, (p = readRbac(masters, path)));
    return p;
  };
  const workspaces = new Map<string, { rbac: RbacPolicy; boundResources: BoundResource[] }>();
  const systemAdmin = await rbacOf('system:admin');
  await Promise.all(
    world.workspaces.map(async (plan) => {
      const path = paths.get(plan.key) as string;
      const [before, boundResources] = await Promise.all([
        rbacOf(path),
        readBoundResources(masters, path, rbacOf),
      ]);
      workspaces.set(path, { rbac: concat(before, plan.rbac, plan.sentinel), boundResources });
    }),
  );
  return { systemAdmin, workspaces };
}

const rbacObject = (kind: string, metadata: Record<string, string>, rest: Record<string, unknown>) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind,
  metadata,
  ...rest,
});

async function createRoles(masters: Actor, path: string, policy: RbacPolicy): Promise<void> {
  const base = `/clusters/${path}${RBAC}`;
  await Promise.all([
    ...policy.clusterRoles.map((r) =>
      post(masters, `${base}/clusterroles`, rbacObject('ClusterRole', { name: r.name }, { rules: r.rules })),
    ),
    ...policy.roles.map((r) =>
      post(
        masters,
        `${base}/namespaces/${r.namespace}/roles`,
        rbacObject('Role', { name: r.name, namespace: r.namespace }, { rules: r.rules }),
      ),
    ),
  ]);
}

async function createBindings(masters: Actor, path: string, policy: RbacPolicy): Promise<void> {
  const base = `/clusters/${path}${RBAC}`;
  await Promise.all([
    ...policy.clusterRoleBindings.map((b) =>
      post(
        masters,
        `${base}/clusterrolebindings`,
        rbacObject('ClusterRoleBinding', { name: b.name }, { roleRef: b.roleRef, subjects: b.subjects }),
      ),
    ),
    ...policy.roleBindings.map((b) =>
      post(
        masters,
        `${base}/namespaces/${b.namespace}/rolebindings`,
        rbacObject(
          'RoleBinding',
          { name: b.name, namespace: b.namespace },
          { roleRef: b.roleRef, subjects: b.subjects },
        ),
      ),
    ),
  ]);
}

async function createContent(masters: Actor, path: string): Promise<void> {
  const base = `/clusters/${path}/api/v1`;
  await Promise.all(
    CREATED_NAMESPACES.map((name) =>
      post(masters, `${base}/namespaces`, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }),
    ),
  );
  await Promise.all(
    NAMESPACES_WITH_OBJECTS.flatMap((ns) => [
      post(masters, `${base}/namespaces/${ns}/configmaps`, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: EXISTING_NAME },
        data: { seeded: 'true' },
      }),
      post(masters, `${base}/namespaces/${ns}/secrets`, {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: EXISTING_NAME },
        stringData: { seeded: 'true' },
      }),
      post(masters, `${base}/namespaces/${ns}/serviceaccounts`, {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: EXISTING_NAME },
      }),
    ]),
  );
}

/**
 * Namespaces and seed objects, then every role, then every binding, then the sentinels — each
 * step across all workspaces before the next, so that the sentinels are the newest of their type.
 */
export async function createWorldObjects(
  masters: Actor,
  world: MatrixWorld,
  paths: Map<string, string>,
): Promise<void> {
  const each = (fn: (plan: WorkspacePlan, path: string) => Promise<void>) =>
    Promise.all(world.workspaces.map((plan) => fn(plan, paths.get(plan.key) as string)));
  await each((_, path) => createContent(masters, path));
  await each((plan, path) => createRoles(masters, path, plan.rbac));
  await each((plan, path) => createBindings(masters, path, plan.rbac));
  await each((plan, path) => createRoles(masters, path, plan.sentinel));
  await each((plan, path) => createBindings(masters, path, plan.sentinel));
}

/** Waits until every workspace's authorizer has seen its sentinel role and binding of each kind. */
export async function waitForSentinels(
  masters: Actor,
  world: MatrixWorld,
  paths: Map<string, string>,
): Promise<void> {
  const identity = { name: world.sentinelUser, groups: [AUTHENTICATED] };
  const checks: RequestAttributes[] = [
    { kind: 'nonResource', verb: 'get', path: SENTINEL_PATH },
    {
      kind: 'resource',
      verb: 'get',
      apiGroup: '',
      resource: 'configmaps',
      subresource: '',
      namespace: SENTINEL_NAMESPACE,
      name: SENTINEL_NAME,
    },
  ];
  await Promise.all(
    [...paths.values()].map((path) =>
      eventually(
        async () => {
          for (const attributes of checks) {
            const answer = await subjectAccessReview(masters, path, identity, attributes);
            if (answer.allowed !== true)
              throw new Error(`sentinel not yet allowed: ${answer.status} ${answer.text}`);
          }
        },
        { timeoutMs: 30_000, intervalMs: 100, consecutive: 1, description: `RBAC of ${path} in effect` },
      ),
    ),
  );
}
