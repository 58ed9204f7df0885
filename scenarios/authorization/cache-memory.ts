// Part b: what it costs in resident memory to hold W workspaces' RBAC ready for authorization.
// W workspaces are created as a system:masters identity when the kubeconfig has one (masters
// is allowed before any RBAC is read, so creating them fills no authorization cache), each with
// the owner's ClusterRoleBinding a user-created workspace has; RSS is sampled once settled; then one request as a non-masters identity enters every workspace,
// which makes the authorizer load that workspace's RBAC; RSS is sampled again. The difference
// over the workspaces cached (the cache gauges when the target exposes them, else the
// workspaces touched) is the cost per cached workspace.
import { clusterUrl } from '../../suites/framework/cluster-paths.js';
import type { ClusterClient } from '../../suites/framework/http/client.js';
import { findPrivilegedIdentity, SYSTEM_MASTERS, whoAmI } from '../../suites/framework/target/privileged.js';
import { DEFAULT_TIMEOUTS } from '../../suites/framework/timeouts.js';
import { IMPERSONATE_GROUP, IMPERSONATE_USER } from '../../suites/framework/users/test-users.js';
import { runClosedLoop } from '../framework/load.js';
import { rssSourceFor, settleAndSample, type RssSource } from '../framework/rss.js';
import type { BenchContext } from '../framework/scenario.js';
import { openWorkspaceCreator } from '../workspace-creation/creator.js';
import { FIRST_REQUEST_INTERVAL_MS } from '../workspace-creation/parameters.js';
import { flatPlan } from '../workspace-creation/plan.js';
import type { AuthorizationParams } from './params.js';
import { figuresOf, scrapeServer, type ServerFigures } from './server-metrics.js';

/** Made up, impersonated only when the kubeconfig's own identity is in system:masters. */
const CACHE_READER = 'kh-bench-cache-reader';
const KCP_ADMIN_GROUP = 'system:kcp:admin';
/** What every touch reads: a cheap GET any workspace answers once Ready. */
const TOUCH_PATH = '/api/v1/namespaces/default';
const RBAC = '/apis/rbac.authorization.k8s.io/v1';
/** kcp's name for the binding that makes a workspace's creator its admin. */
const OWNER_BINDING = 'workspace-admin';
const OWNER = 'kh-bench-owner';

function ownerBinding(): Record<string, unknown> {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: OWNER_BINDING },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: OWNER }],
  };
}

export interface MemoryPoint {
  rssBytes: number;
  /** How the RSS wait ended (settle rule), for the notes. */
  rule: string;
  server: ServerFigures;
}

export interface CacheMemoryRun {
  workspacesReady: number;
  /** Touches answered 200. */
  touched: number;
  beforeCreate?: MemoryPoint;
  afterCreate?: MemoryPoint;
  afterTouch?: MemoryPoint;
  /** Whether every step ran to its end. */
  complete: boolean;
  /** Failed creations and touches, by a short key ("create 503", "touch 403"). */
  errors: Record<string, number>;
  notes: string[];
}

/** Who fills the cache: the kubeconfig's identity unless it is masters (then never authorized by RBAC). */
async function toucher(
  root: ClusterClient,
  signal: AbortSignal,
): Promise<{ client: ClusterClient; who: string }> {
  const self = await whoAmI(root, signal);
  if (!self?.groups?.includes(SYSTEM_MASTERS)) {
    return { client: root, who: `the kubeconfig's identity (${self?.username ?? 'unknown user'})` };
  }
  return {
    client: root.withHeaders({ [IMPERSONATE_USER]: CACHE_READER, [IMPERSONATE_GROUP]: KCP_ADMIN_GROUP }),
    who: `${CACHE_READER} in ${KCP_ADMIN_GROUP}, impersonated (the kubeconfig's identity is in ${SYSTEM_MASTERS}, which skips RBAC)`,
  };
}

export async function measureCacheMemory(
  ctx: BenchContext,
  params: AuthorizationParams,
): Promise<CacheMemoryRun> {
  const { target, signal, progress } = ctx;
  const run: CacheMemoryRun = { workspacesReady: 0, touched: 0, complete: false, errors: {}, notes: [] };
  const error = (key: string): void => void (run.errors[key] = (run.errors[key] ?? 0) + 1);
  const rootUrl = clusterUrl(target.server, 'root');
  const server = target.root.at(target.server);
  const source: RssSource = await rssSourceFor(target, signal);
  run.notes.push(`RSS: ${source.describe}`);
  // Creating as system:masters keeps a per-workspace authorization cache cold, which matters
  // only where there is one to measure: a target exporting the cache gauges (the reference
  // server). kcp keeps every workspace's RBAC in informers anyway, and leaves a workspace that
  // system:masters created Initializing (its apibindings initializer acts as the owner, and
  // masters records none), so elsewhere the kubeconfig's identity creates them.
  const hasCache = figuresOf(await scrapeServer(server, signal)).cache !== undefined;
  const masters = hasCache
    ? await findPrivilegedIdentity({
        kubeconfigPath: target.kubeconfigPath,
        workspaceUrl: rootUrl,
        timeouts: DEFAULT_TIMEOUTS,
        signal,
      })
    : { evidence: ['the target exports no kcp_harness_authorization_cache_* gauges'] };
  const creatingAs = masters.identity ? { ...target, root: masters.identity.clientAt(rootUrl) } : target;
  run.notes.push(
    masters.identity
      ? `workspaces created as ${masters.identity.username} (context ${masters.identity.context}, ${SYSTEM_MASTERS}), so creating them loads no RBAC into the cache`
      : `workspaces created as the kubeconfig's identity (${masters.evidence.join('; ')}); creating them may already load their RBAC wherever it is cached per workspace`,
  );
  const touch = await toucher(target.root, signal);
  run.notes.push(`every workspace touched once with GET ${TOUCH_PATH} as ${touch.who}`);

  const sample = async (stage: string): Promise<MemoryPoint | undefined> => {
    const settled = await settleAndSample(source, params.settle, { signal }).catch((error: unknown) => {
      if (signal.aborted) return undefined;
      throw error;
    });
    if (!settled) return undefined;
    const point = {
      rssBytes: settled.bytes,
      rule: settled.rule,
      server: figuresOf(await scrapeServer(server, signal)),
    };
    const entries = point.server.cache ? `, cache ${point.server.cache.entries} entries` : '';
    const line = `${stage}: RSS ${(point.rssBytes / 1024 / 1024).toFixed(1)} MiB${entries} — ${settled.rule}`;
    run.notes.push(line);
    progress.log(line);
    return point;
  };

  let done = 0;
  const creator = await openWorkspaceCreator({
    target: creatingAs,
    readyTimeoutMs: params.readyTimeoutMs,
    firstRequestIntervalMs: FIRST_REQUEST_INTERVAL_MS,
    signal,
    onError: error,
    onOutcome: () => progress.update((done += 1)),
  }).catch((cause: unknown) => {
    masters.identity?.close();
    throw cause;
  });
  try {
    run.beforeCreate = await sample('before creating');
    progress.log(`creating ${params.workspaces} workspaces under ${creator.parent.path}`);
    progress.start('workspaces', params.workspaces);
    try {
      await creator.runClosed(flatPlan(0, params.workspaces), params.concurrency);
    } finally {
      progress.stop();
    }
    run.workspacesReady = creator.stats.ready;
    if (signal.aborted) return run;
    const paths = Array.from(
      { length: params.workspaces },
      (_, index) => `${creator.parent.path}:ws-${index}`,
    );
    // Each workspace gets its own request; `fn` answers the HTTP status (0: no answer).
    const forEachWorkspace = async (label: string, fn: (workspaceUrl: string) => Promise<number>) => {
      let finished = 0;
      let succeeded = 0;
      progress.start(label, paths.length);
      try {
        await runClosedLoop(
          paths,
          params.concurrency,
          async (path) => {
            const status = await fn(clusterUrl(target.server, path)).catch(() => 0);
            if (status >= 200 && status < 300) succeeded += 1;
            else if (!signal.aborted) error(`${label} ${status === 0 ? 'failed' : status}`);
            progress.update((finished += 1));
          },
          signal,
        );
      } finally {
        progress.stop();
      }
      return succeeded;
    };
    if (masters.identity) {
      // A workspace a user creates holds the owner's binding; one created by system:masters does
      // not (kcp's workspace admission names no owner for it), so it is added here, as masters.
      const asMasters = masters.identity;
      const owners = await forEachWorkspace('owner binding', async (url) => {
        const response = await asMasters
          .clientAt(url)
          .post(`${RBAC}/clusterrolebindings`, ownerBinding(), { signal });
        return response.status;
      });
      run.notes.push(
        `every workspace got the ClusterRoleBinding ${OWNER_BINDING} (User ${OWNER} → cluster-admin) that kcp gives the creator of a workspace; ${owners} created`,
      );
    }
    if (signal.aborted) return run;
    run.afterCreate = await sample(`after creating ${creator.stats.ready} workspaces`);
    run.touched = await forEachWorkspace(
      'touch',
      async (url) => (await touch.client.at(url).get(TOUCH_PATH, { signal })).status,
    );
    if (signal.aborted) return run;
    run.afterTouch = await sample(`after touching ${run.touched} workspaces`);
    run.complete = run.afterTouch !== undefined;
  } finally {
    const deletion = await creator.close(false);
    // A DELETE the server accepted finishes on its own; only a refused one is an error.
    const accepted = deletion?.status === 200 || deletion?.status === 202;
    if (deletion?.error && !accepted)
      error(deletion.status === 0 ? 'delete failed' : `delete ${deletion.status}`);
    run.notes.push(
      deletion?.error
        ? `deleting ${creator.parent.path} (DELETE answered ${deletion.status}) was not seen to finish: ${deletion.error}`
        : `deleted ${creator.parent.path} and its workspaces (HTTP ${deletion?.status ?? '?'}${deletion?.goneMs !== undefined ? `, gone after ${Math.round(deletion.goneMs)} ms` : ''})`,
    );
    masters.identity?.close();
  }
  return run;
}
