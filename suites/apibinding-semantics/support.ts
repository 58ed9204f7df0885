// What the apibinding-semantics tests share: the wire shapes of apis.kcp.io they read, a schema
// of our own (Cowhand, group frontier.example.dev, shaped like kcp's e2e cowboys fixture: one
// namespaced version v1alpha1, a status subresource, spec.task and status.outcome, printer
// columns and a selectable field), and the set-up steps: a provider workspace with a schema and
// an export, a consumer workspace that binds it, waiting for phase Bound and for the resource to
// be served. Provider and consumer workspaces are created inside the test's own workspace, so
// tests never share state; each consumer is fresh, so one group serves every test.
import { createHash } from 'node:crypto';
import { expect } from 'chai';
import type { TestContext } from '../framework/conformance-test.js';
import type { ApiResponse, ClusterClient } from '../framework/http/client.js';
import { describeResponse, expectStatusCode, type KubeList, type KubeObject } from '../framework/kube.js';
import { findCondition, type Condition, type CreatedWorkspace } from '../framework/tenancy.js';

export const APIS_GROUP = 'apis.kcp.io';
export const SCHEMAS_PATH = `/apis/${APIS_GROUP}/v1alpha1/apiresourceschemas`;
export const EXPORTS_PATH = `/apis/${APIS_GROUP}/v1alpha2/apiexports`;
export const EXPORTS_V1ALPHA1_PATH = `/apis/${APIS_GROUP}/v1alpha1/apiexports`;
export const BINDINGS_PATH = `/apis/${APIS_GROUP}/v1alpha2/apibindings`;
export const BINDINGS_V1ALPHA1_PATH = `/apis/${APIS_GROUP}/v1alpha1/apibindings`;
export const ENDPOINT_SLICES_PATH = `/apis/${APIS_GROUP}/v1alpha1/apiexportendpointslices`;

/** kcp: pkg/admission/apibindingfinalizer (added to every APIBinding). */
export const BINDING_FINALIZER = 'apis.kcp.io/apibinding-finalizer';
/** kcp: staging/src/github.com/kcp-dev/sdk/apis/apis/v1alpha2 (base62 SHA-224 of "<cluster>:<export>"). */
export const EXPORT_LABEL = 'internal.apis.kcp.io/export';

/** The exported API of these tests. */
export const GROUP = 'frontier.example.dev';
export const VERSION = 'v1alpha1';
export const PLURAL = 'cowhands';
export const KIND = 'Cowhand';
export const GROUP_VERSION = `/apis/${GROUP}/${VERSION}`;
export const collectionPath = (namespace: string): string =>
  `${GROUP_VERSION}/namespaces/${namespace}/${PLURAL}`;
export const objectPath = (namespace: string, name: string): string => `${collectionPath(namespace)}/${name}`;

/** An APIResourceSchema name: `<prefix>.<plural>.<group>` (kcp pkg/admission/apiresourceschema). */
export const schemaName = (prefix: string): string => `${prefix}.${PLURAL}.${GROUP}`;

export interface Cowhand extends KubeObject {
  spec?: { task?: string; [key: string]: unknown };
  status?: { outcome?: string; [key: string]: unknown };
}

export function cowhand(name: string, task = 'herd', extra: Partial<Cowhand> = {}): Cowhand {
  return { apiVersion: `${GROUP}/${VERSION}`, kind: KIND, metadata: { name }, spec: { task }, ...extra };
}

const stringProperty = { type: 'string' };

/** The schema of one version: spec.task, status.outcome, printer columns Task and Outcome. */
export function cowhandSchema(name: string): KubeObject {
  return {
    apiVersion: `${APIS_GROUP}/v1alpha1`,
    kind: 'APIResourceSchema',
    metadata: { name },
    spec: {
      group: GROUP,
      names: { kind: KIND, listKind: `${KIND}List`, plural: PLURAL, singular: 'cowhand' },
      scope: 'Namespaced',
      versions: [
        {
          name: VERSION,
          served: true,
          storage: true,
          schema: {
            type: 'object',
            description: 'A hand on the ranch.',
            properties: {
              apiVersion: stringProperty,
              kind: stringProperty,
              metadata: { type: 'object' },
              spec: { type: 'object', properties: { task: stringProperty } },
              status: { type: 'object', properties: { outcome: stringProperty } },
            },
          },
          subresources: { status: {} },
          additionalPrinterColumns: [
            { name: 'Task', type: 'string', jsonPath: '.spec.task' },
            { name: 'Outcome', type: 'string', jsonPath: '.status.outcome' },
            { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
          ],
          selectableFields: [{ jsonPath: '.spec.task' }],
        },
      ],
    },
  };
}

export interface ExportReference {
  path?: string;
  name: string;
}

export interface APIExport extends KubeObject {
  spec?: {
    resources?: { name: string; group: string; schema: string; storage?: Record<string, unknown> }[];
    latestResourceSchemas?: string[];
    identity?: { secretRef?: { namespace?: string; name?: string } };
    maximalPermissionPolicy?: { local?: Record<string, never> };
  };
  status?: { identityHash?: string; conditions?: Condition[] };
}

export interface BoundResource {
  group: string;
  resource: string;
  schema: { name: string; UID: string; identityHash: string };
  storageVersions?: string[];
}

/** A consumer's answer to a claim (APIBinding v1alpha2 spec.permissionClaims). */
export interface AcceptedClaim {
  group: string;
  resource: string;
  verbs: string[];
  state: 'Accepted' | 'Rejected';
  selector: { matchAll?: boolean; matchLabels?: Record<string, string> };
}

export interface APIBinding extends KubeObject {
  spec?: { reference?: { export?: ExportReference }; permissionClaims?: AcceptedClaim[] };
  status?: {
    phase?: string;
    apiExportClusterName?: string;
    boundResources?: BoundResource[];
    conditions?: Condition[];
    appliedPermissionClaims?: { group?: string; resource: string; verbs?: string[] }[];
  };
}

export interface EndpointSlice extends KubeObject {
  spec?: { export?: ExportReference };
  status?: { endpoints?: { url: string }[]; conditions?: Condition[] };
}

export interface ExportOptions {
  /** spec.maximalPermissionPolicy.local. */
  maximalPermissionPolicy?: boolean;
  /** spec.permissionClaims. */
  permissionClaims?: { group: string; resource: string; verbs: string[] }[];
}

export function exportObject(name: string, schema: string, options: ExportOptions = {}): APIExport {
  return {
    apiVersion: `${APIS_GROUP}/v1alpha2`,
    kind: 'APIExport',
    metadata: { name },
    spec: {
      resources: [{ name: PLURAL, group: GROUP, schema, storage: { crd: {} } }],
      ...(options.maximalPermissionPolicy ? { maximalPermissionPolicy: { local: {} } } : {}),
      ...(options.permissionClaims ? { permissionClaims: options.permissionClaims } : {}),
    },
  };
}

export function bindingObject(name: string, reference: ExportReference): APIBinding {
  return {
    apiVersion: `${APIS_GROUP}/v1alpha2`,
    kind: 'APIBinding',
    metadata: { name },
    spec: { reference: { export: reference } },
  };
}

/** A provider workspace with one schema and one export of it. */
export interface Provider {
  workspace: CreatedWorkspace;
  client: ClusterClient;
  /** Canonical path, for binding references. */
  path: string;
  /** Logical cluster name: what status.apiExportClusterName and endpoint URLs name. */
  clusterName: string;
  exportName: string;
  schemaName: string;
  identityHash: string;
}

export interface ProviderOptions extends ExportOptions {
  /** Default: a fresh workspace in the test's own workspace. */
  workspace?: CreatedWorkspace;
  exportName?: string;
  /** The schema name's prefix; default: a fresh one. */
  schemaPrefix?: string;
}

/** Creates (or reuses) a provider workspace, a schema and an export; waits for the export's identity. */
export async function createProvider(ctx: TestContext, options: ProviderOptions = {}): Promise<Provider> {
  const workspace = options.workspace ?? (await ctx.createWorkspace(ctx.uniqueName('kh-provider')));
  const { client } = workspace;
  const schema = schemaName(options.schemaPrefix ?? ctx.uniqueName('s'));
  expectStatusCode(await client.post(SCHEMAS_PATH, cowhandSchema(schema)), 201);
  const exportName = options.exportName ?? ctx.uniqueName('kh-cowhands');
  expectStatusCode(await client.post(EXPORTS_PATH, exportObject(exportName, schema, options)), 201);
  const identityHash = await waitForIdentity(ctx, client, exportName);
  return {
    workspace,
    client,
    path: workspace.path,
    clusterName: workspace.clusterName,
    exportName,
    schemaName: schema,
    identityHash,
  };
}

/** Polls the export until status.identityHash is set; returns it. */
export async function waitForIdentity(
  ctx: TestContext,
  client: ClusterClient,
  exportName: string,
): Promise<string> {
  return ctx.eventually(
    async () => {
      const response = await client.get<APIExport>(`${EXPORTS_PATH}/${exportName}`);
      const body = expectStatusCode(response, 200);
      expect(body.status?.identityHash, `status.identityHash of APIExport ${exportName}`)
        .to.be.a('string')
        .and.not.equal('');
      return body.status!.identityHash!;
    },
    { description: `APIExport ${exportName} has status.identityHash` },
  );
}

/** A consumer workspace with a namespace for the bound objects. */
export interface Consumer {
  workspace: CreatedWorkspace;
  client: ClusterClient;
  namespace: string;
}

export async function createConsumer(ctx: TestContext, prefix = 'kh-consumer'): Promise<Consumer> {
  const workspace = await ctx.createWorkspace(ctx.uniqueName(prefix));
  const namespace = ctx.uniqueName('kh-ns');
  expectStatusCode(
    await workspace.client.post('/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace },
    }),
    201,
  );
  return { workspace, client: workspace.client, namespace };
}

/** POST an APIBinding to the provider's export; returns the answer as it is. */
export function postBinding(
  client: ClusterClient,
  name: string,
  reference: ExportReference,
): Promise<ApiResponse<APIBinding>> {
  return client.post<APIBinding>(BINDINGS_PATH, bindingObject(name, reference));
}

export const referenceTo = (provider: Provider): ExportReference => ({
  path: provider.path,
  name: provider.exportName,
});

/** Reads an APIBinding; asserts 200. */
export async function readBinding(client: ClusterClient, name: string): Promise<APIBinding> {
  return expectStatusCode(await client.get<APIBinding>(`${BINDINGS_PATH}/${name}`), 200);
}

/** Polls the binding until it is Bound with InitialBindingCompleted=True; returns it. */
export function waitBound(ctx: TestContext, client: ClusterClient, name: string): Promise<APIBinding> {
  return ctx.eventually(
    async () => {
      const binding = await readBinding(client, name);
      expect(
        binding.status?.phase,
        `phase of APIBinding ${name}: ${JSON.stringify(binding.status)}`,
      ).to.equal('Bound');
      expect(findCondition(binding, 'InitialBindingCompleted')?.status, 'InitialBindingCompleted').to.equal(
        'True',
      );
      return binding;
    },
    { description: `APIBinding ${name} Bound` },
  );
}

/** Polls until the condition has the status (and reason, when given); returns the binding. */
export function waitBindingCondition(
  ctx: TestContext,
  client: ClusterClient,
  name: string,
  type: string,
  status: string,
  reason?: string,
): Promise<APIBinding> {
  return ctx.eventually(
    async () => {
      const binding = await readBinding(client, name);
      const condition = findCondition(binding, type);
      const what = `condition ${type} of APIBinding ${name}: ${JSON.stringify(binding.status?.conditions)}`;
      expect(condition?.status, what).to.equal(status);
      if (reason !== undefined) expect(condition?.reason, what).to.equal(reason);
      return binding;
    },
    { description: `APIBinding ${name} ${type}=${status}${reason ? ` (${reason})` : ''}` },
  );
}

/** Waits until the bound collection answers a list in the namespace. */
export async function waitServed(ctx: TestContext, client: ClusterClient, namespace: string): Promise<void> {
  await ctx.eventually(
    async () => {
      const response = await client.get<KubeList>(collectionPath(namespace));
      expect(response.status, describeResponse(response)).to.equal(200);
    },
    { description: `${collectionPath(namespace)} served` },
  );
}

/** Binds the provider's export from the consumer, waits for Bound and for the resource to be served. */
export async function bindAndWait(
  ctx: TestContext,
  consumer: Consumer,
  provider: Provider,
  name = ctx.uniqueName('kh-binding'),
): Promise<APIBinding> {
  // The export reaches the consumer's shard through kcp's cache server; until it does, the
  // create is refused as if the export were missing (403).
  await ctx.eventually(
    async () => {
      const response = await postBinding(consumer.client, name, referenceTo(provider));
      expect(response.status, describeResponse(response)).to.equal(201);
    },
    { description: `create APIBinding ${name} to ${provider.path}:${provider.exportName}` },
  );
  const binding = await waitBound(ctx, consumer.client, name);
  await waitServed(ctx, consumer.client, consumer.namespace);
  return binding;
}

/** A provider, a consumer, and a Bound binding between them. */
export interface BoundSetup {
  provider: Provider;
  consumer: Consumer;
  binding: APIBinding;
  bindingName: string;
}

export async function boundSetup(ctx: TestContext, options: ProviderOptions = {}): Promise<BoundSetup> {
  const provider = await createProvider(ctx, options);
  const consumer = await createConsumer(ctx);
  const bindingName = ctx.uniqueName('kh-binding');
  const binding = await bindAndWait(ctx, consumer, provider, bindingName);
  return { provider, consumer, binding, bindingName };
}

/** The resources /apis/<group>/<version> lists; none when it answers 404 (kcp answers an empty list). */
export async function discoveredResources(
  client: ClusterClient,
): Promise<{ name: string; verbs?: string[]; namespaced?: boolean; kind?: string }[]> {
  const response = await client.get<{
    resources?: { name: string; verbs?: string[]; namespaced?: boolean; kind?: string }[];
  }>(GROUP_VERSION);
  if (response.status === 404) return [];
  expect(response.status, describeResponse(response)).to.equal(200);
  return response.body.resources ?? [];
}

/** The group names /apis lists. */
export async function discoveredGroups(client: ClusterClient): Promise<string[]> {
  const response = await client.get<{ groups?: { name: string }[] }>('/apis');
  return (expectStatusCode(response, 200).groups ?? []).map((group) => group.name);
}

/** The paths of the /openapi/v3 index. */
export async function openapiPaths(client: ClusterClient): Promise<string[]> {
  const response = await client.get('/openapi/v3');
  expect(response.status, describeResponse(response)).to.equal(200);
  const index = JSON.parse(response.text) as { paths?: Record<string, unknown> };
  return Object.keys(index.paths ?? {});
}

/** An RBAC rule as sent; rbac-scoping's PolicyRule has no resourceNames. */
export interface Rule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
}

/** Creates a ClusterRole with the rules in the workspace the client addresses; asserts 201. */
export async function createRole(client: ClusterClient, name: string, rules: Rule[]): Promise<void> {
  const body = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name }, rules };
  expectStatusCode(await client.post('/apis/rbac.authorization.k8s.io/v1/clusterroles', body), 201);
}

/** The rule kcp's bind check asks for: bind on apiexports/<name> (kcp binding_permissions.go). */
export const bindRule = (exportName: string): Rule => ({
  verbs: ['bind'],
  apiGroups: [APIS_GROUP],
  resources: ['apiexports'],
  resourceNames: [exportName],
});

const BASE62 = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * The value kcp puts in label internal.apis.kcp.io/export: the SHA-224 of
 * "<export logical cluster>:<export name>" as a big-endian integer in base 62 (kcp
 * staging/src/github.com/kcp-dev/sdk/apis/apis/v1alpha2/permissionclaims/labels.go).
 */
export function exportLabelValue(clusterName: string, exportName: string): string {
  return base62Sha224(`${clusterName}:${exportName}`);
}

/**
 * The value of a claim label: base62 SHA-224 of the claim as Go marshals it with verbs nil
 * (`{"group":..,"resource":..,"verbs":null,"identityHash":..}`, empty group and identity left out;
 * kcp sdk apis/v1alpha2/permissionclaims/labels.go). Its key is
 * `claimed.internal.apis.kcp.io/<exportLabelValue>`.
 */
export function claimLabelValue(claim: { group?: string; resource: string; identityHash?: string }): string {
  const json: Record<string, unknown> = {};
  if (claim.group) json.group = claim.group;
  json.resource = claim.resource;
  json.verbs = null;
  if (claim.identityHash) json.identityHash = claim.identityHash;
  return base62Sha224(JSON.stringify(json));
}

function base62Sha224(input: string): string {
  const digest = createHash('sha224').update(input).digest('hex');
  let value = BigInt(`0x${digest}`);
  let text = '';
  while (value > 0n) {
    text = BASE62[Number(value % 62n)]! + text;
    value /= 62n;
  }
  return text || '0';
}
