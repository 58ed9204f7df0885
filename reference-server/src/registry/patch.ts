// PATCH bodies as kube-apiserver handles them (k8s.io/apiserver/pkg/endpoints/handlers/patch.go):
// content types, decoding, RFC 6902 JSON patch and RFC 7386 merge patch, with upstream's status
// codes and messages. kube applies both with gopkg.in/evanphx/json-patch.v4 (v4.13.0); where that
// library is looser than the RFCs a comment says so, because clients see the library's behaviour.
// Strategic merge patch is applied in strategic-merge/; server-side apply is not applied here.

import { ApiError, failure } from '../api/status.js';
import type { StatusDetails } from '../api/types.js';
import { jsonTooDeep, maxJSONDepth } from '../api/json-depth.js';

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export const patchContentTypes: Readonly<Record<PatchType, string>> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

const patchTypes: readonly PatchType[] = ['json', 'merge', 'strategic', 'apply'];

/**
 * The patch type a Content-Type names, or undefined (answer 415). `application/apply-patch+cbor`
 * is undefined: upstream accepts it only behind the CBORServingAndStorage feature gate.
 */
export function patchTypeOf(contentType: string): PatchType | undefined {
  // As upstream: parameters are cut at the first ';' unless it is the first character, then the
  // media type is compared exactly (no trimming, no case folding).
  const idx = contentType.indexOf(';');
  const mediaType = idx > 0 ? contentType.slice(0, idx) : contentType;
  return patchTypes.find((t) => patchContentTypes[t] === mediaType);
}

/** What kube-apiserver's installer accepts for built-in resources, in its order. */
export const builtinPatchContentTypes: readonly string[] = [
  patchContentTypes.json,
  patchContentTypes.merge,
  patchContentTypes.strategic,
  patchContentTypes.apply,
];

/** What the apiextensions crdHandler accepts for custom resources: no strategic merge patch. */
export const customResourcePatchContentTypes: readonly string[] = [
  patchContentTypes.json,
  patchContentTypes.merge,
  patchContentTypes.apply,
];

/**
 * What kcp answers for a strategic merge patch on anything served by the apiextensions crdHandler
 * (its own types such as workspaces, and every user CRD), observed on kcp v0.32 (Kubernetes
 * 1.36): apply-patch+yaml is listed twice.
 */
export const kcpCustomResourcePatchContentTypes: readonly string[] = [
  ...customResourcePatchContentTypes,
  patchContentTypes.apply,
];

/** The maximum number of operations in one JSON patch (patch.go maxJSONPatchOperations). */
export const maxJSONPatchOperations = 10000;

/**
 * A PATCH failure carrying upstream's code, reason and message. It is an ApiError, so a handler
 * may simply let it propagate; `why` keeps the patch library's explanation for logs, which kube
 * does not send for 422s.
 */
export class PatchError extends ApiError {
  readonly why: string;
  constructor(code: number, reason: string, message: string, details?: StatusDetails, why = message) {
    super(failure(code, reason, message, details));
    this.name = 'PatchError';
    this.why = why;
  }
  get reason(): string {
    return this.status.reason ?? '';
  }
}

function badRequest(message: string): PatchError {
  return new PatchError(400, 'BadRequest', message);
}

// Every JSON patch application error: errors.NewGenericServerResponse(422, "", GroupResource{}, "",
// err.Error(), 0, false) keeps its canned message, drops err.Error() (no causes unless
// isUnexpectedResponse) and leaves an empty, non-nil Details, which serializes as `{}`.
function cannotApply(why: string): PatchError {
  return new PatchError(
    422,
    'Invalid',
    'the server rejected our request due to an error in our request',
    {},
    why,
  );
}

/**
 * The 415 message for a patch Content-Type the resource does not accept
 * (negotiation.NewUnsupportedMediaTypeError). Upstream lists what is accepted, not what was sent,
 * so the argument is the accepted list; the default is the custom-resource list, which is how a
 * strategic merge patch on a CR is refused.
 */
export function unsupportedPatchMessage(
  accepted: readonly string[] = customResourcePatchContentTypes,
): string {
  return `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`;
}

export function unsupportedPatchError(
  accepted: readonly string[] = customResourcePatchContentTypes,
): PatchError {
  return new PatchError(415, 'UnsupportedMediaType', unsupportedPatchMessage(accepted));
}

// ---- JSON values ----

export type JsonObject = { [key: string]: unknown };

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function hasOwn(o: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}

// defineProperty rather than assignment, so a member named `__proto__` stays a member.
export function setOwn(o: JsonObject, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, writable: true, enumerable: true, configurable: true });
}

function cloneJson(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(cloneJson);
  if (!isObject(v)) return v;
  const out: JsonObject = {};
  for (const [k, member] of Object.entries(v)) setOwn(out, k, cloneJson(member));
  return out;
}

function jsonEqual(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]))
    );
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return a === b;
}

/** The JSON kind as encoding/json names it in "cannot unmarshal X into ..." errors. */
function goKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  return typeof v === 'object' ? 'object' : typeof v;
}

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

function parseBody(body: string | Uint8Array): unknown {
  const text = typeof body === 'string' ? body : utf8.decode(body);
  try {
    if (jsonTooDeep(text)) throw new Error(`exceeded max depth ${maxJSONDepth}`);
    return JSON.parse(text) as unknown;
  } catch (e) {
    // Upstream quotes Go's decoder ("invalid character ..."); the cause text here is V8's.
    throw badRequest(`error decoding patch: ${(e as Error).message}`);
  }
}

// ---- merge patch (RFC 7386) ----

/**
 * Decodes a merge patch body. With the default fieldValidation (Warn) upstream first decodes it
 * strictly into map[string]interface{}, so anything but an object is a 400; `null` passes that
 * step and is then refused by jsonpatch.MergePatch as ErrBadJSONPatch, also a 400.
 */
export function decodeMergePatch(body: string | Uint8Array): JsonObject {
  const patch = parseBody(body);
  if (patch === null) throw badRequest('Invalid JSON Patch');
  if (!isObject(patch)) {
    throw badRequest(
      `error decoding patch: json: cannot unmarshal ${goKind(patch)} into Go value of type map[string]interface {}`,
    );
  }
  return patch;
}

/**
 * RFC 7386: null members delete, objects merge recursively, anything else (arrays included)
 * replaces. Neither argument is modified.
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return cloneJson(patch);
  const result = isObject(target) ? (cloneJson(target) as JsonObject) : {};
  mergeInto(result, patch);
  return result;
}

function mergeInto(doc: JsonObject, patch: JsonObject): void {
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete doc[key];
      continue;
    }
    const current = hasOwn(doc, key) ? doc[key] : null;
    if (isObject(current) && isObject(value)) mergeInto(current, value);
    // A non-object over an object is taken as is, but a value put where there was no object has
    // its nulls pruned, also inside objects within arrays. That last part goes beyond the RFC
    // (which keeps arrays verbatim); it is what evanphx/json-patch's pruneNulls does.
    else if (isObject(current)) setOwn(doc, key, cloneJson(value));
    else setOwn(doc, key, pruneNulls(cloneJson(value)));
  }
}

function pruneNulls(v: unknown): unknown {
  if (Array.isArray(v)) v.forEach(pruneNulls);
  else if (isObject(v)) {
    for (const [k, member] of Object.entries(v)) {
      if (member === null) delete v[k];
      else pruneNulls(member);
    }
  }
  return v;
}

// ---- JSON patch (RFC 6902) ----

/** One operation as decoded: only the members upstream reads are typed. */
export interface JsonPatchOperation {
  op?: string;
  path?: string;
  from?: string;
  value?: unknown;
  [member: string]: unknown;
}

const stringMembers = ['op', 'path', 'from'] as const;

/**
 * Checks the shape upstream's strict decode into []handlers.jsonPatchOp enforces (the default
 * fieldValidation, Warn, decodes strictly): an array (or null: no operations) of objects (or
 * null: an empty operation) whose op, path and from are strings or null. Violations are 400s,
 * reported for the first one in document order as encoding/json does. A null op, path or from is
 * dropped, since the library treats it as absent; a null value is kept.
 */
function checkOperations(operations: unknown): JsonPatchOperation[] {
  if (operations === null) return [];
  const prefix = 'error decoding patch: json: cannot unmarshal';
  if (!Array.isArray(operations)) {
    throw badRequest(`${prefix} ${goKind(operations)} into Go value of type []handlers.jsonPatchOp`);
  }
  return operations.map((element: unknown) => {
    if (element === null) return {};
    if (!isObject(element)) {
      throw badRequest(`${prefix} ${goKind(element)} into Go value of type handlers.jsonPatchOp`);
    }
    const op: JsonPatchOperation = {};
    for (const [key, value] of Object.entries(element)) {
      const typed = (stringMembers as readonly string[]).includes(key);
      if (typed && value !== null && typeof value !== 'string') {
        throw badRequest(`${prefix} ${goKind(value)} into Go struct field jsonPatchOp.${key} of type string`);
      }
      if (!(typed && value === null)) setOwn(op, key, value);
    }
    return op;
  });
}

/** Decodes a JSON patch body: 400 for bad JSON or a bad shape (see checkOperations). */
export function decodeJsonPatch(body: string | Uint8Array): JsonPatchOperation[] {
  return checkOperations(parseBody(body));
}

/**
 * Applies RFC 6902 operations to a copy of target: 400 for a malformed operation list, 413 above
 * maxJSONPatchOperations, 422 when an operation does not apply (a failed `test` included).
 */
export function applyJsonPatch(target: unknown, operations: unknown): unknown {
  const ops = checkOperations(operations);
  if (ops.length > maxJSONPatchOperations) {
    throw new PatchError(
      413,
      'RequestEntityTooLarge',
      `Request entity too large: The allowed maximum operations in a JSON patch is ${maxJSONPatchOperations}, got ${ops.length}`,
    );
  }
  if (!isContainer(target))
    throw cannotApply(`json: cannot unmarshal ${goKind(target)} into a JSON document`);
  let doc: Container = cloneJson(target) as Container;
  for (const op of ops) doc = applyOperation(doc, op);
  return doc;
}

type Container = JsonObject | unknown[];

function isContainer(v: unknown): v is Container {
  return Array.isArray(v) || isObject(v);
}

function applyOperation(doc: Container, op: JsonPatchOperation): Container {
  const kind = typeof op.op === 'string' ? op.op : 'unknown';
  switch (kind) {
    case 'add':
      add(doc, op);
      return doc;
    case 'remove':
      remove(doc, op);
      return doc;
    case 'replace':
      return replace(doc, op);
    case 'move':
      move(doc, op);
      return doc;
    case 'test':
      test(doc, op);
      return doc;
    case 'copy':
      copy(doc, op);
      return doc;
    default:
      throw cannotApply(`Unexpected kind: ${kind}`);
  }
}

const missing = 'missing value';
const invalidIndex = 'invalid index referenced';

// The library reads an absent value as null (a nil node marshals as null).
function valueOf(op: JsonPatchOperation): unknown {
  return hasOwn(op, 'value') ? op.value : null;
}

function pathOf(op: JsonPatchOperation, what: string): string {
  if (typeof op.path !== 'string') throw cannotApply(`${what} operation failed to decode path: ${missing}`);
  return op.path;
}

function fromOf(op: JsonPatchOperation, what: string): string {
  if (typeof op.from !== 'string') {
    throw cannotApply(`${what} operation failed to decode from: operation, missing from field: ${missing}`);
  }
  return op.from;
}

interface Location {
  parent: Container;
  key: string;
}

// RFC 6901 unescaping: ~1 then ~0, so "~01" is "~1". Other "~" sequences are left alone.
function unescapeToken(token: string): string {
  return token.replace(/~[01]/g, (s) => (s === '~1' ? '/' : '~'));
}

/**
 * The container holding the pointer's last token, or undefined when the pointer or any parent is
 * missing, null or not a container. As the library: the pointer is split on "/" and its first
 * segment ignored, so "" (the whole document) has no location and "a/b" means "/b".
 */
function locate(doc: Container, pointer: string): Location | undefined {
  const tokens = pointer.split('/');
  if (tokens.length < 2) return undefined;
  let parent: Container = doc;
  for (const token of tokens.slice(1, -1)) {
    let next: unknown;
    try {
      next = get(parent, unescapeToken(token));
    } catch {
      return undefined;
    }
    if (!isContainer(next)) return undefined;
    parent = next;
  }
  return { parent, key: unescapeToken(tokens[tokens.length - 1]!) };
}

// strconv.Atoi: an optional sign and decimal digits (leading zeros allowed, unlike RFC 6901).
function parseIndex(key: string): number | undefined {
  return /^[+-]?[0-9]+$/.test(key) ? Number(key) : undefined;
}

function atoi(key: string): number {
  const idx = parseIndex(key);
  if (idx === undefined) throw cannotApply(`strconv.Atoi: parsing ${JSON.stringify(key)}: invalid syntax`);
  return idx;
}

// Negative indices count from the end: the library's SupportNegativeIndices defaults to true.
function existingIndex(a: unknown[], key: string): number {
  let idx = atoi(key);
  if (idx < 0) {
    if (idx < -a.length) throw cannotApply(`Unable to access invalid index: ${idx}: ${invalidIndex}`);
    idx += a.length;
  }
  if (idx >= a.length) throw cannotApply(`Unable to access invalid index: ${idx}: ${invalidIndex}`);
  return idx;
}

/** The member or element at key: undefined for a missing object member, which is no error. */
function get(c: Container, key: string): unknown {
  if (Array.isArray(c)) return c[existingIndex(c, key)];
  return hasOwn(c, key) ? c[key] : undefined;
}

function insert(c: Container, key: string, value: unknown): void {
  if (!Array.isArray(c)) {
    setOwn(c, key, value);
    return;
  }
  if (key === '-') {
    c.push(value);
    return;
  }
  const idx = parseIndex(key);
  if (idx === undefined) {
    throw cannotApply(
      `value was not a proper array index: '${key}': strconv.Atoi: parsing ${JSON.stringify(key)}: invalid syntax`,
    );
  }
  // The new array has length+1 slots; a negative index counts back from its end.
  const size = c.length + 1;
  if (idx >= size || idx < -size)
    throw cannotApply(`Unable to access invalid index: ${idx}: ${invalidIndex}`);
  c.splice(idx < 0 ? idx + size : idx, 0, value);
}

function removeAt(c: Container, key: string): void {
  if (Array.isArray(c)) {
    c.splice(existingIndex(c, key), 1);
    return;
  }
  if (!hasOwn(c, key)) throw cannotApply(`Unable to remove nonexistent key: ${key}: ${missing}`);
  delete c[key];
}

// Errors raised inside a step are wrapped as the library wraps them, for the `why`.
function wrap<T>(context: string, step: () => T): T {
  try {
    return step();
  } catch (e) {
    if (e instanceof PatchError) throw cannotApply(`${context}: ${e.why}`);
    throw e;
  }
}

function add(doc: Container, op: JsonPatchOperation): void {
  const path = pathOf(op, 'add');
  const loc = locate(doc, path);
  if (!loc) throw cannotApply(`add operation does not apply: doc is missing path: "${path}": ${missing}`);
  wrap(`error in add for path: '${path}'`, () => insert(loc.parent, loc.key, valueOf(op)));
}

function remove(doc: Container, op: JsonPatchOperation): void {
  const path = pathOf(op, 'remove');
  const loc = locate(doc, path);
  if (!loc) throw cannotApply(`remove operation does not apply: doc is missing path: "${path}": ${missing}`);
  wrap(`error in remove for path: '${path}'`, () => removeAt(loc.parent, loc.key));
}

function replace(doc: Container, op: JsonPatchOperation): Container {
  const path = pathOf(op, 'replace');
  const value = valueOf(op);
  if (path === '') {
    if (!isContainer(value)) throw cannotApply('replace operation value must be object or array');
    return cloneJson(value) as Container;
  }
  const loc = locate(doc, path);
  if (!loc) throw cannotApply(`replace operation does not apply: doc is missing path: ${path}: ${missing}`);
  wrap(`replace operation does not apply: doc is missing key: ${path}`, () => get(loc.parent, loc.key));
  // A missing object member is not an error here, unlike RFC 6902: the library's object get
  // reports absence as a nil value, so replace then behaves as add.
  if (Array.isArray(loc.parent)) loc.parent[existingIndex(loc.parent, loc.key)] = value;
  else setOwn(loc.parent, loc.key, value);
  return doc;
}

function move(doc: Container, op: JsonPatchOperation): void {
  const from = fromOf(op, 'move');
  const source = locate(doc, from);
  if (!source)
    throw cannotApply(`move operation does not apply: doc is missing from path: ${from}: ${missing}`);
  const value = wrap(`error in move for path: '${source.key}'`, () => {
    const v = get(source.parent, source.key);
    removeAt(source.parent, source.key);
    return v;
  });
  const path = pathOf(op, 'move');
  const dest = locate(doc, path);
  if (!dest) {
    throw cannotApply(`move operation does not apply: doc is missing destination path: ${path}: ${missing}`);
  }
  wrap(`error in move for path: '${path}'`, () => insert(dest.parent, dest.key, value));
}

function copy(doc: Container, op: JsonPatchOperation): void {
  const from = fromOf(op, 'copy');
  const source = locate(doc, from);
  if (!source)
    throw cannotApply(`copy operation does not apply: doc is missing from path: ${from}: ${missing}`);
  // A missing source member copies as null, as the library's nil node does.
  const value = wrap(`error in copy for from: '${from}'`, () => get(source.parent, source.key)) ?? null;
  const path = pathOf(op, 'copy');
  const dest = locate(doc, path);
  if (!dest) {
    throw cannotApply(`copy operation does not apply: doc is missing destination path: ${path}: ${missing}`);
  }
  wrap('error while adding value during copy', () => insert(dest.parent, dest.key, cloneJson(value)));
}

function test(doc: Container, op: JsonPatchOperation): void {
  const path = pathOf(op, 'test');
  const failed = cannotApply(`testing value ${path} failed: test failed`);
  if (path === '') {
    if (!hasOwn(op, 'value') || !jsonEqual(doc, op.value)) throw failed;
    return;
  }
  const loc = locate(doc, path);
  if (!loc) throw cannotApply(`test operation does not apply: is missing path: ${path}: ${missing}`);
  const actual = wrap(`error in test for path: '${path}'`, () => get(loc.parent, loc.key)) ?? null;
  // The library sees a missing member and a null one alike, and either matches an absent or null
  // value. Scalars compare by value here; the library compares their JSON text (1 vs 1.0 differ).
  if (actual === null) {
    if (hasOwn(op, 'value') && op.value !== null) throw failed;
    return;
  }
  if (!hasOwn(op, 'value') || !jsonEqual(actual, op.value)) throw failed;
}

// ---- resourceVersion after a patch ----

/**
 * How the store must treat the patched object's metadata.resourceVersion. Upstream has no
 * patch-specific rule: the patch is applied to the current object inside GuaranteedUpdate, and
 * registry Store.Update compares the result's resourceVersion with the stored one, as for a PUT.
 * An untouched resourceVersion therefore always matches; one the patch set is a precondition.
 * - 'unchanged': equal to the current one; proceed.
 * - 'conflict': the patch set a different one; 409 Conflict with the optimistic-lock message
 *   (status.ts conflict() with staleObjectMessage).
 * - 'cleared': the patch removed it (or set ""); an unconditional update if the strategy allows it
 *   (built-ins such as configmaps do, custom resources do not), else 422 Invalid with
 *   `metadata.resourceVersion: Invalid value: 0: must be specified for an update` (upstream
 *   qualifies it with the resource, not the kind, e.g. `widgets.example.com "x" is invalid`).
 * The caller validates the patched object's shape first; a non-string resourceVersion is 'cleared'.
 */
export type ResourceVersionOutcome = 'unchanged' | 'conflict' | 'cleared';

export function patchedResourceVersion(
  currentResourceVersion: string,
  patched: unknown,
): ResourceVersionOutcome {
  const metadata = isObject(patched) && hasOwn(patched, 'metadata') ? patched.metadata : undefined;
  const rv = isObject(metadata) && hasOwn(metadata, 'resourceVersion') ? metadata.resourceVersion : undefined;
  if (typeof rv !== 'string' || rv === '') return 'cleared';
  return rv === currentResourceVersion ? 'unchanged' : 'conflict';
}
