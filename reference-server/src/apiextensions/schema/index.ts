// The structural-schema engine of CustomResourceDefinitions: CRD-write validation of
// `openAPIV3Schema`, and validation, pruning, defaulting and CEL rules for custom objects —
// pure functions over JSONSchemaProps and decoded JSON, messages as Kubernetes 1.36 words them.
//
// Typical use by the serving code (compile once per CRD uid + resourceVersion):
//   const compiled = compileSchema(schema);
//   decode → pruneObject (report paths for fieldValidation) → applyDefaults →
//   validateCustomObject(compiled, obj, old) → 422 with the causes.

import type { FieldError } from '../../registry/field-errors.js';
import type { JSONSchemaProps } from '../schema-types.js';
import { compileValidationRules, type CompiledRules } from './cel.js';
import { evaluateValidationRules } from './cel-eval.js';
import { NIL_PATH, fe } from './errors.js';
import { validateEmbeddedResources, validateListSetsAndMaps, validateValue } from './validate.js';

export { structuralSchemaErrors, type StructuralOptions } from './structural.js';
export { pruneObject } from './prune.js';
export { schemaShapeError } from './shape.js';
export { applyDefaults } from './defaults.js';
export { compileValidationRules, type CompiledRules, type CompiledRule } from './cel.js';
export { evaluateValidationRules } from './cel-eval.js';

export interface ValidateOptions {
  /** The stored object on update: enables ratcheting and transition rules. */
  old?: unknown;
  /** Pre-compiled rules (from compileSchema/compileValidationRules); compiled here when absent. */
  rules?: CompiledRules;
}

/** A schema with its rules compiled: build once per CRD version, reuse for every request. */
export interface CompiledSchema {
  schema: JSONSchemaProps;
  rules: CompiledRules;
}

export function compileSchema(schema: JSONSchemaProps): CompiledSchema {
  return { schema, rules: cachedRules(schema) };
}

// Rules compiled per schema object, so callers that keep their schema objects get compile-once
// for free (schemas must be treated as immutable once validated).
const compiledBySchema = new WeakMap<JSONSchemaProps, CompiledRules>();

function cachedRules(schema: JSONSchemaProps): CompiledRules {
  let rules = compiledBySchema.get(schema);
  if (!rules) {
    rules = compileValidationRules(schema, '').program;
    compiledBySchema.set(schema, rules);
  }
  return rules;
}

const BLOCKING = new Set([
  'FieldValueNotSupported',
  'FieldValueRequired',
  'FieldValueTooLong',
  'FieldValueTooMany',
  'FieldValueTypeInvalid',
]);

/**
 * Validation of a whole custom object, in the order of kube's custom-resource strategy: OpenAPI
 * schema validation, embedded resources' apiVersion/kind, list-type set/map uniqueness, then the
 * CEL rules — skipped, with kube's `<nil>` notice, when an earlier error makes them unreliable.
 * ObjectMeta itself (name format, labels...) is the caller's job, as for every resource.
 * On update, schema errors of values that did not change are dropped (validation ratcheting).
 */
export function validateObject(
  schema: JSONSchemaProps,
  obj: unknown,
  opts: ValidateOptions = {},
): FieldError[] {
  const errs = validateValue(schema, obj, '', '');
  const schemaErrs = opts.old === undefined ? errs : ratchet(errs, obj, opts.old);
  const out = [...schemaErrs, ...validateEmbeddedResources(schema, obj, '')];
  const oldListErrs = opts.old === undefined ? [] : validateListSetsAndMaps(schema, opts.old, '');
  if (oldListErrs.length === 0) out.push(...validateListSetsAndMaps(schema, obj, ''));
  const rules = opts.rules ?? cachedRules(schema);
  if (!rules.relevant.has(rules.schema)) return out;
  if (out.some((e) => BLOCKING.has(e.type))) {
    out.push(
      fe.invalid(
        NIL_PATH,
        null,
        'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
      ),
    );
    return out;
  }
  out.push(...evaluateValidationRules(rules, obj, opts.old));
  return out;
}

/** Same as validateObject with a CompiledSchema. */
export function validateCustomObject(compiled: CompiledSchema, obj: unknown, old?: unknown): FieldError[] {
  return validateObject(compiled.schema, obj, { old, rules: compiled.rules });
}

/** Drops errors on fields whose value is the same in the old object (kube's CRD validation ratcheting). */
function ratchet(errs: FieldError[], obj: unknown, old: unknown): FieldError[] {
  return errs.filter((e) => {
    if (e.field === NIL_PATH || !e.field) return true;
    const now = lookup(obj, e.field);
    const before = lookup(old, e.field);
    return !(now.found && before.found && JSON.stringify(now.value) === JSON.stringify(before.value));
  });
}

function lookup(root: unknown, path: string): { found: boolean; value?: unknown } {
  let cur: unknown = root;
  for (const part of path.match(/[^.[\]]+|\[\d+\]/g) ?? []) {
    if (part.startsWith('[')) {
      const i = Number(part.slice(1, -1));
      if (!Array.isArray(cur) || i >= cur.length) return { found: false };
      cur = cur[i];
    } else {
      if (typeof cur !== 'object' || cur === null || Array.isArray(cur) || !(part in cur))
        return { found: false };
      cur = (cur as Record<string, unknown>)[part];
    }
  }
  return { found: true, value: cur };
}
