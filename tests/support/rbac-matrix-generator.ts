// The RBAC world of the authorization matrix, derived from a seed: synthetic users (unique per
// run) with random group memberships, four workspaces (three siblings, one with a child) with
// namespaces and a few objects, and per workspace random ClusterRoles, Roles, ClusterRoleBindings
// and RoleBindings — some bound to kcp's bootstrap ClusterRoles, some dangling. The same seed
// always gives the same structure; only the run id in identity names changes between runs.
import {
  BOOTSTRAP_CLUSTER_ROLES,
  EXISTING_NAME,
  NAME_POOL,
  NAMESPACES_WITH_OBJECTS,
  NON_RESOURCE_RULE_URLS,
  NON_RESOURCE_RULE_VERBS,
  RESOURCE_VERBS,
  RULE_API_GROUPS,
  RULE_RESOURCES_BY_GROUP,
  RULE_WILDCARD_RESOURCES,
  TENANCY_GROUP,
  WORKSPACE_ACCESS_ROLE,
  WORKSPACE_NAMESPACES,
  servable,
} from './rbac-matrix-catalog.js';
import { emptyPolicy, type PolicyRule, type RbacPolicy, type RoleRef, type Subject } from './rbac-rules.js';
import { seededRandom, type SeededRandom } from '../../suites/framework/seeded-random.js';

export interface MatrixUser {
  key: string;
  name: string;
  /** Groups sent as Impersonate-Group (the server adds system:authenticated). */
  groups: string[];
}

export interface WorkspacePlan {
  key: string;
  /** metadata.name in the parent workspace. */
  name: string;
  /** Key of the parent plan; undefined: a child of the run workspace. */
  parentKey?: string;
  /** RBAC objects created first. */
  rbac: RbacPolicy;
  /**
   * Created last; once the sentinel identity is allowed by them, the server has seen every other
   * RBAC object of the workspace (per type, objects become visible in creation order).
   */
  sentinel: RbacPolicy;
}

export interface MatrixWorld {
  seed: number;
  runId: string;
  users: MatrixUser[];
  groups: string[];
  workspaces: WorkspacePlan[];
  sentinelUser: string;
  /** The one user never named (directly or through a group) in workspace CLOSED_WORKSPACE. */
  outsiderKey: string;
}

export const CLOSED_WORKSPACE = 'c';
export const SENTINEL_PATH = '/mx-sentinel';
export const SENTINEL_NAMESPACE = 'ns-b';
export const SENTINEL_NAME = 'mx-sentinel';
const ROBOT_NAMESPACE = 'ns-a';
const RBAC_API_GROUP = 'rbac.authorization.k8s.io';
const SERVICE_ACCOUNT_PREFIX = 'system:serviceaccount:';

const WORKSPACE_LAYOUT: { key: string; name: string; parentKey?: string }[] = [
  { key: 'a', name: 'ws-a' },
  { key: 'b', name: 'ws-b' },
  { key: 'c', name: 'ws-c' },
  { key: 'd', name: 'ws-d', parentKey: 'b' },
];

function resourceRule(rnd: SeededRandom): PolicyRule {
  const verbs = rnd.chance(0.15) ? ['*'] : rnd.subset(RESOURCE_VERBS, 1, 3);
  let apiGroups: string[];
  let resources: string[];
  if (rnd.chance(0.6)) {
    // Coherent: resources of the rule's own group, so that many rules can match something.
    const group = rnd.pick(RULE_API_GROUPS);
    apiGroups = [group];
    resources = rnd.subset(RULE_RESOURCES_BY_GROUP[group] ?? [], 1, 3);
    if (rnd.chance(0.15)) resources.push('*/status');
  } else {
    apiGroups = rnd.chance(0.25) ? ['*'] : rnd.subset(RULE_API_GROUPS, 1, 2);
    const all = Object.values(RULE_RESOURCES_BY_GROUP).flat();
    resources = rnd.chance(0.3) ? [rnd.pick(RULE_WILDCARD_RESOURCES)] : rnd.subset(all, 1, 3);
  }
  const rule: PolicyRule = { verbs, apiGroups, resources };
  if (rnd.chance(0.35)) rule.resourceNames = rnd.subset(NAME_POOL, 1, 2);
  return rule;
}

function nonResourceRule(rnd: SeededRandom): PolicyRule {
  return {
    verbs: [...rnd.pick(NON_RESOURCE_RULE_VERBS)],
    nonResourceURLs: [...rnd.pick(NON_RESOURCE_RULE_URLS)],
  };
}

interface SubjectChoices {
  users: MatrixUser[];
  groups: string[];
  robotName: string;
  /** system:authenticated as a subject (never in the closed workspace). */
  allowAuthenticated: boolean;
}

function randomSubject(rnd: SeededRandom, choices: SubjectChoices, inRoleBinding: boolean): Subject {
  const roll = rnd.next();
  if (roll < 0.5)
    return { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: rnd.pick(choices.users).name };
  if (roll < 0.82 && choices.groups.length > 0) {
    return { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: rnd.pick(choices.groups) };
  }
  if (roll < 0.86 && choices.allowAuthenticated) {
    return { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'system:authenticated' };
  }
  // A ServiceAccount subject; in a RoleBinding the namespace may be left to default to the
  // binding's own, and sometimes names another namespace (then it matches nobody here).
  const namespace = rnd.pick([ROBOT_NAMESPACE, ROBOT_NAMESPACE, 'ns-b']);
  if (inRoleBinding && rnd.chance(0.5)) return { kind: 'ServiceAccount', name: choices.robotName };
  return { kind: 'ServiceAccount', name: choices.robotName, namespace };
}

function subjects(rnd: SeededRandom, choices: SubjectChoices, inRoleBinding: boolean): Subject[] {
  const count = rnd.int(1, 3);
  return Array.from({ length: count }, () => randomSubject(rnd, choices, inRoleBinding));
}

const clusterRoleRef = (name: string): RoleRef => ({
  apiGroup: 'rbac.authorization.k8s.io',
  kind: 'ClusterRole',
  name,
});
const roleRef = (name: string): RoleRef => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name });

function workspaceRbac(rnd: SeededRandom, choices: SubjectChoices, shadowBootstrapRole: boolean): RbacPolicy {
  const policy = emptyPolicy();
  const clusterRoleCount = rnd.int(3, 5);
  for (let i = 1; i <= clusterRoleCount; i += 1) {
    const rules = Array.from({ length: rnd.int(1, 3) }, () =>
      rnd.chance(0.7) ? resourceRule(rnd) : nonResourceRule(rnd),
    );
    policy.clusterRoles.push({ name: `mx-cr-${i}`, rules });
  }
  const shadowed = shadowBootstrapRole ? rnd.pick(['view', 'edit']) : undefined;
  if (shadowed) {
    // kcp merges a workspace's ClusterRole with system:admin's of the same name.
    let rule = resourceRule(rnd);
    for (let tries = 0; tries < 20 && !servable(rule); tries += 1) rule = resourceRule(rnd);
    policy.clusterRoles.push({ name: shadowed, rules: [rule] });
  }
  const roleCount = rnd.int(1, 3);
  for (let i = 1; i <= roleCount; i += 1) {
    const rules = Array.from({ length: rnd.int(1, 2) }, () => resourceRule(rnd));
    policy.roles.push({ namespace: rnd.pick(WORKSPACE_NAMESPACES), name: `mx-role-${i}`, rules });
  }
  const localClusterRoles = policy.clusterRoles.map((r) => r.name);

  // Workspace access for some users and groups, always naming at least one user directly.
  const accessSubjects: Subject[] = rnd
    .subset(
      choices.users.filter((u) => !u.name.startsWith('system:serviceaccount:')),
      2,
      4,
    )
    .map((u) => ({ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: u.name }));
  if (choices.groups.length > 0 && rnd.chance(0.6)) {
    accessSubjects.push({
      kind: 'Group',
      apiGroup: 'rbac.authorization.k8s.io',
      name: rnd.pick(choices.groups),
    });
  }
  policy.clusterRoleBindings.push({
    name: 'mx-access',
    roleRef: clusterRoleRef(WORKSPACE_ACCESS_ROLE),
    subjects: accessSubjects,
  });
  const bindingCount = rnd.int(2, 4);
  for (let i = 1; i <= bindingCount; i += 1) {
    const roll = rnd.next();
    const target =
      roll < 0.55
        ? rnd.pick(localClusterRoles)
        : roll < 0.9
          ? rnd.pick(BOOTSTRAP_CLUSTER_ROLES.filter((r) => r !== 'cluster-admin' || rnd.chance(0.3)))
          : 'mx-missing';
    policy.clusterRoleBindings.push({
      name: `mx-crb-${i}`,
      roleRef: clusterRoleRef(target),
      subjects: subjects(rnd, choices, false),
    });
  }
  const roleBindingCount = rnd.int(3, 5);
  for (let i = 1; i <= roleBindingCount; i += 1) {
    const namespace = rnd.pick(WORKSPACE_NAMESPACES);
    const roll = rnd.next();
    let ref: RoleRef;
    if (roll < 0.45) {
      // A Role of any namespace by name: it resolves only if one of that name lives in this namespace.
      ref = roleRef(rnd.pick(policy.roles).name);
    } else if (roll < 0.8) ref = clusterRoleRef(rnd.pick(localClusterRoles));
    else if (roll < 0.95) ref = clusterRoleRef(rnd.pick(BOOTSTRAP_CLUSTER_ROLES));
    else ref = roleRef('mx-missing');
    policy.roleBindings.push({
      namespace,
      name: `mx-rb-${i}`,
      roleRef: ref,
      subjects: subjects(rnd, choices, true),
    });
  }
  addFeatured(rnd, policy, accessSubjects, choices, shadowed);
  return policy;
}

/**
 * Bindings every workspace gets, each naming users that can enter it, so that every seed
 * exercises the features a wrong authorizer most likely gets wrong: resourceNames, `*\/status`
 * (and with it tenancy.kcp.io's maximal permission policy on workspaces/status), a
 * ServiceAccount subject whose namespace defaults to the RoleBinding's, a RoleBinding to a Role
 * of another namespace, `access` granted through a RoleBinding (which does not count), and a
 * workspace ClusterRole merged with the bootstrap one of the same name.
 */
function addFeatured(
  rnd: SeededRandom,
  policy: RbacPolicy,
  accessSubjects: Subject[],
  choices: SubjectChoices,
  shadowed: string | undefined,
): void {
  const userSubject = (u: MatrixUser): Subject => ({ kind: 'User', apiGroup: RBAC_API_GROUP, name: u.name });
  const humans = choices.users.filter((u) => !u.name.startsWith(SERVICE_ACCOUNT_PREFIX));
  // Mostly users that may enter the workspace, sometimes one that (probably) may not.
  const admitted = () => [
    ...rnd.subset(accessSubjects, 1, 2),
    ...(rnd.chance(0.3) ? [userSubject(rnd.pick(humans))] : []),
  ];
  const outsiders = humans.filter((u) => !accessSubjects.some((s) => s.kind === 'User' && s.name === u.name));
  const named = resourceRule(rnd);
  named.resourceNames = rnd.subset(NAME_POOL, 1, 2);
  policy.clusterRoles.push({ name: 'mx-cr-names', rules: [named] });
  policy.clusterRoleBindings.push({
    name: 'mx-crb-names',
    roleRef: clusterRoleRef('mx-cr-names'),
    subjects: admitted(),
  });
  policy.clusterRoles.push({
    name: 'mx-cr-status',
    rules: [
      {
        verbs: rnd.chance(0.3) ? ['*'] : rnd.subset(['get', 'update', 'patch'], 1, 3),
        apiGroups: rnd.chance(0.5) ? ['*'] : rnd.subset(['', TENANCY_GROUP], 1, 2),
        resources: ['*/status'],
      },
    ],
  });
  policy.clusterRoleBindings.push({
    name: 'mx-crb-status',
    roleRef: clusterRoleRef('mx-cr-status'),
    subjects: admitted(),
  });
  const usable = <T extends { rules: PolicyRule[] }>(roles: T[]): T[] => {
    const some = roles.filter((r) => r.rules.some(servable));
    return some.length > 0 ? some : roles;
  };
  const robotRole = rnd.pick(usable(policy.clusterRoles.filter((r) => r.name.startsWith('mx-cr-'))));
  policy.roleBindings.push({
    namespace: ROBOT_NAMESPACE,
    name: 'mx-rb-robot',
    roleRef: clusterRoleRef(robotRole.name),
    subjects: [{ kind: 'ServiceAccount', name: choices.robotName }],
  });
  // `access` reaches the content gate only through ClusterRoleBindings: through a RoleBinding it
  // grants nothing, and the RoleBinding's other rules stay unusable without access.
  const resource = resourceRule(rnd);
  delete resource.resourceNames;
  policy.clusterRoles.push({
    name: 'mx-cr-access-and-more',
    rules: [{ verbs: ['access'], nonResourceURLs: ['/'] }, resource],
  });
  if (outsiders.length > 0) {
    policy.roleBindings.push({
      namespace: rnd.pick(WORKSPACE_NAMESPACES),
      name: 'mx-rb-access',
      roleRef: clusterRoleRef('mx-cr-access-and-more'),
      subjects: [userSubject(rnd.pick(outsiders))],
    });
  }
  // A Role is looked up in the RoleBinding's own namespace only.
  const elsewhere = rnd.pick(usable(policy.roles));
  policy.roleBindings.push({
    namespace: rnd.pick(WORKSPACE_NAMESPACES.filter((n) => n !== elsewhere.namespace)),
    name: 'mx-rb-elsewhere',
    roleRef: roleRef(elsewhere.name),
    subjects: admitted(),
  });
  if (shadowed) {
    policy.clusterRoleBindings.push({
      name: 'mx-crb-shadow',
      roleRef: clusterRoleRef(shadowed),
      subjects: admitted(),
    });
  }
}

function sentinelPolicy(sentinelUser: string): RbacPolicy {
  const subject: Subject = { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: sentinelUser };
  return {
    clusterRoles: [
      {
        name: SENTINEL_NAME,
        rules: [
          { verbs: ['access'], nonResourceURLs: ['/'] },
          { verbs: ['get'], nonResourceURLs: [SENTINEL_PATH] },
        ],
      },
    ],
    roles: [
      {
        namespace: SENTINEL_NAMESPACE,
        name: SENTINEL_NAME,
        rules: [
          { verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: [SENTINEL_NAME] },
        ],
      },
    ],
    clusterRoleBindings: [
      { name: SENTINEL_NAME, roleRef: clusterRoleRef(SENTINEL_NAME), subjects: [subject] },
    ],
    roleBindings: [
      {
        namespace: SENTINEL_NAMESPACE,
        name: SENTINEL_NAME,
        roleRef: roleRef(SENTINEL_NAME),
        subjects: [subject],
      },
    ],
  };
}

/** `runId`: a short [a-z0-9] string that makes identity names unique to this run. */
export function generateWorld(seed: number, runId: string): MatrixWorld {
  const rnd = seededRandom(seed);
  const idPrefix = `kh-mx-${runId}`;
  const groups = [1, 2, 3, 4].map((i) => `${idPrefix}-g${i}`);
  const robotName = `${idPrefix}-robot`;
  const users: MatrixUser[] = [
    // u1 has no groups: in the closed workspace nothing can grant it anything.
    { key: 'u1', name: `${idPrefix}-u1`, groups: [] },
    ...[2, 3, 4, 5].map((i) => ({
      key: `u${i}`,
      name: `${idPrefix}-u${i}`,
      groups: rnd.subset(groups, 0, 2),
    })),
    {
      key: 'robot',
      name: `system:serviceaccount:${ROBOT_NAMESPACE}:${robotName}`,
      groups: ['system:serviceaccounts', `system:serviceaccounts:${ROBOT_NAMESPACE}`],
    },
  ];
  const outsiderKey = 'u1';
  const sentinelUser = `${idPrefix}-sentinel`;
  const shadowing = rnd.pick(WORKSPACE_LAYOUT).key;
  const workspaces: WorkspacePlan[] = WORKSPACE_LAYOUT.map((layout) => {
    const closed = layout.key === CLOSED_WORKSPACE;
    const choices: SubjectChoices = {
      users: closed ? users.filter((u) => u.key !== outsiderKey) : users,
      groups,
      robotName,
      allowAuthenticated: !closed,
    };
    return {
      ...layout,
      rbac: workspaceRbac(rnd, choices, layout.key === shadowing),
      sentinel: sentinelPolicy(sentinelUser),
    };
  });
  return { seed, runId, users, groups, workspaces, sentinelUser, outsiderKey };
}

/**
 * Whether an object of that name may exist, so that the matrix never deletes it. Names outside
 * NAME_POOL count as existing; of the pool, only the seeded objects and namespaces exist (RBAC
 * objects are named mx-*, workspaces ws-*, the server's own system:* or workspace-admin).
 */
export function objectExists(resource: string, namespace: string, name: string): boolean {
  if (!(NAME_POOL as readonly string[]).includes(name)) return true;
  switch (resource) {
    case 'configmaps':
    case 'secrets':
    case 'serviceaccounts':
      return name === EXISTING_NAME && (NAMESPACES_WITH_OBJECTS as readonly string[]).includes(namespace);
    case 'namespaces':
      return (WORKSPACE_NAMESPACES as readonly string[]).includes(name);
    default:
      return false;
  }
}
