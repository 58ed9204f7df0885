// core/v1 Event and events.k8s.io/v1 Event: two APIs over one storage (/registry/core/events),
// as in Kubernetes. An Event written through either API reads through the other with its fields
// renamed (note ↔ message, regarding ↔ involvedObject, reportingController ↔ reportingComponent,
// deprecatedSource/deprecatedFirstTimestamp/deprecatedLastTimestamp/deprecatedCount ↔
// source/firstTimestamp/lastTimestamp/count). Validation follows pkg/apis/core/validation
// ValidateEventCreate/Update: legacy rules for both APIs, strict rules for events.k8s.io only, with
// field paths in core/v1 names for both (as kube reports them). Tables follow printEvent: no
// leading Name column; Name comes last at priority 1. Field selectors are core's
// (ToSelectableFields); events.k8s.io accepts its own names for the same values.

import type { KubeObject } from '../../api/types.js';
import { humanDuration } from '../columns.js';
import type { Shape } from '../decode-check.js';
import { type FieldError, invalidValue, required } from '../field-errors.js';
import type { ResourceType, TableColumn } from '../resource-type.js';
import { dns1123SubdomainErrors, qualifiedKeyErrors } from '../validation.js';
import { microTime } from './leases.js';

type Fields = Record<string, unknown>;

const coreVersion = 'v1';
const eventsVersion = 'events.k8s.io/v1';

const objectReferenceShape: Shape = {
  struct: 'ObjectReference',
  fields: {
    kind: 'string',
    namespace: 'string',
    name: 'string',
    uid: 'string',
    apiVersion: 'string',
    resourceVersion: 'string',
    fieldPath: 'string',
  },
};
const sourceShape: Shape = { struct: 'EventSource', fields: { component: 'string', host: 'string' } };
const seriesShape: Shape = {
  struct: 'EventSeries',
  fields: { count: 'int32', lastObservedTime: 'microTime' },
};

const isObject = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

/** metav1.Time as Go writes it: RFC 3339 in UTC, whole seconds; null when unset. */
function goTime(v: unknown): string | null {
  if (typeof v !== 'string' || v === '') return null;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? v : new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** metav1.MicroTime as Go writes it; null when unset. */
function goMicroTime(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? microTime(v) : null;
}

/** An ObjectReference with Go's field order and its empty fields dropped (all are omitempty). */
function objectReference(v: unknown): Fields {
  const ref = isObject(v) ? v : {};
  const out: Fields = {};
  for (const k of ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath'])
    if (str(ref[k]) !== '') out[k] = ref[k];
  return out;
}

function eventSource(v: unknown): Fields {
  const s = isObject(v) ? v : {};
  const out: Fields = {};
  if (str(s.component) !== '') out.component = s.component;
  if (str(s.host) !== '') out.host = s.host;
  return out;
}

function series(v: unknown): Fields | undefined {
  if (!isObject(v)) return undefined;
  return { count: num(v.count), lastObservedTime: goMicroTime(v.lastObservedTime) };
}

/** Makes `obj` (the object being written) exactly `shaped`: Go drops what it does not know. */
function replaceWith(obj: KubeObject, shaped: KubeObject): void {
  for (const k of Object.keys(obj)) delete (obj as Fields)[k];
  Object.assign(obj, shaped);
}

/** Sets `key` unless the value is Go's zero value for an omitempty field. */
function put(out: Fields, key: string, v: unknown): void {
  if (v === undefined || v === null || v === '' || v === 0) return;
  out[key] = v;
}

/** A core/v1 Event as kube-apiserver serialises it: Go field order and non-omitempty zero values. */
export function shapeCoreEvent(obj: KubeObject): KubeObject {
  const e = obj as Fields;
  const out: Fields = { kind: obj.kind, apiVersion: obj.apiVersion, metadata: obj.metadata };
  out.involvedObject = objectReference(e.involvedObject);
  put(out, 'reason', e.reason);
  put(out, 'message', e.message);
  out.source = eventSource(e.source);
  out.firstTimestamp = goTime(e.firstTimestamp);
  out.lastTimestamp = goTime(e.lastTimestamp);
  put(out, 'count', e.count);
  put(out, 'type', e.type);
  out.eventTime = goMicroTime(e.eventTime);
  put(out, 'series', series(e.series));
  put(out, 'action', e.action);
  if (isObject(e.related)) out.related = objectReference(e.related);
  out.reportingComponent = str(e.reportingComponent);
  out.reportingInstance = str(e.reportingInstance);
  return out as KubeObject;
}

/** An events.k8s.io/v1 Event as kube-apiserver serialises it. */
export function shapeEventsV1Event(obj: KubeObject): KubeObject {
  const e = obj as Fields;
  const out: Fields = { kind: obj.kind, apiVersion: obj.apiVersion, metadata: obj.metadata };
  out.eventTime = goMicroTime(e.eventTime);
  put(out, 'series', series(e.series));
  put(out, 'reportingController', e.reportingController);
  put(out, 'reportingInstance', e.reportingInstance);
  put(out, 'action', e.action);
  put(out, 'reason', e.reason);
  out.regarding = objectReference(e.regarding);
  if (isObject(e.related)) out.related = objectReference(e.related);
  put(out, 'note', e.note);
  put(out, 'type', e.type);
  out.deprecatedSource = eventSource(e.deprecatedSource);
  out.deprecatedFirstTimestamp = goTime(e.deprecatedFirstTimestamp);
  out.deprecatedLastTimestamp = goTime(e.deprecatedLastTimestamp);
  put(out, 'deprecatedCount', e.deprecatedCount);
  return out as KubeObject;
}

/** events.k8s.io/v1 → core/v1 (Convert_v1_Event_To_core_Event). */
export function eventsV1ToCore(obj: KubeObject): KubeObject {
  const e = obj as Fields;
  return shapeCoreEvent({
    kind: 'Event',
    apiVersion: coreVersion,
    metadata: obj.metadata,
    involvedObject: e.regarding,
    reason: e.reason,
    message: e.note,
    source: e.deprecatedSource,
    firstTimestamp: e.deprecatedFirstTimestamp,
    lastTimestamp: e.deprecatedLastTimestamp,
    count: e.deprecatedCount,
    type: e.type,
    eventTime: e.eventTime,
    series: e.series,
    action: e.action,
    related: e.related,
    reportingComponent: e.reportingController,
    reportingInstance: e.reportingInstance,
  } as KubeObject);
}

/** core/v1 → events.k8s.io/v1 (Convert_core_Event_To_v1_Event). */
export function coreToEventsV1(obj: KubeObject): KubeObject {
  const e = obj as Fields;
  return shapeEventsV1Event({
    kind: 'Event',
    apiVersion: eventsVersion,
    metadata: obj.metadata,
    eventTime: e.eventTime,
    series: e.series,
    reportingController: e.reportingComponent,
    reportingInstance: e.reportingInstance,
    action: e.action,
    reason: e.reason,
    regarding: e.involvedObject,
    related: e.related,
    note: e.message,
    type: e.type,
    deprecatedSource: e.source,
    deprecatedFirstTimestamp: e.firstTimestamp,
    deprecatedLastTimestamp: e.lastTimestamp,
    deprecatedCount: e.count,
  } as KubeObject);
}

// Validation, on the core/v1 shape (kube validates its internal type, which core/v1 mirrors).

const reportingInstanceLimit = 128;
const actionLimit = 128;
const reasonLimit = 128;
const noteLimit = 1024;

/** legacyValidateEvent: what every Event must satisfy, whichever API wrote it. */
function legacyErrors(e: Fields, namespace: string, viaCore: boolean): FieldError[] {
  const out: FieldError[] = [];
  const involved = isObject(e.involvedObject) ? e.involvedObject : {};
  const involvedNs = str(involved.namespace);
  const nsMismatch = () =>
    invalidValue('involvedObject.namespace', involvedNs, 'does not match event.namespace');
  if (!e.eventTime) {
    // Old-style events: the namespaces must agree ("default" stands for "none" for old clients).
    if (involvedNs === '') {
      if (namespace !== '' && namespace !== 'default') out.push(nsMismatch());
    } else if (namespace !== involvedNs) out.push(nsMismatch());
  } else {
    if (involvedNs === '' && namespace !== 'default' && namespace !== 'kube-system') out.push(nsMismatch());
    const controllerField = viaCore ? 'reportingComponent' : 'reportingController';
    const controller = str(e.reportingComponent);
    if (controller === '') out.push(required(controllerField));
    for (const msg of qualifiedKeyErrors(controller))
      out.push(invalidValue(controllerField, controller, msg));
    const instance = str(e.reportingInstance);
    if (instance === '') out.push(required('reportingInstance'));
    if (instance.length > reportingInstanceLimit)
      out.push(
        invalidValue('reportingInstance', '', `can have at most ${reportingInstanceLimit} characters`),
      );
    const action = str(e.action);
    if (action === '') out.push(required('action'));
    if (action.length > actionLimit)
      out.push(invalidValue('action', '', `can have at most ${actionLimit} characters`));
    const reason = str(e.reason);
    if (reason === '') out.push(required('reason'));
    if (reason.length > reasonLimit)
      out.push(invalidValue('reason', '', `can have at most ${reasonLimit} characters`));
    if (str(e.message).length > noteLimit)
      out.push(invalidValue('message', '', `can have at most ${noteLimit} characters`));
  }
  for (const msg of dns1123SubdomainErrors(namespace)) out.push(invalidValue('namespace', namespace, msg));
  return out;
}

function seriesErrors(e: Fields): FieldError[] {
  if (!isObject(e.series)) return [];
  const out: FieldError[] = [];
  if (num(e.series.count) < 2) out.push(invalidValue('series.count', '', 'should be at least 2'));
  if (!e.series.lastObservedTime) out.push(required('series.lastObservedTime'));
  return out;
}

/** The strict rules of ValidateEventCreate for events.k8s.io/v1 writes. */
function strictCreateErrors(e: Fields): FieldError[] {
  const out = seriesErrors(e);
  if (!e.eventTime) out.push(required('eventTime'));
  const type = str(e.type);
  if (type !== 'Normal' && type !== 'Warning')
    out.push(invalidValue('type', '', `has invalid value: ${type}`));
  if (e.firstTimestamp) out.push(invalidValue('firstTimestamp', '', 'needs to be unset'));
  if (e.lastTimestamp) out.push(invalidValue('lastTimestamp', '', 'needs to be unset'));
  if (num(e.count) !== 0) out.push(invalidValue('count', '', 'needs to be unset'));
  const source = isObject(e.source) ? e.source : {};
  if (str(source.component) !== '' || str(source.host) !== '')
    out.push(invalidValue('source', '', 'needs to be unset'));
  return out;
}

const immutableOnUpdate = [
  'involvedObject',
  'reason',
  'message',
  'source',
  'firstTimestamp',
  'lastTimestamp',
  'count',
  'type',
  'eventTime',
  'action',
  'related',
  'reportingComponent',
  'reportingInstance',
];

/** Where kube reports a core field in the strict update rules (its internal names). */
const internalName: Record<string, string> = { reportingComponent: 'reportingController' };

function strictUpdateErrors(e: Fields, old: Fields): FieldError[] {
  const out = JSON.stringify(e.series) === JSON.stringify(old.series) ? [] : seriesErrors(e);
  for (const field of immutableOnUpdate) {
    if (JSON.stringify(e[field] ?? null) === JSON.stringify(old[field] ?? null)) continue;
    out.push(invalidValue(internalName[field] ?? field, e[field] ?? null, 'field is immutable'));
  }
  return out;
}

function namespaceOf(obj: KubeObject): string {
  return obj.metadata?.namespace ?? '';
}

// Table (printEvent), computed on the core/v1 shape.

const age = (v: unknown): string =>
  typeof v === 'string' && v !== '' ? humanDuration(Date.now() - Date.parse(v)) : '<unknown>';

function firstSeen(e: Fields): string {
  return e.firstTimestamp ? age(e.firstTimestamp) : age(e.eventTime);
}

function lastSeen(e: Fields): string {
  if (isObject(e.series)) return age(e.series.lastObservedTime);
  return e.lastTimestamp ? age(e.lastTimestamp) : firstSeen(e);
}

function eventCount(e: Fields): number {
  if (isObject(e.series)) return num(e.series.count);
  return num(e.count) === 0 ? 1 : num(e.count);
}

function target(e: Fields): string {
  const ref = isObject(e.involvedObject) ? e.involvedObject : {};
  const kind = str(ref.kind).toLowerCase();
  return str(ref.name) !== '' ? `${kind}/${str(ref.name)}` : kind;
}

function sourceCell(e: Fields): string {
  const s = isObject(e.source) ? e.source : {};
  const component = str(s.component) || str(e.reportingComponent);
  const instance = str(s.host) || str(e.reportingInstance);
  return instance === '' ? component : `${component}, ${instance}`;
}

function eventColumns(asCore: (obj: KubeObject) => Fields): TableColumn[] {
  const col = (
    name: string,
    priority: number,
    description: string,
    cell: (e: Fields, o: KubeObject) => string | number,
    format = '',
  ): TableColumn => ({
    name,
    type: 'string',
    format,
    priority,
    description,
    cell: (o) => cell(asCore(o), o),
  });
  return [
    col('Last Seen', 0, 'The time at which the most recent occurrence of this event was recorded.', lastSeen),
    col('Type', 0, 'Type of this event (Normal, Warning), new types could be added in the future', (e) =>
      str(e.type),
    ),
    col(
      'Reason',
      0,
      "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.",
      (e) => str(e.reason),
    ),
    col('Object', 0, 'The object that this event is about.', target),
    col(
      'Subobject',
      1,
      'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2]. For example, if the object reference is to a container within a pod, this would take on a value like: "spec.containers{name}" (where "name" refers to the name of the container that triggered the event) or if no container name is specified "spec.containers[2]" (container with index 2 in this pod). This syntax is chosen only to have some well-defined way of referencing a part of an object.',
      (e) => str((isObject(e.involvedObject) ? e.involvedObject : {}).fieldPath),
    ),
    col(
      'Source',
      1,
      'The component reporting this event. Should be a short machine understandable string.',
      sourceCell,
    ),
    col('Message', 0, 'A human-readable description of the status of this operation.', (e) =>
      str(e.message).trim(),
    ),
    col(
      'First Seen',
      1,
      'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)',
      firstSeen,
    ),
    col('Count', 1, 'The number of times this event has occurred.', eventCount),
    col(
      'Name',
      1,
      'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
      (_e, o) => o.metadata?.name ?? '',
      'name',
    ),
  ];
}

// Field selectors (ToSelectableFields), by the names each API accepts.

function selectable(asCore: (obj: KubeObject) => Fields, names: Record<string, string>) {
  const values = (e: Fields): Record<string, string> => {
    const ref = isObject(e.involvedObject) ? e.involvedObject : {};
    const source = isObject(e.source) ? e.source : {};
    return {
      'involvedObject.kind': str(ref.kind),
      'involvedObject.namespace': str(ref.namespace),
      'involvedObject.name': str(ref.name),
      'involvedObject.uid': str(ref.uid),
      'involvedObject.apiVersion': str(ref.apiVersion),
      'involvedObject.resourceVersion': str(ref.resourceVersion),
      'involvedObject.fieldPath': str(ref.fieldPath),
      reason: str(e.reason),
      reportingComponent: str(e.reportingComponent),
      source: str(source.component) || str(e.reportingComponent),
      type: str(e.type),
    };
  };
  return Object.fromEntries(
    Object.entries(names).map(([label, coreField]) => [
      label,
      (o: KubeObject) => values(asCore(o))[coreField] ?? '',
    ]),
  );
}

const coreSelectable: Record<string, string> = Object.fromEntries(
  [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
  ].map((f) => [f, f]),
);

/** events.k8s.io/v1's field labels and the core field each maps to (AddFieldLabelConversionsForEvent). */
const eventsV1Selectable: Record<string, string> = {
  reason: 'reason',
  'regarding.kind': 'involvedObject.kind',
  'regarding.namespace': 'involvedObject.namespace',
  'regarding.name': 'involvedObject.name',
  'regarding.uid': 'involvedObject.uid',
  'regarding.apiVersion': 'involvedObject.apiVersion',
  'regarding.resourceVersion': 'involvedObject.resourceVersion',
  'regarding.fieldPath': 'involvedObject.fieldPath',
  reportingController: 'reportingComponent',
  type: 'type',
};

const verbs: ResourceType['verbs'] = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

const names = {
  plural: 'events',
  singular: 'event',
  kind: 'Event',
  listKind: 'EventList',
  shortNames: ['ev'],
};

const asFields = (o: KubeObject) => o as Fields;
const v1AsCore = (o: KubeObject) => eventsV1ToCore(o) as Fields;

export const coreEvents: ResourceType = {
  group: '',
  version: 'v1',
  storageVersion: true,
  names,
  namespaced: true,
  verbs,
  subresources: [],
  nameValidation: 'DNS1123Subdomain',
  nameColumn: false,
  fieldLabelConversion: true,
  fields: {
    involvedObject: objectReferenceShape,
    reason: 'string',
    message: 'string',
    source: sourceShape,
    firstTimestamp: 'time',
    lastTimestamp: 'time',
    count: 'int32',
    type: 'string',
    eventTime: 'microTime',
    series: seriesShape,
    action: 'string',
    related: objectReferenceShape,
    reportingComponent: 'string',
    reportingInstance: 'string',
  },
  columns: eventColumns(asFields),
  selectableFields: selectable(asFields, coreSelectable),
  fromStorage: (stored) => (stored.apiVersion === eventsVersion ? eventsV1ToCore(stored) : stored),
  strategy: {
    // Events never get the orphan finalizer (kube's event strategy; checked on kcp).
    garbageCollectionPolicy: 'Unsupported',
    prepareForCreate: (obj) => replaceWith(obj, shapeCoreEvent(obj)),
    prepareForUpdate: (obj) => replaceWith(obj, shapeCoreEvent(obj)),
    validateCreate: (obj) => legacyErrors(obj as Fields, namespaceOf(obj), true),
    validateUpdate: (obj) => legacyErrors(obj as Fields, namespaceOf(obj), true),
  },
};

export const eventsV1Events: ResourceType = {
  group: 'events.k8s.io',
  version: 'v1',
  storageVersion: true,
  names,
  namespaced: true,
  verbs,
  subresources: [],
  nameValidation: 'DNS1123Subdomain',
  nameColumn: false,
  fieldLabelConversion: true,
  storage: { group: '', resource: 'events' },
  fields: {
    eventTime: 'microTime',
    series: seriesShape,
    reportingController: 'string',
    reportingInstance: 'string',
    action: 'string',
    reason: 'string',
    regarding: objectReferenceShape,
    related: objectReferenceShape,
    note: 'string',
    type: 'string',
    deprecatedSource: sourceShape,
    deprecatedFirstTimestamp: 'time',
    deprecatedLastTimestamp: 'time',
    deprecatedCount: 'int32',
  },
  columns: eventColumns(v1AsCore),
  selectableFields: selectable(v1AsCore, eventsV1Selectable),
  fromStorage: (stored) => (stored.apiVersion === coreVersion ? coreToEventsV1(stored) : stored),
  strategy: {
    garbageCollectionPolicy: 'Unsupported',
    prepareForCreate: (obj) => replaceWith(obj, shapeEventsV1Event(obj)),
    prepareForUpdate: (obj) => replaceWith(obj, shapeEventsV1Event(obj)),
    validateCreate: (obj) => {
      const e = eventsV1ToCore(obj) as Fields;
      return [...legacyErrors(e, namespaceOf(obj), false), ...strictCreateErrors(e)];
    },
    validateUpdate: (obj, old) => {
      const e = eventsV1ToCore(obj) as Fields;
      return [
        ...legacyErrors(e, namespaceOf(obj), false),
        ...strictUpdateErrors(e, eventsV1ToCore(old) as Fields),
      ];
    },
  },
};
