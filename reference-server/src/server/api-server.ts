// Assembles one reference server: store, PKI, identities, the handler chain, controllers,
// and the HTTPS listener. Returns what callers need to reach it and a close() that shuts it
// down in order (stop accepting, end watches, stop controllers, close the store).

import { mkdirSync } from 'node:fs';
import { createSecureServer } from 'node:http2';
import { createServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { resolve } from 'node:path';
import { admissionChain } from '../admission/admission.js';
import { namespaceLifecycle } from '../admission/namespace-lifecycle.js';
import { csrRequestor } from '../admission/csr-requestor.js';
import { resourceQuotaAdmission } from '../admission/resource-quota.js';
import { reservedMetadata } from '../admission/reserved-metadata.js';
import { logicalClusterAdmission } from '../admission/logical-cluster-admission.js';
import { defaultInFlightLimits, withMaxInFlight, type InFlightLimits } from './filters/max-in-flight.js';
import { loadAdminIdentities, serverURL, writeAdminKubeconfig } from '../admin-kubeconfig.js';
import { createRequestAuthenticator } from '../authn/request-authenticator.js';
import { ensureServiceAccountKey } from '../authn/service-account-key.js';
import { loadTokenFile } from '../authn/token-file.js';
import { tokenRequestCreator } from '../authn/token-request.js';
import { startServiceAccountTokenController } from '../controllers/serviceaccount-token-controller.js';
import { defaultAuthorizer } from '../authz/authorizer.js';
import {
  kcpAuthorizer,
  kcpRoleRefResolver,
  kcpRuleResolver,
  rbacOnlyAuthorizer,
} from '../authz/kcp-chain.js';
import { rbacEscalation } from '../admission/rbac-escalation.js';
import { createPolicyCache } from '../authz/policy-cache.js';
import { ensureServingPKI, loadClientCA } from '../certs.js';
import { bootstrapRoot, publishRootURL } from '../controllers/bootstrap.js';
import { bootstrapAuthorizationPolicy } from '../controllers/bootstrap-policy.js';
import { authenticatedGroup } from '../authn/user.js';
import { startLogicalClusterController } from '../controllers/logicalcluster-controller.js';
import { startNamespaceDefaultsController } from '../controllers/namespace-defaults-controller.js';
import { startResourceQuotaController } from '../controllers/resourcequota-controller.js';
import { startEventTTLController } from '../controllers/event-ttl-controller.js';
import { startWorkspaceController } from '../controllers/workspace-controller.js';
import { startWorkspaceTypeController } from '../controllers/workspacetype-controller.js';
import { workspaceAdmission } from '../admission/workspace-admission.js';
import { resolveClusterPath } from '../tenancy/paths.js';
import { createInactiveClusters } from '../tenancy/inactive-clusters.js';
import { type Controller, startNamespaceController } from '../controllers/namespace-controller.js';
import { startGarbageCollector } from '../controllers/garbage-collector.js';
import { createMetrics, registerAuthorizationCacheMetrics } from '../metrics.js';
import { builtinTypes, createCatalog } from '../registry/catalog.js';
import { createCRDTypeCache } from '../apiextensions/crd-cache.js';
import { installAPIs } from '../apis/group.js';
import { startCRDController } from '../controllers/crd-controller.js';
import { openStore, startCompactor, type StoreKind } from '../storage/index.js';
import { chain, type RequestContext } from './context.js';
import { asHttp1 } from './http2-compat.js';
import { withAuthentication } from './filters/authentication.js';
import { withAuthorization } from './filters/authorization.js';
import { withClusterResolution } from './filters/cluster.js';
import { withImpersonation } from './filters/impersonation.js';
import { withInactiveClusters } from './filters/inactive-cluster.js';
import { withServiceAccountRewrite } from './filters/service-account-rewrite.js';
import { withStatusErrors } from './filters/errors.js';
import { withVirtualWorkspaces } from './filters/virtual-workspaces.js';
import { apiExportVirtualWorkspace, apiExportVirtualWorkspaceName } from '../virtual/apiexport/workspace.js';
import {
  initializingWorkspacesName,
  initializingWorkspacesVirtualWorkspace,
} from '../virtual/initializingworkspaces/workspace.js';
import {
  terminatingWorkspacesName,
  terminatingWorkspacesVirtualWorkspace,
} from '../virtual/terminatingworkspaces/workspace.js';
import { withMetrics } from './filters/metrics.js';
import { withRequestInfo } from './filters/request-info.js';
import { withShardLevelPaths } from './filters/shard-level-paths.js';
import { subresourceKey } from './resource-handler.js';
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
  /** --token-auth-file: static token users (Kubernetes CSV), besides the admin identities. */
  tokenAuthFile?: string;
  /** --client-ca-file: CA bundle client certificates must verify against (default: <root>/ca.crt). */
  clientCAFile?: string;
  /** History kept for watches, in revisions; older resourceVersions get 410 Expired. */
  watchHistoryRevisions?: number;
  compactionIntervalMs?: number;
  watchLimits?: Partial<WatchLimits>;
  /** Groups whose members get a home workspace (kcp --home-workspaces-home-creator-groups). */
  homeCreatorGroups?: string[];
  /** Logical clusters whose RBAC the authorizer keeps indexed (least recently used dropped). */
  authorizationCacheSize?: number;
  /** Serve HTTP/2 (ALPN h2) next to HTTP/1.1 on the secure port (default true). */
  http2?: boolean;
  /** --max-requests-inflight and --max-mutating-requests-inflight (0: no limit). */
  inFlightLimits?: Partial<InFlightLimits>;
  log?: (msg: string) => void;
}

export const defaultAuthorizationCacheSize = 4096;

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
  // Bad authentication configuration stops the start before anything is opened.
  const tokenFile = options.tokenAuthFile ? loadTokenFile(options.tokenAuthFile) : undefined;
  for (const w of tokenFile?.warnings ?? []) log(w);
  const externalClientCA = options.clientCAFile ? loadClientCA(options.clientCAFile) : undefined;
  const serviceAccountKeyReady = ensureServiceAccountKey(dir);
  serviceAccountKeyReady.catch(() => undefined); // awaited below; an earlier failure must win

  const store = await openStore({ kind: options.store, directory: dir });
  const stopCompactor = startCompactor(store, {
    retainRevisions: options.watchHistoryRevisions ?? 100_000,
    intervalMs: options.compactionIntervalMs ?? 60_000,
  });
  // Each logical cluster's Established CRDs join the built-ins (bounded cache, see crd-cache.ts).
  const crdTypes = await createCRDTypeCache(store, { maxClusters: 4096 });
  const policies = await createPolicyCache(store, {
    maxClusters: options.authorizationCacheSize ?? defaultAuthorizationCacheSize,
  });
  // RBAC of one logical cluster without the workspace gates: kcp's deep SubjectAccessReview.
  const rbacOnly = defaultAuthorizer(rbacOnlyAuthorizer(policies));
  // API groups beyond the built-ins, each one module (types, admission, authorization, controllers).
  const apis = await installAPIs({ store, crdTypes, maxClusters: 4096, rbacOnly });
  // A workspace serves the built-ins and apis.kcp.io, then what its APIBindings bind, then its own
  // CRDs (a CRD over a bound resource is never Established, see crd-controller.ts).
  const catalog = createCatalog(
    [...builtinTypes, ...apis.types],
    async (cluster) => [...(await apis.boundTypes(cluster)), ...(await crdTypes.get(cluster)).types],
    apis.wildcardType,
  );
  await bootstrapRoot(store);
  await bootstrapAuthorizationPolicy(store, {
    homeCreatorGroups: options.homeCreatorGroups ?? [authenticatedGroup],
  });
  await apis.bootstrap();
  const controllers: Controller[] = [
    await startNamespaceController(store, catalog, log),
    await startGarbageCollector({ store, catalog, log }),
    await startCRDController({ store, log, hooks: apis.crdHooks }),
  ];

  const pki = await ensureServingPKI(dir, options.bindAddress);
  const ids = loadAdminIdentities(dir);
  const serviceAccountKey = await serviceAccountKeyReady;
  const authenticate = createRequestAuthenticator({
    // The admin identities win over a token file entry with the same token.
    staticTokens: new Map([...(tokenFile?.tokens ?? []), ...ids.tokens]),
    store,
    serviceAccountKey,
  });
  const metrics = createMetrics();
  registerAuthorizationCacheMetrics(metrics.registry, () => policies.stats());
  const authorize = defaultAuthorizer(apis.authorizer(kcpAuthorizer(policies)));
  const inactiveClusters = await createInactiveClusters(store, {
    maxClusters: options.authorizationCacheSize ?? defaultAuthorizationCacheSize,
  });
  // Served under /services/<name>/ by the same chain, each with its own types and authorization.
  const virtualWorkspaces = new Map([
    [apiExportVirtualWorkspaceName, apiExportVirtualWorkspace({ store, authorize, rbacOnly })],
    [initializingWorkspacesName, initializingWorkspacesVirtualWorkspace({ store, authorize })],
    [terminatingWorkspacesName, terminatingWorkspacesVirtualWorkspace({ store, authorize })],
  ]);
  let ready = false;
  let externalURL = '';

  const handler = chain(
    [
      withStatusErrors(log),
      withMetrics(metrics),
      // In-cluster service-account requests get their /clusters/<cluster> prefix first.
      withServiceAccountRewrite,
      withRequestInfo,
      // kcp resolves the cluster path (400 invalid, 404 unknown workspace path) and answers
      // shard-level paths before it authenticates; anonymous callers see those answers too.
      withShardLevelPaths,
      withClusterResolution((path) => resolveClusterPath(store, path)),
      // kcp refuses requests into inactive logical clusters before it authenticates them.
      withInactiveClusters(inactiveClusters),
      withAuthentication(authenticate, { anonymous: options.anonymousAuth ?? true }),
      withImpersonation(authorize),
      // Past the limits a request gets 429 at once rather than a place in an unbounded queue.
      withMaxInFlight({ ...defaultInFlightLimits, ...options.inFlightLimits }),
      withVirtualWorkspaces(virtualWorkspaces),
      withAuthorization(authorize, (seconds, decision) =>
        metrics.authorizationDuration.observe({ decision }, seconds),
      ),
    ],
    routes({
      externalURL: () => externalURL,
      store,
      catalog,
      metrics,
      admit: admissionChain([
        namespaceLifecycle(store),
        csrRequestor,
        reservedMetadata,
        workspaceAdmission(store, rbacOnly),
        apis.admission,
        logicalClusterAdmission,
        rbacEscalation({
          authorize,
          rules: kcpRuleResolver(policies),
          roleRef: kcpRoleRefResolver(policies),
        }),
        resourceQuotaAdmission(store),
      ]),
      watchLimits: { ...defaultWatchLimits, ...options.watchLimits },
      ready: () => ready,
      authorize,
      rules: kcpRuleResolver(policies),
      subresourceCreators: new Map([
        [
          subresourceKey('', 'serviceaccounts', 'token'),
          tokenRequestCreator({ store, key: serviceAccountKey }),
        ],
      ]),
    }),
  );

  // Client certificates are asked for, not required; authentication decides what a missing or
  // unverified one means. `ca` is what they are verified against.
  const tlsOptions = {
    cert: pki.certPem,
    key: pki.keyPem,
    ca: externalClientCA ?? pki.caPem,
    requestCert: true,
    rejectUnauthorized: false,
  };
  // HTTP/2 (what Go clients such as kubectl negotiate) and HTTP/1.1 share the port; handlers see
  // node:http's request and response API either way (http2-compat.ts).
  const server =
    options.http2 === false
      ? createServer(tlsOptions, (req, res) => void handler({ req, res } as RequestContext))
      : createSecureServer({ ...tlsOptions, allowHTTP1: true }, (req, res) => {
          void handler(asHttp1(req, res) as RequestContext);
        });
  // Every TLS connection, whichever protocol it speaks, so close() can end them all.
  const sockets = new Set<Socket>();
  server.on('secureConnection', (socket: Socket) => {
    // Watch events and small answers go out at once, not held back by Nagle's algorithm (about
    // 40 ms on an HTTP/1.1 watch whose first events are small); Go's net/http does the same.
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  // Watches are long-lived; Node's default request timeout would cut them. With allowHTTP1 the
  // HTTP/2 server hands HTTP/1.1 connections to node:http, which reads these same fields.
  const http1 = server as unknown as {
    requestTimeout: number;
    headersTimeout: number;
    keepAliveTimeout: number;
  };
  http1.requestTimeout = 0;
  http1.headersTimeout = 60_000;
  http1.keepAliveTimeout = 65_000;
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
    await startResourceQuotaController({ store, log }),
    startEventTTLController({ store, log }),
    await startWorkspaceTypeController({ store, externalURL: url, log }),
    await startServiceAccountTokenController({ store, caPem: pki.caPem, key: serviceAccountKey, log }),
    ...(await apis.startControllers({ externalURL: url, log })),
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
        policies.stop();
        inactiveClusters.stop();
        crdTypes.stop();
        apis.stop();
        stopCompactor();
        await store.close(); // ends every open watch
        for (const socket of sockets) socket.destroy();
        await closed;
      })();
      return closing;
    },
  };
}
