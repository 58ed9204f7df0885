// `kcp-harness serve`: runs the reference server until SIGINT/SIGTERM. Flags follow
// `kcp start` (and kube-apiserver) where they overlap.

import { Command, InvalidArgumentError, Option } from 'commander';
import { startApiServer } from './server/api-server.js';

function port(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535)
    throw new InvalidArgumentError('must be a port number (0-65535; 0 picks a free port)');
  return n;
}

interface ServeFlags {
  rootDirectory: string;
  bindAddress: string;
  securePort: number;
  store: 'sqlite' | 'memory';
  anonymousAuth: 'true' | 'false';
  http2: 'true' | 'false';
  watchHistoryRevisions: number;
  compactionInterval: number;
  watchBookmarkInterval: number;
  authorizationCacheSize: number;
  maxRequestsInflight: number;
  maxMutatingRequestsInflight: number;
  homeWorkspacesHomeCreatorGroups: string;
  tokenAuthFile?: string;
  clientCaFile?: string;
}

const tokenAuthFileHelp =
  'static token file, Kubernetes CSV: token,user,uid[,"group1,group2"] (kube-apiserver and kcp flag of the same name)';
const clientCAFileHelp =
  'CA bundle that client certificates must verify against (CN = user, O = groups); default: <root-directory>/ca.crt';

/** What `start` runs with for the flags it does not take; also serve's defaults. */
const SERVE_DEFAULTS = {
  store: 'sqlite',
  anonymousAuth: 'true',
  http2: 'true',
  watchHistoryRevisions: 100_000,
  compactionInterval: 60,
  // kube-apiserver's watch cache sends a BOOKMARK about once a minute (cacher.go bookmarkFrequency).
  watchBookmarkInterval: 60,
  authorizationCacheSize: 4096,
  // kube-apiserver's defaults.
  maxRequestsInflight: 400,
  maxMutatingRequestsInflight: 200,
  homeWorkspacesHomeCreatorGroups: 'system:authenticated',
} as const satisfies Partial<ServeFlags>;

function positiveInt(value: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw new InvalidArgumentError('must be a positive integer');
  return Number(value);
}

function nonNegativeInt(value: string): number {
  if (!/^(0|[1-9]\d*)$/.test(value)) throw new InvalidArgumentError('must be a non-negative integer');
  return Number(value);
}

const homeCreatorGroupsHelp =
  'comma-separated groups whose members get a home workspace (kcp flag of the same name)';

function groupList(value: string): string[] {
  return value
    .split(',')
    .map((g) => g.trim())
    .filter((g) => g !== '');
}

/** Starts the server and stops it on SIGINT/SIGTERM; `serve` and `start` share it. */
async function runServer(opts: ServeFlags): Promise<void> {
  const started = process.hrtime.bigint();
  const server = await startApiServer({
    rootDirectory: opts.rootDirectory,
    bindAddress: opts.bindAddress,
    securePort: opts.securePort,
    store: opts.store,
    anonymousAuth: opts.anonymousAuth === 'true',
    http2: opts.http2 !== 'false',
    watchHistoryRevisions: opts.watchHistoryRevisions,
    compactionIntervalMs: opts.compactionInterval * 1000,
    watchLimits: { bookmarkIntervalMs: opts.watchBookmarkInterval * 1000 },
    authorizationCacheSize: opts.authorizationCacheSize,
    inFlightLimits: {
      readOnly: opts.maxRequestsInflight ?? SERVE_DEFAULTS.maxRequestsInflight,
      mutating: opts.maxMutatingRequestsInflight ?? SERVE_DEFAULTS.maxMutatingRequestsInflight,
    },
    homeCreatorGroups: groupList(opts.homeWorkspacesHomeCreatorGroups),
    ...(opts.tokenAuthFile ? { tokenAuthFile: opts.tokenAuthFile } : {}),
    ...(opts.clientCaFile ? { clientCAFile: opts.clientCaFile } : {}),
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  process.stdout.write(
    `Serving securely on ${server.url} (store: ${opts.store}, ready in ${ms.toFixed(0)} ms)\n` +
      `Admin kubeconfig: ${server.kubeconfigPath}\n`,
  );
  const stop = (signal: string) => {
    process.stdout.write(`Received ${signal}, shutting down\n`);
    server.close().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`shutdown failed: ${String(e)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

export function serveCommand(): Command {
  return new Command('serve')
    .description('run the reference KCP-compatible server')
    .option('--root-directory <dir>', 'directory for the store, certificates and admin.kubeconfig', '.kcp')
    .option('--bind-address <address>', 'address to listen on', '127.0.0.1')
    .option('--secure-port <port>', 'HTTPS port (0 picks a free port)', port, 6443)
    .addOption(
      new Option('--store <kind>', 'storage backend')
        .choices(['sqlite', 'memory'])
        .default(SERVE_DEFAULTS.store),
    )
    .addOption(
      new Option(
        '--anonymous-auth <bool>',
        'serve requests without credentials as system:anonymous, whom authorization refuses with 403 except on health paths (kcp and kube-apiserver default); false answers them 401',
      )
        .choices(['true', 'false'])
        .default(SERVE_DEFAULTS.anonymousAuth),
    )
    .addOption(
      new Option('--http2 <bool>', 'offer HTTP/2 (ALPN h2) next to HTTP/1.1 on the secure port')
        .choices(['true', 'false'])
        .default(SERVE_DEFAULTS.http2),
    )
    .option(
      '--watch-history-revisions <n>',
      'revisions of history kept for watches; a watch from an older resourceVersion gets 410 Expired',
      positiveInt,
      SERVE_DEFAULTS.watchHistoryRevisions,
    )
    .option(
      '--compaction-interval <seconds>',
      'how often history beyond the window is dropped',
      positiveInt,
      SERVE_DEFAULTS.compactionInterval,
    )
    .option(
      '--watch-bookmark-interval <seconds>',
      'how often a watch that allows bookmarks gets a BOOKMARK event',
      positiveInt,
      SERVE_DEFAULTS.watchBookmarkInterval,
    )
    .option(
      '--authorization-cache-size <n>',
      'logical clusters whose RBAC stays indexed in memory (least recently used dropped beyond it)',
      positiveInt,
      SERVE_DEFAULTS.authorizationCacheSize,
    )
    .option(
      '--max-requests-inflight <n>',
      'non-mutating requests in flight at once (watches not counted) before 429 (kube-apiserver flag; 0: no limit)',
      nonNegativeInt,
      SERVE_DEFAULTS.maxRequestsInflight,
    )
    .option(
      '--max-mutating-requests-inflight <n>',
      'mutating requests in flight at once before 429 (kube-apiserver flag; 0: no limit)',
      nonNegativeInt,
      SERVE_DEFAULTS.maxMutatingRequestsInflight,
    )
    .option(
      '--home-workspaces-home-creator-groups <groups>',
      homeCreatorGroupsHelp,
      SERVE_DEFAULTS.homeWorkspacesHomeCreatorGroups,
    )
    .option('--token-auth-file <file>', tokenAuthFileHelp)
    .option('--client-ca-file <file>', clientCAFileHelp)
    .action((opts: ServeFlags) => runServer(opts));
}

/**
 * `start`: the same server under kcp's command name and flag names, so anything that spawns a
 * kcp binary (`kcp start --root-directory ... --secure-port ...`, e.g. the harness's kcp-binary
 * target) can spawn this one. Flags that only make sense for kcp (its embedded etcd, batteries,
 * feature gates) are accepted and ignored; the rest take serve's defaults.
 */
export function startCommand(): Command {
  const ignored = 'accepted for compatibility with kcp start; ignored';
  return new Command('start')
    .description('run the reference server with the flag names of `kcp start`')
    .option('--root-directory <dir>', 'directory for the store, certificates and admin.kubeconfig', '.kcp')
    .option('--bind-address <address>', 'address to listen on', '127.0.0.1')
    .option('--secure-port <port>', 'HTTPS port (0 picks a free port)', port, 6443)
    .option('--embedded-etcd-client-port <port>', ignored)
    .option('--embedded-etcd-peer-port <port>', ignored)
    .option('--batteries-included <list>', ignored)
    .option('--feature-gates <gates>', ignored)
    .option('--token-auth-file <file>', tokenAuthFileHelp)
    .option('--client-ca-file <file>', clientCAFileHelp)
    .option(
      '--home-workspaces-home-creator-groups <groups>',
      homeCreatorGroupsHelp,
      SERVE_DEFAULTS.homeWorkspacesHomeCreatorGroups,
    )
    .action(
      (
        opts: Pick<
          ServeFlags,
          | 'rootDirectory'
          | 'bindAddress'
          | 'securePort'
          | 'tokenAuthFile'
          | 'clientCaFile'
          | 'homeWorkspacesHomeCreatorGroups'
        >,
      ) =>
        runServer({
          ...SERVE_DEFAULTS,
          rootDirectory: opts.rootDirectory,
          bindAddress: opts.bindAddress,
          securePort: opts.securePort,
          homeWorkspacesHomeCreatorGroups: opts.homeWorkspacesHomeCreatorGroups,
          ...(opts.tokenAuthFile ? { tokenAuthFile: opts.tokenAuthFile } : {}),
          ...(opts.clientCaFile ? { clientCaFile: opts.clientCaFile } : {}),
        }),
    );
}
