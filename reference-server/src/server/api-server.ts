// Assembles one reference server: store, PKI, identities, the handler chain, controllers,
// and the HTTPS listener. Returns what callers need to reach it and a close() that shuts it
// down in order (stop accepting, end watches, stop controllers, close the store).

import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { admissionChain } from '../admission/admission.js';
import { namespaceLifecycle } from '../admission/namespace-lifecycle.js';
import { reservedMetadata } from '../admission/reserved-metadata.js';
import { loadAdminIdentities, serverURL, writeAdminKubeconfig } from '../admin-kubeconfig.js';
import { createTokenAuthenticator } from '../authn/token-authenticator.js';
import { defaultAuthorizer } from '../authz/authorizer.js';
import { ensureServingPKI } from '../certs.js';
import { bootstrapRoot, publishRootURL } from '../controllers/bootstrap.js';
import { startLogicalClusterController } from '../controllers/logicalcluster-controller.js';
import { startNamespaceDefaultsController } from '../controllers/namespace-defaults-controller.js';
import { startWorkspaceController } from '../controllers/workspace-controller.js';
import { startWorkspaceTypeController } from '../controllers/workspacetype-controller.js';
import { workspaceAdmission } from '../admission/workspace-admission.js';
import { keyFor } from '../registry/scope.js';
import { logicalClusterName, logicalClusterScope } from '../tenancy/keys.js';
import { resolveClusterPath } from '../tenancy/paths.js';
import { type Controller, startNamespaceController } from '../controllers/namespace-controller.js';
import { createMetrics } from '../metrics.js';
import { createCatalog } from '../registry/catalog.js';
import { openStore, startCompactor, type StoreKind } from '../storage/index.js';
import { chain, type RequestContext } from './context.js';
import { withAuthentication } from './filters/authentication.js';
import { withAuthorization } from './filters/authorization.js';
import { withClusterResolution } from './filters/cluster.js';
import { withStatusErrors } from './filters/errors.js';
import { withMetrics } from './filters/metrics.js';
import { withRequestInfo } from './filters/request-info.js';
import { withShardLevelPaths } from './filters/shard-level-paths.js';
import { routes } from './routes.js';
import { defaultWatchLimits, type WatchLimits } from '../watch/watch-handler.js';

export interface ApiServerOptions {
  rootDirectory: string;
  bindAddress: string;
  /** 0 picks a free port. */
  securePort: number;
  store: StoreKind;
  /**
   * Requests without credentials proceed as system:anonymous (kube-apiserver's and kcp's
   * default) and are refused by authorization with 403; false answers them 401.
   */
  anonymousAuth?: boolean;
  /** History kept for watches, in revisions; older resourceVersions get 410 Expired. */
  watchHistoryRevisions?: number;
  compactionIntervalMs?: number;
  watchLimits?: Partial<WatchLimits>;
  log?: (msg: string) => void;
}

export interface RunningApiServer {
  url: string;
  port: number;
  kubeconfigPath: string;
  close(): Promise<void>;
}

export async function startApiServer(options: ApiServerOptions): Promise<RunningApiServer> {
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const dir = resolve(options.rootDirectory);
  mkdirSync(dir, { recursive: true });

  const store = await openStore({ kind: options.store, directory: dir });
  const stopCompactor = startCompactor(store, {
    retainRevisions: options.watchHistoryRevisions ?? 100_000,
    intervalMs: options.compactionIntervalMs ?? 60_000,
  });
  const catalog = createCatalog();
  await bootstrapRoot(store);
  const controllers: Controller[] = [await startNamespaceController(store, catalog, log)];

  const pki = await ensureServingPKI(dir, options.bindAddress);
  const ids = loadAdminIdentities(dir);
  const metrics = createMetrics();
  const clusterExists = async (name: string) =>
    (await store.get(keyFor(logicalClusterScope(name), logicalClusterName))) !== undefined;
  let ready = false;
  let externalURL = '';

  const handler = chain(
    [
      withStatusErrors(log),
      withMetrics(metrics),
      withRequestInfo,
      // kcp resolves the cluster path (400 invalid, 404 unknown workspace path) and answers
      // shard-level paths before it authenticates; anonymous callers see those answers too.
      withShardLevelPaths,
      withClusterResolution((path) => resolveClusterPath(store, path)),
      withAuthentication(createTokenAuthenticator(ids.tokens), { anonymous: options.anonymousAuth ?? true }),
      withAuthorization(defaultAuthorizer(clusterExists)),
    ],
    routes({
      externalURL: () => externalURL,
      store,
      catalog,
      metrics,
      admit: admissionChain([namespaceLifecycle(store), reservedMetadata, workspaceAdmission(store)]),
      watchLimits: { ...defaultWatchLimits, ...options.watchLimits },
      ready: () => ready,
    }),
  );

  const server: Server = createServer({ cert: pki.certPem, key: pki.keyPem, ca: pki.caPem }, (req, res) => {
    void handler({ req, res } as RequestContext);
  });
  // Watches are long-lived; Node's default request timeout would cut them.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.securePort, options.bindAddress, () => ok());
  });
  const port = (server.address() as AddressInfo).port;
  const url = serverURL(options.bindAddress, port);
  externalURL = url;
  await publishRootURL(store, url);
  controllers.push(
    await startLogicalClusterController({ store, catalog, log }),
    await startWorkspaceController({ store, externalURL: url, log }),
    await startNamespaceDefaultsController({ store, catalog, caPem: pki.caPem, log }),
    await startWorkspaceTypeController({ store, log }),
  );
  // The kubeconfig is written only once the listener accepts connections: tools wait for it.
  const kubeconfigPath = writeAdminKubeconfig(dir, url, pki.caPem, ids);
  ready = true;

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    kubeconfigPath,
    close() {
      closing ??= (async () => {
        ready = false;
        const closed = new Promise<void>((ok) => server.close(() => ok()));
        for (const c of controllers) c.stop();
        stopCompactor();
        await store.close(); // ends every open watch
        server.closeAllConnections();
        await closed;
      })();
      return closing;
    },
  };
}
