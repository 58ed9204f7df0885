// Applying a strategic merge patch as kube-apiserver does (k8s.io/apimachinery
// pkg/util/strategicpatch, StrategicMergeMapPatch with MergeParallelList and IgnoreUnmatchedNulls):
// objects merge key by key and null deletes; lists follow their field's strategy (merge by a key,
// merge scalars, or replace); the directives `$patch: replace|delete`, `$retainKeys`,
// `$deleteFromPrimitiveList/<field>` and `$setElementOrder/<field>` are honoured, and element
// order follows the library's rules ($setElementOrder > patch order > live order).

import { hasOwn, isObject as isMap, PatchError, setOwn, type JsonObject } from '../patch.js';
import { goFormat } from './go-format.js';
import { type FieldPatchMeta, lookupField, type PatchSchema, subschema } from './patch-meta.js';

type JsonMap = JsonObject;

const directiveMarker = '$patch';
const retainKeysDirective = '$retainKeys';
const deleteFromPrimitiveListPrefix = '$deleteFromPrimitiveList';
const setElementOrderPrefix = '$setElementOrder';

// The library's sentinel errors kube turns into 400s (interpretStrategicMergePatchError).
const badPrimitiveList = 'invalid patch format of primitive list';
const badRetainKeys = 'invalid patch format of retainKeys';
const badSetElementOrder = 'invalid patch format of setElementOrder list';

function badRequest(message: string): PatchError {
  return new PatchError(400, 'BadRequest', message);
}

// ErrNoListOfLists is a 422 whose text kube drops for the generic one.
function noListOfLists(): PatchError {
  return new PatchError(
    422,
    'Invalid',
    'the server rejected our request due to an error in our request',
    {},
    'lists of lists are not supported',
  );
}

// Every other library error reaches the client unwrapped, which kube answers with a 500 and the
// library's text. A malformed patch is the client's fault, so this server answers 400 with the
// same text instead.
function malformed(message: string): PatchError {
  return badRequest(message);
}

/** The Go type the decoded value would have (numbers are one kind here). */
function kindOf(v: unknown): string {
  if (v === null || v === undefined) return 'nil';
  if (Array.isArray(v)) return 'slice';
  return typeof v === 'object' ? 'map' : typeof v;
}

// Go's == on interface values: scalars by value; maps and slices never match here.
function goEqual(a: unknown, b: unknown): boolean {
  return (a ?? null) === (b ?? null) && (typeof a !== 'object' || a === null);
}

function noMergeKey(m: unknown, key: string): PatchError {
  return malformed(`map: ${goFormat(m)} does not contain declared merge key: ${key}`);
}

function badArgType(expected: string, actual: unknown): PatchError {
  const goType = (v: unknown) =>
    v === null
      ? '%!s(<nil>)'
      : Array.isArray(v)
        ? '[]interface {}'
        : typeof v === 'object'
          ? 'map[string]interface {}'
          : typeof v === 'number'
            ? 'int64'
            : typeof v === 'boolean'
              ? 'bool'
              : 'string';
  return malformed(`expected a ${expected}, but received a ${goType(actual)}`);
}

/**
 * Applies `patch` to a copy of `original` using the field strategies of `schema`. A null patch
 * changes nothing. Errors are PatchErrors carrying kube's text.
 */
export function applyStrategicMergePatch(
  original: JsonMap,
  patch: JsonMap | null,
  schema: PatchSchema,
): JsonMap {
  if (patch === null) return structuredClone(original);
  return mergeMap(structuredClone(original), structuredClone(patch), schema);
}

function mergeMap(original: JsonMap | null, patch: JsonMap, schema: PatchSchema): JsonMap {
  if (hasOwn(patch, directiveMarker)) return mapDirective(patch[directiveMarker], patch);
  const out = original ?? {};
  applyRetainKeys(out, patch);
  mergeOrderedLists(out, patch, schema);
  for (const [patchKey, patchValue] of Object.entries(patch)) {
    let key = patchKey;
    let isDeleteList = false;
    if (patchKey.startsWith(deleteFromPrimitiveListPrefix)) {
      key = extractKey(patchKey, deleteFromPrimitiveListPrefix, badPrimitiveList);
      isDeleteList = true;
    }
    if (patchValue === null) {
      delete out[key];
      continue;
    }
    if (!hasOwn(out, key) || kindOf(out[key]) !== kindOf(patchValue)) {
      if (!isDeleteList) takePatchValue(out, key, discardNulls(patchValue));
      continue;
    }
    const meta = lookupField(schema, key);
    if (kindOf(patchValue) === 'map') {
      setOwn(
        out,
        key,
        meta.strategy === 'replace'
          ? patchValue
          : mergeMap(out[key] as JsonMap, patchValue as JsonMap, subschema(meta)),
      );
    } else if (kindOf(patchValue) === 'slice') {
      setOwn(out, key, mergeSliceField(out[key] as unknown[], patchValue as unknown[], meta, isDeleteList));
    } else {
      takePatchValue(out, key, patchValue);
    }
  }
  return out;
}

function takePatchValue(out: JsonMap, key: string, value: unknown): void {
  const [clean, keep] = removeDirectives(value);
  if (keep) setOwn(out, key, clean);
  else delete out[key];
}

function mapDirective(directive: unknown, patch: JsonMap): JsonMap {
  if (directive === 'replace') {
    delete patch[directiveMarker];
    return patch;
  }
  if (directive === 'delete') return {};
  throw malformed(`unknown patch type: ${goFormat(directive)} in map: ${goFormat(patch)}`);
}

function extractKey(key: string, prefix: string, error: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) throw badRequest(error);
  return key.slice(slash + 1);
}

function applyRetainKeys(original: JsonMap, patch: JsonMap): void {
  if (!hasOwn(patch, retainKeysDirective)) return;
  const retain = patch[retainKeysDirective];
  delete patch[retainKeysDirective];
  if (!Array.isArray(retain)) throw badRequest(badRetainKeys);
  const kept = (k: string) => retain.some((r) => r === k);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(deleteFromPrimitiveListPrefix) || k.startsWith(setElementOrderPrefix))
      continue;
    if (!kept(k)) throw badRequest(badRetainKeys);
  }
  for (const k of Object.keys(original)) if (!kept(k)) delete original[k];
}

function discardNulls(v: unknown): unknown {
  if (Array.isArray(v)) v.forEach(discardNulls);
  else if (isMap(v)) {
    for (const [k, member] of Object.entries(v)) {
      if (member === null) delete v[k];
      else discardNulls(member);
    }
  }
  return v;
}

/** Strips directive-bearing objects; the boolean is false when `v` itself is one. */
function removeDirectives(v: unknown): [unknown, boolean] {
  if (isMap(v)) {
    if (hasOwn(v, directiveMarker)) return [null, false];
    for (const [k, member] of Object.entries(v)) {
      const [clean, keep] = removeDirectives(member);
      if (keep) setOwn(v, k, clean);
      else delete v[k];
    }
    return [v, true];
  }
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const e of v) {
      const [clean, keep] = removeDirectives(e);
      if (keep) out.push(clean);
    }
    return [out, true];
  }
  return [v, true];
}

// ---- lists ----

function mergeSliceField(
  original: unknown[],
  patch: unknown[],
  meta: FieldPatchMeta,
  isDeleteList: boolean,
): unknown[] {
  // A deletion list is processed as a merge whatever the field's strategy.
  if (meta.strategy === 'merge' || isDeleteList)
    return mergeSlice(original, patch, subschema(meta), meta.mergeKey ?? '', isDeleteList);
  return patch;
}

function sliceElementKind(...slices: unknown[][]): string {
  let kind: string | undefined;
  for (const s of slices) {
    for (const v of s) {
      const k = kindOf(v);
      if (kind === undefined) {
        if (k === 'slice') throw noListOfLists();
        kind = k;
      } else if (k !== kind) {
        throw malformed(`list element types are not identical: ${goFormat(slices)}`);
      }
    }
  }
  if (kind === undefined) throw malformed('no elements in any of the given slices');
  return kind;
}

function mergeSlice(
  original: unknown[],
  patch: unknown[],
  schema: PatchSchema,
  mergeKey: string,
  isDeleteList: boolean,
): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = sliceElementKind(original, patch);
  let merged: unknown[];
  if (kind !== 'map') {
    if (isDeleteList) return original.filter((v) => !patch.some((d) => goEqual(d, v)));
    merged = deduplicateScalars([...original, ...patch]);
  } else {
    if (mergeKey === '') throw malformed(`cannot merge lists without merge key for ${schema.name}`);
    [original, patch] = withoutSpecialElements(original, patch, mergeKey);
    merged = mergeByKey(original, patch, mergeKey, schema);
  }
  const [patchItems, serverOnly] = partition(merged, patch, mergeKey);
  return normalizeElementOrder(patchItems, serverOnly, patch, original, mergeKey, kind);
}

// The library's in-place deduplication: a later duplicate is overwritten by the last element,
// which reorders the list (the order is normalized afterwards).
function deduplicateScalars(s: unknown[]): unknown[] {
  let length = s.length - 1;
  for (let i = 0; i < length; i++) {
    for (let j = i + 1; j <= length; j++) {
      if (goEqual(s[i], s[j])) {
        s[j] = s[length];
        s = s.slice(0, length);
        length--;
        j--;
      }
    }
  }
  return s;
}

/** Applies `$patch: delete|replace` elements of a list of objects; returns [original, patch]. */
function withoutSpecialElements(
  original: unknown[],
  patch: unknown[],
  mergeKey: string,
): [unknown[], unknown[]] {
  const plain: unknown[] = [];
  let replace = false;
  for (const v of patch) {
    const m = v as JsonMap;
    if (!hasOwn(m, directiveMarker)) {
      plain.push(v);
      continue;
    }
    const directive = m[directiveMarker];
    if (directive === 'delete') {
      if (!hasOwn(m, mergeKey)) throw noMergeKey(m, mergeKey);
      original = original.filter(
        (e) => !(isMap(e) && hasOwn(e, mergeKey) && goEqual(e[mergeKey], m[mergeKey])),
      );
    } else if (directive === 'replace') {
      replace = true;
    } else if (directive === 'merge') {
      throw malformed('merging lists cannot yet be specified in the patch');
    } else {
      throw malformed(`unknown patch type: ${goFormat(directive)} in map: ${goFormat(m)}`);
    }
  }
  return replace ? [plain, []] : [original, plain];
}

function findByKey(list: unknown[], key: string, value: unknown): number {
  for (let i = 0; i < list.length; i++) {
    const e = list[i];
    if (!isMap(e)) throw malformed(`value for key ${i} is not a map`);
    if (hasOwn(e, key) && goEqual(e[key], value)) return i;
  }
  return -1;
}

function mergeByKey(original: unknown[], patch: unknown[], mergeKey: string, schema: PatchSchema): unknown[] {
  const out = [...original];
  for (const v of patch) {
    const m = v as JsonMap;
    if (!hasOwn(m, mergeKey)) throw noMergeKey(m, mergeKey);
    const at = findByKey(out, mergeKey, m[mergeKey]);
    if (at >= 0) out[at] = mergeMap(out[at] as JsonMap, m, schema);
    else out.push(v);
  }
  return out;
}

/** Splits `items` into those present in `by` (by merge key for objects) and the rest. */
function partition(items: unknown[], by: unknown[], mergeKey: string): [unknown[], unknown[]] {
  const inPatch: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const v of items) {
    let found: boolean;
    if (mergeKey === '') found = by.some((b) => goEqual(b, v));
    else {
      if (!isMap(v)) throw badArgType('map[string]interface {}', v);
      if (!hasOwn(v, mergeKey)) throw noMergeKey(v, mergeKey);
      found = findByKey(by, mergeKey, v[mergeKey]) >= 0;
    }
    (found ? inPatch : serverOnly).push(v);
  }
  return [inPatch, serverOnly];
}

function indexIn(list: unknown[], v: unknown, mergeKey: string, kind: string): number {
  const valueOf = (x: unknown) => (kind === 'map' ? (isMap(x) ? x[mergeKey] : undefined) : x);
  const wanted = valueOf(v);
  return list.findIndex((x) => goEqual(valueOf(x), wanted));
}

function normalizeElementOrder(
  patch: unknown[],
  serverOnly: unknown[],
  patchOrder: unknown[],
  serverOrder: unknown[],
  mergeKey: string,
  kind: string,
): unknown[] {
  const p = normalizeSliceOrder(patch, patchOrder, mergeKey, kind);
  const s = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSortedSlice(s, p, serverOrder, mergeKey, kind);
}

function normalizeSliceOrder(toSort: unknown[], order: unknown[], mergeKey: string, kind: string): unknown[] {
  let toDelete: unknown[] = [];
  let items = toSort;
  if (kind === 'map') {
    for (const list of [toSort, order]) {
      for (const item of list) {
        if (!isMap(item)) throw badArgType('map[string]interface {}', item);
        if (!hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
      }
    }
    items = toSort.filter((v) => (v as JsonMap)[directiveMarker] !== 'delete');
    toDelete = toSort.filter((v) => (v as JsonMap)[directiveMarker] === 'delete');
  }
  // sort.SliceStable with the library's comparator, which is not a strict order (an element
  // missing from `order` is "less" than anything); an insertion sort reproduces Go's result for
  // the short lists objects carry.
  const less = (a: unknown, b: unknown) => {
    const ia = indexIn(order, a, mergeKey, kind);
    if (ia < 0) return true;
    const ib = indexIn(order, b, mergeKey, kind);
    return ib < 0 || ia < ib;
  };
  const sorted = [...items];
  for (let i = 1; i < sorted.length; i++) {
    for (let j = i; j > 0 && less(sorted[j], sorted[j - 1]); j--) {
      [sorted[j], sorted[j - 1]] = [sorted[j - 1], sorted[j]];
    }
  }
  return [...sorted, ...toDelete];
}

/** Interleaves server-only items (left) into patch items (right), keeping each list's order. */
function mergeSortedSlice(
  left: unknown[],
  right: unknown[],
  serverOrder: unknown[],
  mergeKey: string,
  kind: string,
): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexIn(serverOrder, left[i], mergeKey, kind);
      const ri = indexIn(serverOrder, right[j], mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

// ---- $setElementOrder ----

/** Processes every `$setElementOrder/<field>` of `patch` together with the list it orders. */
function mergeOrderedLists(original: JsonMap, patch: JsonMap, schema: PatchSchema): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(setElementOrderPrefix)) continue;
    const order = patch[key];
    delete patch[key];
    if (!Array.isArray(order)) throw badArgType('[]interface {}', order);
    const field = extractKey(key, setElementOrderPrefix, badSetElementOrder);
    const foundOriginal = hasOwn(original, field);
    const foundPatch = hasOwn(patch, field);
    const originalList = foundOriginal ? original[field] : undefined;
    const patchList = foundPatch ? patch[field] : undefined;
    if (foundOriginal && !Array.isArray(originalList)) throw badArgType('[]interface {}', originalList);
    if (foundPatch && !Array.isArray(patchList)) throw badArgType('[]interface {}', patchList);
    const meta = lookupField(schema, field);
    const mergeKey = meta.mergeKey ?? '';
    checkOrderMatchesPatch((patchList as unknown[] | undefined) ?? [], order, mergeKey);
    let merged: unknown[];
    if (foundOriginal && !foundPatch) merged = originalList as unknown[];
    else if (!foundOriginal && foundPatch) merged = removeDirectives(patchList)[0] as unknown[];
    else if (foundOriginal && foundPatch)
      merged = mergeSliceField(originalList as unknown[], patchList as unknown[], meta, false);
    else continue;
    const [inOrder, serverOnly] = partition(merged, order, mergeKey);
    const kind = sliceElementKind((originalList as unknown[]) ?? [], (patchList as unknown[]) ?? []);
    setOwn(
      original,
      field,
      normalizeElementOrder(inOrder, serverOnly, order, (originalList as unknown[]) ?? [], mergeKey, kind),
    );
    delete patch[field];
  }
}

/** The patch list's items must appear in `$setElementOrder` in the same relative order. */
function checkOrderMatchesPatch(patchList: unknown[], order: unknown[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  const items =
    mergeKey === '' ? patchList : patchList.filter((v) => !(isMap(v) && v[directiveMarker] === 'delete'));
  let p = 0;
  let o = 0;
  while (p < items.length && o < order.length) {
    const item = items[p];
    if (isMap(item) && hasOwn(item, directiveMarker)) {
      p++;
      continue;
    }
    let equal: boolean;
    if (mergeKey === '') equal = goEqual(item, order[o]);
    else {
      const a = item as JsonMap;
      const b = order[o];
      if (!isMap(a)) throw badArgType('map[string]interface {}', a);
      if (!isMap(b)) throw badArgType('map[string]interface {}', b);
      if (!hasOwn(a, mergeKey)) throw noMergeKey(a, mergeKey);
      if (!hasOwn(b, mergeKey)) throw noMergeKey(b, mergeKey);
      equal = goEqual(a[mergeKey], b[mergeKey]);
    }
    if (equal) p++;
    o++;
  }
  if (p < items.length && o >= order.length) {
    throw malformed(
      `The order in patch list:\n${goFormat(patchList)}\n doesn't match ${setElementOrderPrefix} list:\n${goFormat(order)}\n`,
    );
  }
}

/**
 * Decodes a strategic merge patch body: a JSON object, or null (no change). Anything else is the
 * 400 kube answers with the decoder's message (it unmarshals into map[string]interface{}).
 */
export function decodeStrategicPatch(body: string | Uint8Array): JsonMap | null {
  const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
  let patch: unknown;
  try {
    patch = JSON.parse(text);
  } catch (e) {
    // Upstream quotes Go's decoder ("invalid character ..."); the cause text here is V8's.
    throw badRequest((e as Error).message);
  }
  if (patch === null || isMap(patch)) return patch;
  const kind = Array.isArray(patch) ? 'array' : typeof patch === 'boolean' ? 'bool' : typeof patch;
  throw badRequest(`json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`);
}
