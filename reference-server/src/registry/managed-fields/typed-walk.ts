// The walks over JSON values that server-side apply is made of, each guided by a TypeNode: the
// field set a value holds (what an applier comes to own), the comparison of two values (what an
// update added, changed or removed), the merge of an apply configuration into the live object,
// and the removal of fields no manager owns any more.

import {
  type FieldPath,
  type FieldSet,
  emptySet,
  fieldElement,
  hasAtOrBelow,
  indexElement,
  insert,
  keyElement,
  pathString,
  valueElement,
} from './fieldset.js';
import { type TypeNode, untyped } from './type-info.js';

type Json = unknown;
type JsonObject = Record<string, unknown>;

function isObject(v: Json): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function deepEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => deepEqual(v, b[i]));
  }
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/** The node to walk `value` with: untyped values take their shape from the value. */
function resolve(node: TypeNode, value: Json): TypeNode {
  if (node.kind !== 'untyped') return node;
  if (isObject(value)) return { kind: 'map', values: untyped };
  if (Array.isArray(value)) return { kind: 'list', listType: 'atomic', items: untyped };
  return { kind: 'scalar' };
}

function childNode(node: TypeNode, key: string): TypeNode {
  if (node.kind === 'struct') return node.fields[key] ?? untyped;
  if (node.kind === 'map') return node.values;
  return untyped;
}

function declared(node: TypeNode, key: string): boolean {
  return node.kind === 'struct' && Object.prototype.hasOwnProperty.call(node.fields, key);
}

/** The path element of a list item; a keyed item missing a key falls back to its index. */
function itemElement(node: Extract<TypeNode, { kind: 'list' }>, item: Json, index: number): string {
  if (node.listType === 'set') return valueElement(item);
  if (node.listType === 'map' && isObject(item)) {
    const key: JsonObject = {};
    for (const k of node.keys ?? []) {
      if (!(k in item)) return indexElement(index);
      key[k] = item[k];
    }
    return keyElement(key);
  }
  return indexElement(index);
}

function isAtomic(node: TypeNode): boolean {
  if (node.kind === 'list') return node.listType === 'atomic';
  if (node.kind === 'map' || node.kind === 'struct') return node.atomic === true;
  return node.kind === 'scalar';
}

function isContainer(value: Json): boolean {
  return isObject(value) || Array.isArray(value);
}

/** The field set of `value`: what an apply configuration makes its manager own. */
export function fieldSetOf(value: Json, node: TypeNode): FieldSet {
  const set = emptySet();
  walkFieldSet(value, node, [], set);
  return set;
}

function walkFieldSet(value: Json, type: TypeNode, path: string[], set: FieldSet): void {
  const node = resolve(type, value);
  if (isAtomic(node) || !isContainer(value)) {
    if (path.length > 0) insert(set, path);
    return;
  }
  if (node.kind === 'list' && Array.isArray(value)) {
    const seen = new Set<string>();
    value.forEach((item, i) => {
      const pe = itemElement(node, item, i);
      if (seen.has(pe)) return;
      seen.add(pe);
      walkFieldSet(item, node.items, [...path, pe], set);
      insert(set, [...path, pe]);
    });
    return;
  }
  if (!isObject(value)) return;
  for (const [key, child] of Object.entries(value)) {
    const childPath = [...path, fieldElement(key)];
    walkFieldSet(child, childNode(node, key), childPath, set);
    const emptyMap = isObject(child) && Object.keys(child).length === 0;
    if (child === null || emptyMap || !declared(node, key)) insert(set, childPath);
  }
}

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

/** Go drops empty maps of built-in structs on encoding (omitempty): `labels: {}` is no field. */
function omitEmpty(parent: TypeNode, child: TypeNode, value: Json): Json {
  const mapLike = child.kind === 'map' || child.kind === 'untyped';
  if (parent.kind === 'struct' && parent.go && mapLike && isObject(value) && Object.keys(value).length === 0)
    return undefined;
  return value;
}

/** What changed from `lhs` to `rhs`; containers that appear or disappear count themselves. */
export function compare(lhs: Json, rhs: Json, node: TypeNode): Comparison {
  const cmp = { added: emptySet(), modified: emptySet(), removed: emptySet() };
  walkCompare(lhs, rhs, node, [], cmp);
  return cmp;
}

function isEmptyContainer(v: Json): boolean {
  return (
    v === undefined || (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0)
  );
}

/**
 * `inGoZero`: a struct field of a built-in struct, present (empty) in Go's zero value, so its
 * appearing is no change of its own.
 */
function walkCompare(
  lhs: Json,
  rhs: Json,
  type: TypeNode,
  path: string[],
  cmp: Comparison,
  inGoZero = false,
): void {
  if (lhs === undefined && rhs === undefined) return;
  const node = resolve(type, rhs === undefined ? lhs : rhs);
  const sameShape =
    lhs === undefined ||
    rhs === undefined ||
    (Array.isArray(lhs) && Array.isArray(rhs)) ||
    (isObject(lhs) && isObject(rhs));
  const leaf =
    isAtomic(node) ||
    !sameShape ||
    !isContainer(lhs ?? rhs) ||
    (isEmptyContainer(lhs) && isEmptyContainer(rhs));
  if (leaf) {
    if (path.length === 0) return;
    if (lhs === undefined) insert(cmp.added, path);
    else if (rhs === undefined) insert(cmp.removed, path);
    else if (!deepEqual(lhs, rhs)) insert(cmp.modified, path);
    return;
  }
  if (node.kind === 'list') {
    const index = (list: Json): Map<string, Json> => {
      const out = new Map<string, Json>();
      if (Array.isArray(list))
        list.forEach((item, i) => {
          const pe = itemElement(node, item, i);
          if (!out.has(pe)) out.set(pe, item);
        });
      return out;
    };
    const l = index(lhs);
    const r = index(rhs);
    for (const pe of new Set([...l.keys(), ...r.keys()]))
      walkCompare(l.get(pe), r.get(pe), node.items, [...path, pe], cmp);
  } else {
    const l = isObject(lhs) ? lhs : {};
    const r = isObject(rhs) ? rhs : {};
    for (const key of new Set([...Object.keys(l), ...Object.keys(r)])) {
      const child = childNode(node, key);
      const zero = node.kind === 'struct' && !!node.go && child.kind === 'struct' && !!child.go;
      const path2 = [...path, fieldElement(key)];
      walkCompare(omitEmpty(node, child, l[key]), omitEmpty(node, child, r[key]), child, path2, cmp, zero);
    }
  }
  if (path.length === 0 || inGoZero) return;
  if (lhs === undefined) insert(cmp.added, path);
  else if (rhs === undefined) insert(cmp.removed, path);
}

/** The live object with the apply configuration merged in (configuration values win). */
export function merge(live: Json, config: Json, type: TypeNode): Json {
  if (config === undefined) return structuredClone(live);
  if (live === undefined || live === null) return structuredClone(config);
  const node = resolve(type, config);
  if (isAtomic(node)) return structuredClone(config);
  if (node.kind === 'list' && Array.isArray(live) && Array.isArray(config))
    return mergeList(live, config, node);
  if (isObject(live) && isObject(config)) {
    const out: JsonObject = structuredClone(live);
    for (const [key, value] of Object.entries(config)) {
      if (value === null) delete out[key];
      else out[key] = merge(live[key], value, childNode(node, key));
    }
    return out;
  }
  return structuredClone(config);
}

/**
 * Merges an associative list: live items keep their places, items of the configuration are merged
 * into their live counterparts and appear in the configuration's order, new ones after the
 * configuration items before them.
 */
function mergeList(live: Json[], config: Json[], node: Extract<TypeNode, { kind: 'list' }>): Json[] {
  const livePEs = live.map((item, i) => itemElement(node, item, i));
  const configPEs = config.map((item, i) => itemElement(node, item, i));
  const liveByPE = new Map<string, Json>();
  livePEs.forEach((pe, i) => liveByPE.has(pe) || liveByPE.set(pe, live[i]));
  const inConfig = new Set(configPEs);
  const emitted = new Set<string>();
  const out: Json[] = [];
  let i = 0;
  let j = 0;
  while (i < live.length || j < config.length) {
    if (i < live.length && j < config.length && livePEs[i] === configPEs[j]) {
      if (!emitted.has(configPEs[j]!)) out.push(merge(live[i], config[j], node.items));
      emitted.add(configPEs[j]!);
      i++;
      j++;
      continue;
    }
    if (i < live.length && !inConfig.has(livePEs[i]!)) {
      out.push(structuredClone(live[i]));
      i++;
      continue;
    }
    if (i < live.length && emitted.has(livePEs[i]!)) {
      i++;
      continue;
    }
    if (j < config.length) {
      const pe = configPEs[j]!;
      if (!emitted.has(pe)) out.push(merge(liveByPE.get(pe), config[j], node.items));
      emitted.add(pe);
      j++;
      continue;
    }
    i++;
  }
  return out;
}

/**
 * Removes from `value` the members of `remove`, except where `keep` still owns the path or
 * something below it. Maps emptied by the removal go too (Go drops empty maps on encoding).
 */
export function removeFields(value: Json, remove: FieldSet, keep: FieldSet, type: TypeNode): Json {
  return prune(value, remove, keep, type, []);
}

function prune(value: Json, remove: FieldSet, keep: FieldSet, type: TypeNode, path: FieldPath): Json {
  const node = resolve(type, value);
  if (node.kind === 'list' && Array.isArray(value)) {
    const out: Json[] = [];
    value.forEach((item, i) => {
      const pe = itemElement(node, item, i);
      const sub = remove.children.get(pe);
      const itemPath = [...path, pe];
      if (!sub) return out.push(item);
      if (sub.member && !hasAtOrBelow(keep, itemPath)) return;
      out.push(prune(item, sub, keep, node.items, itemPath));
    });
    return out;
  }
  if (!isObject(value)) return value;
  const out: JsonObject = { ...value };
  for (const [key, child] of Object.entries(value)) {
    const sub = remove.children.get(fieldElement(key));
    if (!sub) continue;
    const childPath = [...path, fieldElement(key)];
    // Named fields on the way to removed members count as removed too (structured-merge-diff's
    // EnsureNamedFieldsAreMembers): they go unless someone still owns something inside.
    if ((sub.member || declared(node, key)) && !hasAtOrBelow(keep, childPath)) {
      delete out[key];
      continue;
    }
    const pruned = prune(child, sub, keep, childNode(node, key), childPath);
    const emptied =
      isObject(pruned) &&
      Object.keys(pruned).length === 0 &&
      isObject(child) &&
      Object.keys(child).length > 0;
    if (emptied && !declared(node, key) && !hasAtOrBelow(keep, childPath)) delete out[key];
    else if (emptied && childNode(node, key).kind === 'map' && !hasAtOrBelow(keep, childPath))
      delete out[key];
    else out[key] = pruned;
  }
  return out;
}

/** Paths (`.spec.foo`) of fields a configuration sets that closed structs do not declare. */
export function undeclaredFields(value: Json, type: TypeNode, path: FieldPath = []): string[] {
  const node = resolve(type, value);
  if (node.kind === 'list' && Array.isArray(value) && node.listType !== 'atomic')
    return value.flatMap((item, i) =>
      undeclaredFields(item, node.items, [...path, itemElement(node, item, i)]),
    );
  if (node.kind === 'list' && Array.isArray(value))
    return value.flatMap((item, i) => undeclaredFields(item, node.items, [...path, indexElement(i)]));
  if (!isObject(value) || (node.kind !== 'struct' && node.kind !== 'map')) return [];
  const out: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    if (node.kind === 'struct' && node.closed && !declared(node, key)) {
      out.push(pathString([...path, fieldElement(key)]));
      continue;
    }
    out.push(...undeclaredFields(child, childNode(node, key), [...path, fieldElement(key)]));
  }
  return out;
}
