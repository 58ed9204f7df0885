// Evaluation of compiled x-kubernetes-validations rules against an object (and its old
// version on update), with kube's semantics:
//   - rules run top-down at every node that has a value; `self` is the node's value,
//   - transition rules (using oldSelf) run only when a correlated old value exists (object
//     fields by name, `map` lists by their keys), unless optionalOldSelf,
//   - ratcheting: on update, a failing rule that does not use oldSelf on an unchanged value is
//     not reported (kube turns it into a warning),
//   - at the resource root and in embedded resources, `metadata` exposes only name/generateName.

import { escapeCELName } from './cel-names.js';
import { isCelError, type CelResult } from '@bufbuild/cel';
import type { FieldError } from '../../registry/field-errors.js';
import type { JSONSchemaProps } from '../schema-types.js';
import { OPTIONAL_NONE } from './cel-lib.js';
import { compileValidationRules, type CompiledRule, type CompiledRules } from './cel.js';
import { NIL_PATH, OMIT, child, fe, index, key } from './errors.js';
import { mapListKey } from './validate.js';

type Json = unknown;

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deepEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => deepEqual(x, b[i]));
  }
  if (Array.isArray(b)) return false;
  const ak = Object.keys(a as object);
  const bo = b as Record<string, Json>;
  if (ak.length !== Object.keys(bo).length) return false;
  return ak.every((k) => k in bo && deepEqual((a as Record<string, Json>)[k], bo[k]));
}

/** JSON → CEL input, typed by the schema (integer → int, number → double). */
class Converter {
  private readonly cache = new WeakMap<object, unknown>();

  convert(v: Json, s: JSONSchemaProps | undefined, resource: boolean): unknown {
    if (v === null || v === undefined) return null;
    if (typeof v === 'number') {
      if (s?.type === 'number') return v;
      return Number.isInteger(v) ? BigInt(v) : v;
    }
    if (typeof v !== 'object') return v;
    const hit = this.cache.get(v);
    if (hit !== undefined) return hit;
    let out: unknown;
    if (Array.isArray(v)) {
      const list: unknown[] = new Array(v.length);
      for (let i = 0; i < v.length; i++) list[i] = this.convert(v[i], s?.items, false);
      out = list;
    } else {
      const m = new Map<string, unknown>();
      for (const [k, x] of Object.entries(v)) {
        if (resource && k === 'metadata') {
          m.set(k, this.metadata(x));
          continue;
        }
        const declared = s?.properties?.[k];
        const ps =
          declared ?? (typeof s?.additionalProperties === 'object' ? s.additionalProperties : undefined);
        // Declared properties are seen under their CEL-escaped names (cel-names.ts); map keys as they are.
        m.set(declared ? escapeCELName(k) : k, this.convert(x, ps, !!ps?.['x-kubernetes-embedded-resource']));
      }
      out = m;
    }
    this.cache.set(v, out);
    return out;
  }

  private metadata(x: Json): unknown {
    const m = new Map<string, unknown>();
    if (isObject(x)) {
      if (typeof x.name === 'string') m.set('name', x.name);
      if (typeof x.generateName === 'string') m.set('generateName', x.generateName);
    }
    return m;
  }
}

function ruleErrorString(r: CompiledRule): string {
  return r.rule.message?.trim() ? r.rule.message.trim() : r.rule.rule.trim();
}

/** cel-go's wording of the common runtime errors. */
function runtimeError(e: Error): string {
  const msg = e.message;
  const m = msg.match(/^field not found: (.*)$/);
  if (m) return `no such key: ${m[1]}`;
  if (/divide by zero/.test(msg)) return 'division by zero';
  if (/modulus by zero|modulo by zero/.test(msg)) return 'modulus by zero';
  return msg;
}

interface Walk {
  program: CompiledRules;
  conv: Converter;
  errs: FieldError[];
  ratchet: boolean;
}

function evalNode(
  w: Walk,
  s: JSONSchemaProps,
  v: Json,
  old: Json,
  hasOld: boolean,
  path: string,
  resource: boolean,
): void {
  const rules = w.program.nodes.get(s);
  if (rules) {
    const unchanged = hasOld && w.ratchet && deepEqual(v, old);
    let self: unknown;
    let oldSelf: unknown;
    for (const r of rules) {
      if (r.usesOldSelf && !hasOld && !r.optionalOldSelf) continue;
      if (!r.usesOldSelf && unchanged) continue;
      self ??= w.conv.convert(v, s, resource);
      if (hasOld) oldSelf ??= w.conv.convert(old, s, resource);
      const bindings = { self, oldSelf: hasOld ? oldSelf : OPTIONAL_NONE };
      const result: CelResult = r.run(bindings);
      const typeName = s.type ?? '';
      if (isCelError(result)) {
        const msg = runtimeError(result);
        const at = path || NIL_PATH;
        if (/no matching overload|unbound function|no such overload/.test(result.message)) {
          w.errs.push(
            fe.invalid(
              at,
              typeName,
              `'no such overload': call arguments did not match a supported operator, function or macro signature for rule: ${ruleErrorString(r)}`,
            ),
          );
        } else w.errs.push(fe.invalid(at, typeName, `${msg} evaluating rule: ${ruleErrorString(r)}`));
        continue;
      }
      if (result === true) continue;
      let detail: string | undefined;
      if (r.message) {
        const m = r.message(bindings);
        if (typeof m === 'string' && m.trim() && !m.trim().includes('\n') && m.trim().length <= 5120)
          detail = m.trim();
      }
      detail ??= r.rule.message?.trim() ? r.rule.message.trim() : `failed rule: ${r.rule.rule.trim()}`;
      const at = (r.fieldPath ? child(path, r.fieldPath) : path) || NIL_PATH;
      const value = s.type === 'object' || s.type === 'array' ? OMIT : (v ?? null);
      switch (r.rule.reason) {
        case 'FieldValueForbidden':
          w.errs.push(fe.forbidden(at, detail));
          break;
        case 'FieldValueRequired':
          w.errs.push(fe.required(at, detail));
          break;
        case 'FieldValueDuplicate':
          w.errs.push(fe.duplicate(at, value));
          break;
        default:
          w.errs.push(fe.invalid(at, value, detail));
      }
    }
  }
  if (isObject(v)) {
    const props = s.properties ?? {};
    const oldObj = hasOld && isObject(old) ? old : undefined;
    for (const [k, ps] of Object.entries(props)) {
      if (!(k in v) || !w.program.relevant.has(ps)) continue;
      const embedded = !!ps['x-kubernetes-embedded-resource'];
      evalNode(w, ps, v[k], oldObj?.[k], !!oldObj && k in oldObj, child(path, k), embedded);
    }
    const ap = typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
    if (ap && w.program.relevant.has(ap)) {
      for (const [k, x] of Object.entries(v)) {
        if (k in props) continue;
        evalNode(
          w,
          ap,
          x,
          oldObj?.[k],
          !!oldObj && k in oldObj,
          key(path, k),
          !!ap['x-kubernetes-embedded-resource'],
        );
      }
    }
  } else if (Array.isArray(v) && s.items && w.program.relevant.has(s.items)) {
    const items = s.items;
    const mapKeys =
      s['x-kubernetes-list-type'] === 'map' ? (s['x-kubernetes-list-map-keys'] ?? []) : undefined;
    let oldByKey: Map<string, Json> | undefined;
    if (mapKeys && hasOld && Array.isArray(old)) {
      oldByKey = new Map(old.map((x) => [mapListKey(x, mapKeys), x]));
    }
    const embedded = !!items['x-kubernetes-embedded-resource'];
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      const k = oldByKey ? mapListKey(x, mapKeys!) : undefined;
      const has = k !== undefined && oldByKey!.has(k);
      evalNode(w, items, x, has ? oldByKey!.get(k!) : undefined, has, index(path, i), embedded);
    }
  }
}

/**
 * Runs the compiled rules against a whole custom object (and the old object on update).
 * Errors carry kube's paths (`spec.x`, `<nil>` for rules at the root).
 */
export function evaluateValidationRules(program: CompiledRules, obj: unknown, old?: unknown): FieldError[] {
  if (!program.relevant.has(program.schema)) return [];
  const w: Walk = { program, conv: new Converter(), errs: [], ratchet: old !== undefined };
  evalNode(w, program.schema, obj, old, old !== undefined && old !== null, '', true);
  return w.errs;
}

const defaultPrograms = new WeakMap<JSONSchemaProps, CompiledRules>();

/**
 * CEL check of a schema default at CRD write time: the rules of the defaulted node and below,
 * first with oldSelf = the default, then without an old value (kube's two passes).
 */
export function evaluateNodeRulesForDefault(
  s: JSONSchemaProps,
  value: unknown,
  path: string,
  resource: boolean,
): FieldError[] {
  let program = defaultPrograms.get(s);
  if (!program) {
    program = compileValidationRules(s, '').program;
    defaultPrograms.set(s, program);
  }
  if (!program.relevant.has(s)) return [];
  const run = (old: unknown, hasOld: boolean) => {
    const w: Walk = { program: program!, conv: new Converter(), errs: [], ratchet: false };
    evalNode(w, s, value, old, hasOld, path, resource);
    return w.errs;
  };
  const first = run(value, true);
  return first.length ? first : run(undefined, false);
}
