// kcp's own kinds the server builds in (tenancy.kcp.io Workspace and WorkspaceType,
// core.kcp.io LogicalCluster). kcp serves them from CRDs, so they are written the way a CRD
// schema is published: inline, with only metadata referring to ObjectMeta. Structure from the
// kcp SDK types (tenancy/v1alpha1, core/v1alpha1); the deepest parts are open objects.

import { crdName, kind, type Schema } from './schema-dsl.js';

const s = (description: string): Schema => ({ description, type: 'string' });
const b = (description: string): Schema => ({ description, type: 'boolean' });
const strings = (description: string): Schema => ({ description, type: 'array', items: { type: 'string' } });
const obj = (description: string, properties: Record<string, Schema>, required?: string[]): Schema => ({
  description,
  type: 'object',
  ...(required ? { required } : {}),
  properties,
});
const open = (description: string): Schema => ({
  description,
  type: 'object',
  'x-kubernetes-preserve-unknown-fields': true,
});
const openList = (description: string): Schema => ({ description, type: 'array', items: open('') });
const typeReference = (description: string): Schema =>
  obj(
    description,
    { name: s('The name of the WorkspaceType.'), path: s('The workspace path the type lives in.') },
    ['name'],
  );
const conditions: Schema = {
  description: 'The latest observations of the object’s state.',
  type: 'array',
  items: obj(
    'One observation of the object’s state.',
    {
      lastTransitionTime: {
        description: 'When the condition last changed status.',
        type: 'string',
        format: 'date-time',
      },
      message: s('A human-readable explanation.'),
      reason: s('A machine-readable reason, in CamelCase.'),
      severity: s('Error, Warning or Info, for False conditions.'),
      status: s('True, False or Unknown.'),
      type: s('The type of the condition, in CamelCase.'),
    },
    ['lastTransitionTime', 'status', 'type'],
  ),
};

const tenancy = (k: string) => ({ group: 'tenancy.kcp.io', version: 'v1alpha1', kind: k });
const core = (k: string) => ({ group: 'core.kcp.io', version: 'v1alpha1', kind: k });
const name = (g: { group: string; version: string; kind: string }) => crdName(g.group, g.version, g.kind);

export const kcpDefinitions: Record<string, Schema> = {
  [name(tenancy('Workspace'))]: kind(
    tenancy('Workspace'),
    'A Kubernetes-cluster-like endpoint with its own API surface, placed in the workspace tree.',
    {
      spec: obj('The desired workspace.', {
        URL: s('The address the workspace is served at. Set by the server.'),
        cluster: s('The logical cluster backing the workspace. Set by the server.'),
        location: obj('Where the workspace is scheduled.', {
          selector: open('A label selector of the shards the workspace may be placed on.'),
        }),
        mount: open('Mounts another object as the workspace instead of a logical cluster.'),
        type: typeReference('The WorkspaceType of the workspace. Immutable.'),
      }),
      status: obj('The observed workspace.', {
        conditions,
        initializers: strings('Initializers that still have to finish.'),
        phase: s('Scheduling, Initializing, Ready, Unavailable or Terminating.'),
        terminators: strings('Terminators that still have to finish.'),
      }),
    },
    ['spec'],
  ),
  [name(tenancy('WorkspaceType'))]: kind(
    tenancy('WorkspaceType'),
    'A type of workspace: defaults and constraints.',
    {
      spec: obj('The type.', {
        additionalWorkspaceLabels: {
          description: 'Labels added to workspaces of this type.',
          type: 'object',
          additionalProperties: { type: 'string' },
        },
        authenticationConfigurations: openList('Authentication configurations workspaces of this type use.'),
        defaultAPIBindingLifecycle: s('When default APIBindings are created.'),
        defaultAPIBindings: openList('APIExports bound in every workspace of this type.'),
        defaultChildWorkspaceType: typeReference('The type of child workspaces when they name none.'),
        extend: open('Types this type extends.'),
        initializer: b('Whether workspaces of this type wait for an initializer named after the type.'),
        initializerPermissions: openList('Rules granted to the initializer.'),
        limitAllowedChildren: open('Types allowed as children.'),
        limitAllowedParents: open('Types allowed as parents.'),
        terminator: b('Whether workspaces of this type wait for a terminator named after the type.'),
        terminatorPermissions: openList('Rules granted to the terminator.'),
      }),
      status: obj('The observed type.', {
        conditions,
        virtualWorkspaces: openList('Virtual workspace URLs of the type.'),
      }),
    },
  ),
  [name(core('LogicalCluster'))]: kind(
    core('LogicalCluster'),
    'The logical cluster that backs a workspace.',
    {
      spec: obj('The logical cluster.', {
        createdBy: open('The user that created the workspace.'),
        directlyDeletable: b('Whether the logical cluster may be deleted directly.'),
        initializers: strings('Initializers of the logical cluster.'),
        owner: open('The workspace that owns the logical cluster.'),
        terminators: strings('Terminators of the logical cluster.'),
      }),
      status: obj('The observed logical cluster.', {
        URL: s('The address the logical cluster is served at.'),
        conditions,
        initializers: strings('Initializers that still have to finish.'),
        phase: s('Scheduling, Initializing, Ready, Unavailable or Terminating.'),
        terminators: strings('Terminators that still have to finish.'),
      }),
    },
  ),
};
