// Field sets as server-side apply tracks them: a tree of path elements whose nodes may be
// members (owned). Path elements are kept in their fieldsV1 spelling, which is also how they
// sort and compare: `f:<name>` (a field), `k:<json>` (an item of a list keyed by some fields),
// `v:<json>` (an item of a set list), `i:<index>` (an item addressed by position). A node that
// is a member and has children is written `".": {}` in fieldsV1.

export interface FieldSet {
  member: boolean;
  children: Map<string, FieldSet>;
}

export type FieldPath = readonly string[];

export function emptySet(): FieldSet {
  return { member: false, children: new Map() };
}

export function fieldElement(name: string): string {
  return `f:${name}`;
}

/** `k:{...}`: the key fields of an item, sorted by name, as compact JSON. */
export function keyElement(key: Record<string, unknown>): string {
  const sorted: Record<string, unknown> = {};
  for (const name of Object.keys(key).sort()) sorted[name] = key[name];
  return `k:${JSON.stringify(sorted)}`;
}

export function valueElement(value: unknown): string {
  return `v:${JSON.stringify(value)}`;
}

export function indexElement(index: number): string {
  return `i:${index}`;
}

export function insert(set: FieldSet, path: FieldPath): void {
  let node = set;
  for (const pe of path) {
    let child = node.children.get(pe);
    if (!child) {
      child = emptySet();
      node.children.set(pe, child);
    }
    node = child;
  }
  if (path.length > 0) node.member = true;
}

export function has(set: FieldSet, path: FieldPath): boolean {
  let node: FieldSet | undefined = set;
  for (const pe of path) {
    node = node.children.get(pe);
    if (!node) return false;
  }
  return path.length > 0 && node.member;
}

/** True when the set has a member at `path` or anywhere below it. */
export function hasAtOrBelow(set: FieldSet, path: FieldPath): boolean {
  let node: FieldSet | undefined = set;
  for (const pe of path) {
    node = node.children.get(pe);
    if (!node) return false;
  }
  return !isEmpty(node);
}

export function isEmpty(set: FieldSet): boolean {
  if (set.member) return false;
  for (const child of set.children.values()) if (!isEmpty(child)) return false;
  return true;
}

export function copySet(set: FieldSet): FieldSet {
  return union(set, emptySet());
}

export function union(a: FieldSet, b: FieldSet): FieldSet {
  const out: FieldSet = { member: a.member || b.member, children: new Map() };
  for (const pe of new Set([...a.children.keys(), ...b.children.keys()])) {
    out.children.set(pe, union(a.children.get(pe) ?? emptySet(), b.children.get(pe) ?? emptySet()));
  }
  return out;
}

/** Members of `a` that are not members of `b` (at the same path). */
export function difference(a: FieldSet, b: FieldSet): FieldSet {
  const out: FieldSet = { member: a.member && !b.member, children: new Map() };
  for (const [pe, child] of a.children) {
    const rest = difference(child, b.children.get(pe) ?? emptySet());
    if (!isEmpty(rest)) out.children.set(pe, rest);
  }
  return out;
}

/** Members of `a` that are neither members of `b` nor below one of its members. */
export function recursiveDifference(a: FieldSet, b: FieldSet): FieldSet {
  const out: FieldSet = { member: a.member && !b.member, children: new Map() };
  for (const [pe, child] of a.children) {
    const other = b.children.get(pe);
    if (other?.member) continue;
    const rest = other ? recursiveDifference(child, other) : copySet(child);
    if (!isEmpty(rest)) out.children.set(pe, rest);
  }
  return out;
}

export function intersection(a: FieldSet, b: FieldSet): FieldSet {
  const out: FieldSet = { member: a.member && b.member, children: new Map() };
  for (const [pe, child] of a.children) {
    const other = b.children.get(pe);
    if (!other) continue;
    const both = intersection(child, other);
    if (!isEmpty(both)) out.children.set(pe, both);
  }
  return out;
}

const kindOrder = { f: 0, k: 1, v: 2, i: 3 } as Record<string, number>;

/** The order of path elements: fields, then keyed items, then values, then indexes. */
export function comparePathElements(a: string, b: string): number {
  const ka = kindOrder[a[0]!] ?? 4;
  const kb = kindOrder[b[0]!] ?? 4;
  if (ka !== kb) return ka - kb;
  if (a[0] === 'i') return Number(a.slice(2)) - Number(b.slice(2));
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortedChildren(set: FieldSet): [string, FieldSet][] {
  return [...set.children.entries()].sort(([a], [b]) => comparePathElements(a, b));
}

/** Every member path, in set order (a member before its descendants). */
export function members(set: FieldSet, prefix: string[] = []): string[][] {
  const out: string[][] = [];
  if (set.member && prefix.length > 0) out.push(prefix);
  for (const [pe, child] of sortedChildren(set)) out.push(...members(child, [...prefix, pe]));
  return out;
}

/** A path as kube prints it in conflict messages: `.spec.containers[name="app"].image`. */
export function pathString(path: FieldPath): string {
  return path
    .map((pe) => {
      const body = pe.slice(2);
      if (pe.startsWith('f:')) return `.${body}`;
      if (pe.startsWith('i:')) return `[${body}]`;
      if (pe.startsWith('v:')) return `[=${body}]`;
      const key = JSON.parse(body) as Record<string, unknown>;
      return `[${Object.entries(key)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(',')}]`;
    })
    .join('');
}

export type FieldsV1 = { [element: string]: FieldsV1 };

export function toFieldsV1(set: FieldSet): FieldsV1 {
  const out: FieldsV1 = {};
  if (set.member && set.children.size > 0) out['.'] = {};
  for (const [pe, child] of sortedChildren(set)) out[pe] = toFieldsV1(child);
  return out;
}

/** Thrown for a fieldsV1 value that is not a valid field set. */
export class FieldsV1Error extends Error {}

function checkElement(pe: string): void {
  const kind = pe.slice(0, 2);
  const body = pe.slice(2);
  if (kind === 'f:') return;
  if (kind === 'i:' && /^\d+$/.test(body)) return;
  if (kind === 'k:' || kind === 'v:') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new FieldsV1Error(`invalid path element ${JSON.stringify(pe)}`);
    }
    if (kind === 'v:' || (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))) return;
  }
  throw new FieldsV1Error(`invalid path element ${JSON.stringify(pe)}`);
}

/** Reads a fieldsV1 document; a node with no children is a member, `.` marks inner members. */
export function fromFieldsV1(doc: unknown, top = true): FieldSet {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw new FieldsV1Error('fieldsV1 must be an object');
  const set = emptySet();
  const entries = Object.entries(doc);
  if (!top && entries.length === 0) set.member = true;
  for (const [pe, child] of entries) {
    if (pe === '.') {
      set.member = true;
      continue;
    }
    checkElement(pe);
    set.children.set(pe, fromFieldsV1(child, false));
  }
  return set;
}
