// A randomized authorization matrix: a seeded random RBAC world in fresh workspaces, then over a
// thousand real requests as synthetic users, each compared with an independent oracle
// (tests/support/rbac-oracle.ts) that knows only the RBAC objects this test created, the RBAC the
// workspaces already had, kcp's bootstrap policy read back from system:admin, and the maximal
// permission policies of bound APIExports read back from their workspaces.
//
// Target: a reference server started here, or any kcp-compatible endpoint with
//   KH_MATRIX_KUBECONFIG=<admin kubeconfig>
//   [KH_MATRIX_CONTEXT=<system:masters context, default system:admin>]
//   [KH_MATRIX_KCP_ADMIN_CONTEXT=<kcp-admin context, default root; empty: none>]
// Knobs: KH_MATRIX_SEED (replays a run; printed every run), KH_MATRIX_REQUESTS (default 1200),
// KH_MATRIX_PARENT (default root), KH_MATRIX_WORKSPACE_PREFIX (default kh-authz-matrix),
// KUBECTL (default kubectl on PATH).
//
// Covered:
//   - rbac/v1 rule matching: verbs incl. `*`; apiGroups incl. `*` and ""; resources incl. `*`,
//     `resource/subresource` and `*\/subresource`; resourceNames (get/update/patch/delete by name,
//     list/watch with a metadata.name field selector; create, deletecollection and plain lists
//     have no name); nonResourceURLs incl. `*` and trailing-`*` prefixes; non-resource verbs
//     get/post;
//   - subjects: User, Group (incl. system:authenticated), ServiceAccount with and without
//     namespace (the "robot" user is an impersonated service account); RoleBindings only in their
//     namespace (also for GET /api/v1/namespaces/<n>, whose namespace is <n>); RoleBindings to
//     Roles (also Roles of another namespace, which do not resolve) and to ClusterRoles;
//     ClusterRoleBindings everywhere in their workspace; dangling roleRefs;
//   - kcp: the workspace content gate (verb `access` on `/`, only through ClusterRoleBindings;
//     service accounts skip it), bootstrap policy of system:admin in every workspace, bindings to
//     the shared bootstrap ClusterRoles (view, edit, admin, cluster-admin,
//     system:kcp:workspace:access), a workspace ClusterRole shadowing a bootstrap one (merged),
//     maximal permission policies of the APIExports a workspace binds (on kcp: tenancy.kcp.io
//     from root, which makes workspaces/status read-only for everybody but system:masters; a
//     target that serves no APIBindings has none), isolation between sibling workspaces and
//     between parent and child, always-allowed /healthz /readyz /livez;
//   - request shapes whose outcome is decided by authorization alone: get/list/watch/create/
//     update/patch/delete/deletecollection, malformed bodies (400 once allowed), deletes of
//     missing names only (404), watches with timeoutSeconds=1, POSTs to unserved paths (404);
//   - impersonation through system:masters and through kcp-admin (which kcp scopes to the
//     workspace); SubjectAccessReview and SelfSubjectAccessReview (sampled), including the
//     anonymized denial reason "access denied"; `kubectl auth can-i` (sampled).
// Not covered: real (token, certificate) authentication; required-groups annotations; scopes and
// warrants other than kcp-admin impersonation; service accounts with a home cluster (tokens);
// requests without /clusters/<ws>; wildcard /clusters/*; shard-level paths (/metrics); virtual
// workspaces; APIBinding `bind` and other admission-time checks; RBAC escalation checks on
// creating roles and bindings; aggregated ClusterRoles' aggregation itself (their rules are read
// back); watch events (only whether a watch is admitted); changes of RBAC during the run.
import { randomInt } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { randomSuffix } from '../../suites/framework/names.js';
import { selfSubjectAccessReview, subjectAccessReview } from '../support/matrix-access-review.js';
import { mapConcurrently, type Actor, type Impersonation } from '../support/matrix-http.js';
import { kubectlAvailable, kubectlCanI, type CanIAnswer } from '../support/matrix-kubectl.js';
import {
  createWorkspaces,
  createWorldObjects,
  deleteWorkspace,
  readPolicyWorld,
  waitForSentinels,
} from '../support/matrix-setup.js';
import { openMatrixTarget, type MatrixTarget } from '../support/matrix-target.js';
import { generateWorld, type MatrixUser, type MatrixWorld } from '../support/rbac-matrix-generator.js';
import {
  generateRequests,
  sampleIndices,
  userIdentity,
  type MatrixRequest,
} from '../support/rbac-matrix-requests.js';
import { authorize, type KcpPolicyWorld, type Verdict, type VerdictBasis } from '../support/rbac-oracle.js';
import { describeAttributes, type RequestAttributes } from '../support/rbac-rules.js';

const REQUESTS = Number(process.env.KH_MATRIX_REQUESTS ?? 1200);
const CONCURRENCY = 16;
const REVIEW_SAMPLE = 200;
const KUBECTL_SAMPLE = 20;
const MAX_REPORTED = 15;

interface Outcome {
  request: MatrixRequest;
  status: number;
  text: string;
  verdict: Verdict;
}

function seedFromEnv(): number {
  const text = process.env.KH_MATRIX_SEED;
  if (text === undefined || text === '') return randomInt(2 ** 31);
  const seed = Number(text);
  if (!Number.isInteger(seed) || seed < 0)
    throw new Error(`KH_MATRIX_SEED must be a non-negative integer: ${text}`);
  return seed;
}

describe('authorization matrix: random RBAC worlds against an independent oracle', function () {
  this.timeout(120_000);
  const seed = seedFromEnv();
  const runId = randomSuffix(5);
  const parentPath = process.env.KH_MATRIX_PARENT || 'root';
  const runName = `${process.env.KH_MATRIX_WORKSPACE_PREFIX || 'kh-authz-matrix'}-${runId}`;
  const timings: string[] = [];
  let target: MatrixTarget | undefined;
  let world: MatrixWorld;
  let paths: Map<string, string>;
  let policy: KcpPolicyWorld;
  let requests: MatrixRequest[] = [];
  let outcomes: Outcome[] | undefined;
  let workspaceCreated = false;

  const timed = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    const result = await fn();
    timings.push(`${what} ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return result;
  };
  const userOf = (key: string): MatrixUser => {
    const user = world.users.find((u) => u.key === key);
    if (!user) throw new Error(`no user ${key}`);
    return user;
  };
  const pathOf = (key: string): string => paths.get(key) as string;
  const actorOf = (request: MatrixRequest): Actor => {
    const t = target as MatrixTarget;
    return request.impersonator === 'kcp-admin' && t.kcpAdmin ? t.kcpAdmin : t.masters;
  };
  const impersonation = (user: MatrixUser): Impersonation => ({ user: user.name, groups: user.groups });
  const verdictFor = (request: MatrixRequest, attributes: RequestAttributes = request.attributes): Verdict =>
    authorize(policy, userIdentity(userOf(request.userKey)), pathOf(request.workspaceKey), attributes);

  before(async function () {
    target = await openMatrixTarget();
    world = generateWorld(seed, runId);
    console.log(
      `    authorization matrix: seed ${seed} (KH_MATRIX_SEED=${seed} repeats it), run ${runId}, target ${target.description}`,
    );
    const masters = target.masters;
    const who = await masters.json<{ status?: { userInfo?: { groups?: string[] } } }>({
      method: 'POST',
      path: `/clusters/${parentPath}/apis/authentication.k8s.io/v1/selfsubjectreviews`,
      body: JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' }),
    });
    expect(
      who.body?.status?.userInfo?.groups,
      `context ${target.mastersContext} must be system:masters`,
    ).to.include('system:masters');
    paths = await timed('workspaces', async () => {
      const created = createWorkspaces(target?.kcpAdmin ?? masters, masters, parentPath, runName, world);
      workspaceCreated = true;
      return created;
    });
    policy = await timed('read-back', () => readPolicyWorld(masters, world, paths));
    const limited = [...policy.workspaces.values()][0]?.boundResources.flatMap((b) =>
      b.maximalPermissionPolicy
        ? [`${b.group}/${b.resource} (from ${b.maximalPermissionPolicy.exportCluster})`]
        : [],
    );
    const mpp = limited?.length ? limited.join(', ') : 'none (the target binds no APIExport with one)';
    console.log(`    maximal permission policies: ${mpp}`);
    await timed('RBAC world', () => createWorldObjects(masters, world, paths));
    await timed('RBAC in effect', () => waitForSentinels(masters, world, paths));
    requests = generateRequests(world, {
      count: REQUESTS,
      kcpAdminAvailable: target.kcpAdmin !== undefined,
      bootstrapClusterRoles: policy.systemAdmin.clusterRoles,
    });
  });

  after(async function () {
    this.timeout(60_000);
    if (timings.length > 0) console.log(`    authorization matrix timings: ${timings.join(', ')}`);
    if (target && workspaceCreated)
      await deleteWorkspace(target.masters, parentPath, runName).catch(() => {});
    await target?.stop();
  });

  it('the server sees each synthetic user with exactly the groups the oracle assumes', async function () {
    const t = target as MatrixTarget;
    const actors: [string, Actor][] = [['masters', t.masters]];
    if (t.kcpAdmin) actors.push(['kcp-admin', t.kcpAdmin]);
    for (const [via, actor] of actors) {
      for (const user of world.users) {
        const r = await actor.json<{ status?: { userInfo?: { username?: string; groups?: string[] } } }>({
          method: 'POST',
          path: `/clusters/${parentPath}/apis/authentication.k8s.io/v1/selfsubjectreviews`,
          impersonate: impersonation(user),
          body: JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' }),
        });
        expect(r.status, `SelfSubjectReview as ${user.name} via ${via}: ${r.text}`).to.equal(201);
        const info = r.body?.status?.userInfo;
        const expected = userIdentity(user);
        expect(info?.username, `via ${via}`).to.equal(expected.name);
        expect([...(info?.groups ?? [])].sort(), `groups of ${user.name} via ${via}`).to.deep.equal(
          [...expected.groups].sort(),
        );
      }
    }
  });

  it(`enforcement of ${REQUESTS} random requests agrees with the oracle`, async function () {
    expect(requests.length).to.be.at.least(1000);
    outcomes = await timed(`${requests.length} requests`, () =>
      mapConcurrently(requests, CONCURRENCY, async (request) => {
        const reply = await actorOf(request).send({
          method: request.method,
          path: `/clusters/${pathOf(request.workspaceKey)}${request.path}`,
          impersonate: impersonation(userOf(request.userKey)),
          body: request.body,
          contentType: request.contentType,
          headersOnly: request.watch,
        });
        return { request, status: reply.status, text: reply.text, verdict: verdictFor(request) };
      }),
    );

    const problems: string[] = [];
    const tally = new Map<string, number>();
    for (const o of outcomes) {
      const allowed = o.status !== 403;
      const key = `${o.verdict.allowed ? 'allowed' : 'denied'} by ${o.verdict.basis}`;
      tally.set(key, (tally.get(key) ?? 0) + 1);
      if (o.status >= 500 || o.status === 401 || o.status < 200) {
        problems.push(report(o, `server answered ${o.status}, neither a decision nor a client error`));
      } else if (allowed !== o.verdict.allowed) {
        problems.push(
          report(o, `oracle says ${o.verdict.allowed ? 'allowed' : 'denied'}, server ${o.status}`),
        );
      } else if (!allowed && !o.request.watch && !isForbiddenStatus(o.text)) {
        problems.push(report(o, 'a 403 that is not a Status with reason Forbidden'));
      }
    }
    const allowedCount = outcomes.filter((o) => o.status !== 403).length;
    console.log(
      `    ${outcomes.length} requests, ${allowedCount} allowed, ${outcomes.length - allowedCount} denied; oracle bases: ` +
        [...tally.entries()]
          .sort()
          .map(([k, v]) => `${k}: ${v}`)
          .join(', '),
    );
    expect(problems, summary(problems, outcomes.length)).to.deep.equal([]);

    // The matrix must exercise both outcomes and the interesting reasons, or it proves little.
    expect(allowedCount, 'allowed requests').to.be.at.least(outcomes.length * 0.1);
    expect(outcomes.length - allowedCount, 'denied requests').to.be.at.least(outcomes.length * 0.1);
    const bases = new Set(outcomes.map((o) => `${o.verdict.allowed}:${o.verdict.basis}`));
    const required: [boolean, VerdictBasis][] = [
      [false, 'content gate'],
      [false, 'no matching rule'],
      [true, 'workspace RoleBinding'],
      [true, 'workspace ClusterRoleBinding'],
      [true, 'bootstrap policy'],
      [true, 'always-allowed path'],
    ];
    for (const [allowed, basis] of required) {
      expect(
        bases.has(`${allowed}:${basis}`),
        `some request ${allowed ? 'allowed' : 'denied'} by ${basis}`,
      ).to.equal(true);
    }
  });

  it(`SubjectAccessReview and SelfSubjectAccessReview agree with enforcement (${REVIEW_SAMPLE} samples)`, async function () {
    if (!outcomes) this.skip();
    const observed = outcomes as Outcome[];
    const indices = sampleIndices(seed, observed.length, REVIEW_SAMPLE, 0x2545f491);
    const problems = await timed(`${indices.length} access reviews`, async () =>
      (
        await mapConcurrently(indices, CONCURRENCY, async (i) => {
          const o = observed[i] as Outcome;
          const user = userOf(o.request.userKey);
          const path = pathOf(o.request.workspaceKey);
          const enforced = o.status !== 403;
          const found: string[] = [];
          const sar = await subjectAccessReview(
            (target as MatrixTarget).masters,
            path,
            userIdentity(user),
            o.request.attributes,
          );
          if (sar.status !== 201 || sar.allowed !== enforced) {
            found.push(report(o, `SubjectAccessReview: ${sar.status} allowed=${sar.allowed}: ${sar.text}`));
          } else if (!sar.allowed && sar.reason !== 'access denied') {
            found.push(report(o, `SubjectAccessReview denial reason ${JSON.stringify(sar.reason)}`));
          }
          const ssar = await selfSubjectAccessReview(
            actorOf(o.request),
            path,
            impersonation(user),
            o.request.attributes,
          );
          const reviewAllowed = verdictFor(o.request, selfReviewAttributes).allowed;
          if ((ssar.status !== 403) !== reviewAllowed) {
            found.push(
              report(o, `creating a SelfSubjectAccessReview: ${ssar.status}, oracle ${reviewAllowed}`),
            );
          } else if (ssar.status !== 403 && (ssar.status !== 201 || ssar.allowed !== enforced)) {
            found.push(
              report(o, `SelfSubjectAccessReview: ${ssar.status} allowed=${ssar.allowed}: ${ssar.text}`),
            );
          }
          return found;
        })
      ).flat(),
    );
    expect(problems, summary(problems, indices.length)).to.deep.equal([]);
  });

  it(`kubectl auth can-i agrees with enforcement (${KUBECTL_SAMPLE} samples)`, async function () {
    if (!outcomes) this.skip();
    const binary = process.env.KUBECTL || 'kubectl';
    if (!(await kubectlAvailable(binary))) {
      if (process.env.CI === 'true')
        throw new Error(`kubectl is required in CI and "${binary}" was not found`);
      this.skip();
    }
    const t = target as MatrixTarget;
    const observed = outcomes as Outcome[];
    const indices = sampleIndices(seed, observed.length, KUBECTL_SAMPLE, 0x68e31da4);
    const cacheDir = await mkdtemp(join(tmpdir(), 'kh-matrix-kubectl-'));
    try {
      const answers = await timed(`${indices.length} kubectl`, () =>
        mapConcurrently(indices, 4, async (i) => {
          const o = observed[i] as Outcome;
          const context =
            o.request.impersonator === 'kcp-admin' && t.kcpAdminContext
              ? t.kcpAdminContext
              : t.mastersContext;
          const answer = await kubectlCanI(
            {
              binary,
              kubeconfigPath: t.kubeconfigPath,
              context,
              server: `${t.masters.serverUrl}/clusters/${pathOf(o.request.workspaceKey)}`,
              cacheDir,
            },
            userOf(o.request.userKey),
            o.request.attributes,
          );
          return { o, answer };
        }),
      );
      // kubectl asks with a SelfSubjectAccessReview: "no" also when the user may not create one.
      const problems = answers
        .filter(({ o, answer }) => answer.allowed !== expectedCanI(o))
        .map(({ o, answer }) => report(o, canIReport(answer)));
      expect(problems, summary(problems, answers.length)).to.deep.equal([]);
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  });

  const selfReviewAttributes: RequestAttributes = {
    kind: 'resource',
    verb: 'create',
    apiGroup: 'authorization.k8s.io',
    resource: 'selfsubjectaccessreviews',
    subresource: '',
    namespace: '',
    name: '',
  };

  function expectedCanI(o: Outcome): boolean {
    return o.status !== 403 && verdictFor(o.request, selfReviewAttributes).allowed;
  }

  function report(o: Outcome, problem: string): string {
    const r = o.request;
    const user = userOf(r.userKey);
    const lines = [
      `#${r.index} ${problem}`,
      `  user ${user.name} groups [${userIdentity(user).groups.join(', ')}] via ${r.impersonator} (${r.origin} request)`,
      `  ${r.method} /clusters/${pathOf(r.workspaceKey)}${r.path}` +
        (r.body !== undefined ? ` body ${JSON.stringify(r.body)} (${r.contentType})` : ''),
      `  attributes: ${describeAttributes(r.attributes)}`,
      `  oracle: ${o.verdict.allowed ? 'allowed' : 'denied'} (${o.verdict.basis})`,
      ...o.verdict.reasoning.map((line) => `    - ${line}`),
      `  server: ${o.status} ${o.text.replace(/\s+/g, ' ').slice(0, 400)}`,
    ];
    return lines.join('\n');
  }
});

function isForbiddenStatus(text: string): boolean {
  try {
    const status = JSON.parse(text) as { kind?: string; reason?: string; code?: number };
    return status.kind === 'Status' && status.reason === 'Forbidden' && status.code === 403;
  } catch {
    return false;
  }
}

function canIReport(answer: CanIAnswer): string {
  return `kubectl auth can-i exit ${answer.exitCode}: kubectl ${answer.args.join(' ')}\n  ${answer.output}`;
}

function summary(problems: string[], total: number): string {
  if (problems.length === 0) return 'no problems';
  const shown = problems.slice(0, MAX_REPORTED).join('\n\n');
  const more = problems.length > MAX_REPORTED ? `\n\n... and ${problems.length - MAX_REPORTED} more` : '';
  return `${problems.length} of ${total} checks failed:\n\n${shown}${more}\n`;
}
