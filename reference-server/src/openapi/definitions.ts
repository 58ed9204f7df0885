// The definition table: every component schema the server can describe, and how a served
// resource type maps to its kind's definition. Built-ins come from the tables in this
// directory; CRD-served types carry their own structural schema; anything else gets a
// permissive object schema so it still appears, with its group-version-kind, in the documents.

import type { JSONSchemaProps } from '../apiextensions/schema-types.js';
import type { ResourceType } from '../registry/resource-type.js';
import { coreDefinitions } from './definitions-core.js';
import { discoveryDefinitions } from './definitions-discovery.js';
import { admissionDefinitions, apiextensionsDefinitions } from './definitions-extensions.js';
import {
  authenticationDefinitions,
  authorizationDefinitions,
  certificatesDefinitions,
  coordinationDefinitions,
  eventsDefinitions,
  rbacDefinitions,
  scaleDefinitions,
} from './definitions-groups.js';
import { kcpDefinitions } from './definitions-kcp.js';
import { metaDefinitions } from './definitions-meta.js';
import { apiName, crdName, listKind, metaV1, ref, type GroupVersionKind, type Schema } from './schema-dsl.js';

export const builtinDefinitions: Readonly<Record<string, Schema>> = {
  ...metaDefinitions,
  ...discoveryDefinitions,
  ...coreDefinitions,
  ...rbacDefinitions,
  ...coordinationDefinitions,
  ...eventsDefinitions,
  ...authenticationDefinitions,
  ...authorizationDefinitions,
  ...certificatesDefinitions,
  ...admissionDefinitions,
  ...apiextensionsDefinitions,
  ...scaleDefinitions,
  ...kcpDefinitions,
};

const gvkKey = (g: GroupVersionKind) => `${g.group}/${g.version}/${g.kind}`;

/** group/version/kind → definition name, from the x-kubernetes-group-version-kind of each definition. */
const byGVK: ReadonlyMap<string, string> = (() => {
  const m = new Map<string, string>();
  for (const [name, schema] of Object.entries(builtinDefinitions)) {
    const gvks = schema['x-kubernetes-group-version-kind'] as GroupVersionKind[] | undefined;
    for (const g of gvks ?? []) m.set(gvkKey(g), name);
  }
  return m;
})();

/** The built-in definition name of a kind, if the table has one. */
export function builtinDefinitionName(gvk: GroupVersionKind): string | undefined {
  return byGVK.get(gvkKey(gvk));
}

/** The definitions a served type contributes: its kind and its list kind, by name. */
export interface TypeDefinitions {
  kindName: string;
  listName: string;
  /** Definitions this type brings itself (CRD schemas, permissive kinds, missing lists). */
  own: Record<string, Schema>;
  /**
   * True for types served like custom resources: CRD schemas, and kinds outside kube's own API
   * groups (kcp serves those from CRDs). Their operations offer no strategic merge patch, no
   * protobuf and no /watch/ paths.
   */
  custom: boolean;
}

export function definitionsFor(t: ResourceType): TypeDefinitions {
  const gvk = { group: t.group, version: t.version, kind: t.names.kind };
  const listGvk = { ...gvk, kind: t.names.listKind };
  // Kinds of kube's own API groups are served as built-ins (strategic merge patch, protobuf);
  // anything else the way kube serves a CRD, as kcp does for its own kinds.
  const builtinGroup = t.schema === undefined && (t.group === '' || t.group.endsWith('.k8s.io'));
  const builtin = t.schema === undefined ? builtinDefinitionName(gvk) : undefined;
  if (builtin !== undefined) {
    const listName = builtinDefinitionName(listGvk);
    if (listName !== undefined) return { kindName: builtin, listName, own: {}, custom: !builtinGroup };
    const ownList = crdName(t.group, t.version, t.names.listKind);
    const own = { [ownList]: listKind(listGvk, builtin, t.names.kind) };
    return { kindName: builtin, listName: ownList, own, custom: !builtinGroup };
  }
  const name = builtinGroup ? apiName : crdName;
  const kindName = name(t.group, t.version, t.names.kind);
  const listName = name(t.group, t.version, t.names.listKind);
  const kindSchema = t.schema !== undefined ? fromStructural(t.schema, gvk) : permissive(gvk);
  return {
    kindName,
    listName,
    own: { [kindName]: kindSchema, [listName]: listKind(listGvk, kindName, t.names.kind) },
    custom: !builtinGroup,
  };
}

const apiVersionProp = {
  description: 'APIVersion is the versioned schema of this representation of an object.',
  type: 'string',
};
const kindProp = {
  description: 'Kind is the REST resource this object represents, in CamelCase.',
  type: 'string',
};

/** A type the server serves without a schema: any fields are kept, so clients must not prune. */
function permissive(gvk: GroupVersionKind): Schema {
  return {
    description: `${gvk.kind} (${gvk.group || 'core'}/${gvk.version}); its fields are not described.`,
    type: 'object',
    properties: {
      apiVersion: apiVersionProp,
      kind: kindProp,
      metadata: ref(`${metaV1}ObjectMeta`, "Standard object's metadata."),
    },
    'x-kubernetes-preserve-unknown-fields': true,
    'x-kubernetes-group-version-kind': [gvk],
  };
}

/** A CRD's structural schema as a component: metadata points at ObjectMeta, as kube publishes it. */
function fromStructural(schema: JSONSchemaProps, gvk: GroupVersionKind): Schema {
  const copy = structuredClone(schema) as Schema;
  const properties = { ...((copy.properties as Record<string, Schema> | undefined) ?? {}) };
  properties.apiVersion = { ...apiVersionProp, ...(properties.apiVersion ?? {}) };
  properties.kind = { ...kindProp, ...(properties.kind ?? {}) };
  properties.metadata = ref(`${metaV1}ObjectMeta`, "Standard object's metadata.");
  return {
    ...copy,
    type: 'object',
    properties: Object.fromEntries(
      Object.entries(properties).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    ),
    'x-kubernetes-group-version-kind': [gvk],
  };
}
