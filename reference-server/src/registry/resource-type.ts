// A resource type is data. Built-in types, CRDs and APIResourceSchemas bound through
// APIBindings all become one of these, so discovery, validation, storage and watch treat them
// the same way. Per-type behaviour lives in the strategy, a record of plain functions.

import type { KubeObject } from '../api/types.js';
import type { UserInfo } from '../authn/user.js';
import type { Authorizer, RuleResolver } from '../authz/authorizer.js';
import type { JSONSchemaProps } from '../apiextensions/schema-types.js';
import type { Shape } from './decode-check.js';
import type { FieldError } from './field-errors.js';

export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

export interface ResourceNames {
  plural: string;
  singular: string;
  kind: string;
  listKind: string;
  shortNames?: string[];
  categories?: string[];
}

export interface ResourceStrategy {
  /** Validate a new object (metadata already normalised). Return field errors, empty if valid. */
  validateCreate(obj: KubeObject): FieldError[];
  /** Validate an update against the stored object. */
  validateUpdate(obj: KubeObject, old: KubeObject): FieldError[];
  /** Fill defaults and system fields on create (e.g. namespace phase). */
  prepareForCreate?(obj: KubeObject): void;
  /** Carry over fields a client may not change on update (e.g. status on the main resource). */
  prepareForUpdate?(obj: KubeObject, old: KubeObject): void;
  /**
   * Updates through a subresource other than status (certificatesigningrequests/approval): what
   * such a write takes from the body, and how it is validated.
   */
  subresourceUpdates?: Record<string, SubresourceUpdateStrategy>;
  /** True when a DELETE must only mark the object (set deletionTimestamp) and let a controller finish. */
  gracefulDelete?(obj: KubeObject): boolean;
  /**
   * Called on the stored object when a DELETE first arrives (before finalizers are looked at), so
   * a type can add its own finalizer or condition (CRDs: the instance cleanup finalizer).
   */
  prepareForDelete?(obj: KubeObject): void;
  /**
   * rest.GarbageCollectionDeleteStrategy: 'DeleteDependents' (background, the default),
   * 'OrphanDependents' (an `orphan` finalizer unless the delete asks otherwise: v1
   * ReplicationControllers) or 'Unsupported' (no GC finalizer ever: core/v1 Events).
   */
  garbageCollectionPolicy?: 'DeleteDependents' | 'OrphanDependents' | 'Unsupported';
}

export interface SubresourceUpdateStrategy {
  prepareForUpdate(obj: KubeObject, old: KubeObject): void;
  validateUpdate(obj: KubeObject, old: KubeObject): FieldError[];
}

export interface ResourceType {
  /** API group; '' for the core group. */
  group: string;
  /** The version served (one entry per served version). */
  version: string;
  /** True for the storage version; objects are stored in this version. */
  storageVersion: boolean;
  names: ResourceNames;
  namespaced: boolean;
  verbs: Verb[];
  /** Subresources served, e.g. ['status']. */
  subresources: string[];
  /**
   * Subresources whose body is another kind, as discovery lists them (serviceaccounts/token:
   * create of an authentication.k8s.io/v1 TokenRequest). Served by the resource handler's
   * subresource creators, not by the generic verbs.
   */
  kindedSubresources?: Record<string, { group: string; version: string; kind: string; verbs: string[] }>;
  strategy: ResourceStrategy;
  /** JSON types of the top-level fields besides apiVersion/kind/metadata (see decode-check.ts). */
  fields: Record<string, Shape>;
  /** Columns of Table responses after the implicit Name column (kubectl get). */
  columns: TableColumn[];
  /** Fields usable in field selectors besides metadata.name/metadata.namespace. */
  selectableFields?: Record<string, (obj: KubeObject) => string>;
  /**
   * True for kinds kube registers a field label conversion for (core Events, ...): an unknown
   * field selector is refused with "field label not supported: <field>".
   */
  fieldLabelConversion?: boolean;
  /**
   * For review types (SelfSubjectReview, SubjectAccessReview, ...): create computes an answer
   * from the request and the caller, and nothing is stored.
   */
  review?(request: KubeObject, ctx: ReviewContext): KubeObject | Promise<KubeObject>;
  /**
   * The structural OpenAPI v3 schema of the whole object, when the type has one (CRD-served
   * types). Validation, pruning, defaulting, server-side apply's list types and the OpenAPI
   * documents read it; built-ins describe themselves through `fields` and openapi/ instead.
   */
  schema?: JSONSchemaProps;
  /**
   * Discovery's storageVersionHash when it is not kube-apiserver's "<group>/<version>/<kind>" hash
   * (CRD-served types: kcp hashes the logical cluster and the storage version in).
   */
  storageVersionHash?: string;
  /** Name validation rule for metadata.name. */
  nameValidation: 'DNS1123Subdomain' | 'DNS1123Label' | 'PathSegmentName';
  /**
   * The storage this type shares with another API, when it is not its own (events.k8s.io/v1
   * Events live with core/v1 Events under /registry/core/events). Keys use it; errors and
   * discovery keep the type's own group and resource.
   */
  storage?: StorageLocation;
  /**
   * Converts a stored object written through another API of the same storage (its apiVersion is
   * not this type's) into this type's shape. Objects keep the version they were written in, so
   * every API sharing a storage converts on read (codec.ts decodeObject).
   */
  fromStorage?(stored: KubeObject): KubeObject;
  /**
   * Converts an object of this type's version into the storage version before it is written,
   * for types whose storage version is another version of the same kind (the inverse of
   * fromStorage, which then converts every read).
   */
  toStorage?(obj: KubeObject): KubeObject;
  /**
   * True while what defines the type is being deleted (a Terminating CRD, an APIBinding being
   * deleted): discovery lists no create, update or patch, and the strategy refuses creates.
   */
  terminating?: boolean;
  /**
   * The objects this API shows of its storage, when not all (a virtual workspace's view: kcp's
   * APIExport virtual workspace shows only the APIBindings to its export). Lists and watches skip
   * the others and a get answers them NotFound.
   */
  visible?(obj: KubeObject): boolean;
  /**
   * In a watch, the objects whose coming and going make ADDED and DELETED, when that is not
   * `visible`; `visible` then only decides which events are sent. kcp's terminating workspaces
   * view selects by label in storage and drops events without a deletionTimestamp after that, so
   * a deletion reaches its watchers as MODIFIED.
   */
  watchSelect?(obj: KubeObject): boolean;
  /** False when Tables have no leading Name column (core Events print Name last, at priority 1). */
  nameColumn?: boolean;
}

export interface StorageLocation {
  group: string;
  resource: string;
}

/** What a review is answered from: the caller, where it asked, and the server's authorizer. */
export interface ReviewContext {
  user: UserInfo;
  cluster: string;
  /** The namespace of the request URL ('' for cluster-scoped reviews). */
  namespace: string;
  authorize: Authorizer;
  rules: RuleResolver;
}

/** `group/version` as used in apiVersion ('v1' for the core group). */
export function groupVersion(t: Pick<ResourceType, 'group' | 'version'>): string {
  return t.group === '' ? t.version : `${t.group}/${t.version}`;
}

export interface TableColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format?: string;
  description: string;
  priority: number;
  cell(obj: KubeObject): string | number | boolean | null;
}
