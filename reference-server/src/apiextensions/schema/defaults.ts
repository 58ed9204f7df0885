// Structural defaulting (apiextensions' defaulting algorithm), in place:
//   1. nulls of non-nullable fields without a default are dropped,
//   2. missing fields — and nulls of non-nullable fields — get a copy of their default, top-down,
//      so a defaulted object is itself defaulted further (`{}` → `{x: 7}`).

import type { JSONSchemaProps } from '../schema-types.js';

type Json = unknown;

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function hasDefault(s: JSONSchemaProps | undefined): boolean {
  return s !== undefined && s.default !== undefined && s.default !== null;
}

function nonNullableNull(x: Json, s: JSONSchemaProps | undefined): boolean {
  return x === null && s !== undefined && !s.nullable;
}

function fieldSchema(s: JSONSchemaProps | undefined, k: string): JSONSchemaProps | undefined {
  return (
    s?.properties?.[k] ?? (typeof s?.additionalProperties === 'object' ? s.additionalProperties : undefined)
  );
}

function pruneNulls(x: Json, s: JSONSchemaProps | undefined): void {
  if (isObject(x)) {
    for (const k of Object.keys(x)) {
      const fs = fieldSchema(s, k);
      if (nonNullableNull(x[k], fs) && !hasDefault(fs)) delete x[k];
      else pruneNulls(x[k], fs);
    }
  } else if (Array.isArray(x)) {
    for (const v of x) pruneNulls(v, s?.items);
  }
}

function fill(x: Json, s: JSONSchemaProps | undefined): void {
  if (!s) return;
  if (isObject(x)) {
    for (const [k, prop] of Object.entries(s.properties ?? {})) {
      if (!hasDefault(prop)) continue;
      if (!(k in x) || nonNullableNull(x[k], prop)) x[k] = structuredClone(prop.default);
    }
    const ap = typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
    for (const k of Object.keys(x)) {
      const prop = s.properties?.[k];
      if (prop) fill(x[k], prop);
      else if (ap) {
        if (nonNullableNull(x[k], ap) && hasDefault(ap)) x[k] = structuredClone(ap.default);
        fill(x[k], ap);
      }
    }
  } else if (Array.isArray(x)) {
    const items = s.items;
    for (let i = 0; i < x.length; i++) {
      if (nonNullableNull(x[i], items) && hasDefault(items)) x[i] = structuredClone(items!.default);
      fill(x[i], items);
    }
  }
}

/** Applies the schema's defaults to `obj` in place. */
export function applyDefaults(schema: JSONSchemaProps, obj: unknown): void {
  pruneNulls(obj, schema);
  fill(obj, schema);
}
