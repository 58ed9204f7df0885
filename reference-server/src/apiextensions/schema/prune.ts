// Pruning of fields a structural schema does not specify (apiextensions' pruning algorithm):
// unknown fields are deleted in place and their paths returned, the way the API server reports
// them for fieldValidation=Strict (`unknown field "spec.foo"`) and Warn (one warning per path).
//
// apiVersion/kind/metadata are kept at the root and in x-kubernetes-embedded-resource objects;
// their ObjectMeta is cleaned separately (unknown ObjectMeta fields, reported after the
// schema-pruned paths, again like kube).

import { objectMetaFields } from '../../api/object-meta-fields.js';
import type { JSONSchemaProps } from '../schema-types.js';

type Json = unknown;

const META_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

const OBJECT_META_FIELDS = new Set(objectMetaFields);

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function join(parent: string, k: string): string {
  return parent ? `${parent}.${k}` : k;
}

/**
 * Prunes `value` against `s` (no ObjectMeta handling). `embedded` treats the value as a
 * resource (keeps apiVersion/kind/metadata). Returns the sorted pruned paths below `parent`.
 */
export function pruneValue(
  s: JSONSchemaProps | undefined,
  value: Json,
  embedded: boolean,
  parent = '',
): string[] {
  const out: string[] = [];
  const root: JSONSchemaProps | undefined = embedded
    ? { ...(s ?? {}), 'x-kubernetes-embedded-resource': true }
    : s;
  prune(value, root, parent, out);
  return out.sort();
}

function prune(x: Json, s: JSONSchemaProps | undefined, path: string, out: string[]): void {
  if (s?.['x-kubernetes-preserve-unknown-fields']) {
    skipPrune(x, s, path, out);
    return;
  }
  if (isObject(x)) {
    if (!s) {
      for (const k of Object.keys(x)) {
        out.push(join(path, k));
        delete x[k];
      }
      return;
    }
    const embedded = !!s['x-kubernetes-embedded-resource'];
    for (const k of Object.keys(x)) {
      if (embedded && META_FIELDS.has(k)) continue;
      const prop = s.properties?.[k];
      if (prop) prune(x[k], prop, join(path, k), out);
      else if (s.additionalProperties !== undefined && s.additionalProperties !== false) {
        prune(
          x[k],
          typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined,
          join(path, k),
          out,
        );
      } else {
        if (!META_FIELDS.has(k) || path) out.push(join(path, k));
        delete x[k];
      }
    }
  } else if (Array.isArray(x)) {
    const items = s ? s.items : undefined;
    for (let i = 0; i < x.length; i++) prune(x[i], items, `${path}[${i}]`, out);
  }
}

function skipPrune(x: Json, s: JSONSchemaProps, path: string, out: string[]): void {
  if (isObject(x)) {
    const embedded = !!s['x-kubernetes-embedded-resource'];
    for (const k of Object.keys(x)) {
      if (embedded && META_FIELDS.has(k)) continue;
      const prop = s.properties?.[k];
      if (prop) prune(x[k], prop, join(path, k), out);
      else if (s.additionalProperties !== undefined && s.additionalProperties !== false) {
        prune(
          x[k],
          typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined,
          join(path, k),
          out,
        );
      }
    }
  } else if (Array.isArray(x) && s.items) {
    const items = s.items;
    for (let i = 0; i < x.length; i++) skipPrune(x[i], items, `${path}[${i}]`, out);
  }
}

/** Drops unknown ObjectMeta fields of `obj.metadata`, returning their paths. */
function pruneObjectMeta(obj: Json, path: string, out: string[]): void {
  if (!isObject(obj) || !isObject(obj.metadata)) return;
  const meta = obj.metadata;
  for (const k of Object.keys(meta)) {
    if (!OBJECT_META_FIELDS.has(k)) {
      out.push(join(join(path, 'metadata'), k));
      delete meta[k];
    }
  }
}

/** Every embedded resource below the root, with its field path. */
function embeddedResources(
  s: JSONSchemaProps | undefined,
  x: Json,
  path: string,
  out: Array<[Json, string]>,
): void {
  if (!s) return;
  if (isObject(x)) {
    if (path && s['x-kubernetes-embedded-resource']) out.push([x, path]);
    for (const [k, v] of Object.entries(x)) {
      if (!path && META_FIELDS.has(k)) continue;
      const prop =
        s.properties?.[k] ??
        (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
      embeddedResources(prop, v, join(path, k), out);
    }
  } else if (Array.isArray(x)) {
    x.forEach((v, i) => embeddedResources(s.items, v, `${path}[${i}]`, out));
  }
}

/**
 * Removes unknown fields of a whole custom object in place. Returns the pruned paths in the
 * order kube reports them: unknown root ObjectMeta fields, then the schema-pruned paths
 * (sorted), then unknown ObjectMeta fields of embedded resources.
 */
export function pruneObject(schema: JSONSchemaProps, obj: Record<string, unknown>): string[] {
  const rootMeta: string[] = [];
  pruneObjectMeta(obj, '', rootMeta);
  const pruned = pruneValue(schema, obj, true);
  const embedded: Array<[Json, string]> = [];
  embeddedResources(schema, obj, '', embedded);
  const embeddedMeta: string[] = [];
  for (const [x, p] of embedded) pruneObjectMeta(x, p, embeddedMeta);
  return [...rootMeta, ...pruned, ...embeddedMeta];
}
