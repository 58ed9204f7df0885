// fieldValidation (Ignore | Warn | Strict): kube-apiserver decodes bodies strictly and reports
// unknown fields (`unknown field "spec.foo"`) and duplicate JSON members (`duplicate field
// "data"`) in document order, as 299 Warning headers (Warn, the default) or as the request's
// failure (Strict). The known fields come from known-fields.ts; a type without an entry only
// has its duplicates reported.

import { ApiError, badRequest, failure } from '../api/status.js';
import { goFormat } from './strategic-merge/go-format.js';
import type { KnownField, KnownFields } from './known-fields.js';

export type FieldValidation = 'Ignore' | 'Warn' | 'Strict';

// ---- a JSON parser that keeps duplicate members and member order ----

type Node =
  { kind: 'object'; entries: [string, Node][] } | { kind: 'array'; items: Node[] } | { kind: 'scalar' };

/** Parses text already known to be valid JSON (JSON.parse accepted it). */
function parseNodes(text: string): Node {
  let pos = 0;
  const ws = () => {
    while (pos < text.length && ' \t\r\n'.includes(text[pos]!)) pos++;
  };
  const str = (): string => {
    const start = pos;
    pos++;
    while (text[pos] !== '"') pos += text[pos] === '\\' ? 2 : 1;
    pos++;
    return JSON.parse(text.slice(start, pos)) as string;
  };
  const value = (): Node => {
    ws();
    const c = text[pos];
    if (c === '{') {
      pos++;
      const entries: [string, Node][] = [];
      ws();
      if (text[pos] === '}') {
        pos++;
        return { kind: 'object', entries };
      }
      for (;;) {
        ws();
        const key = str();
        ws();
        pos++; // ':'
        entries.push([key, value()]);
        ws();
        if (text[pos++] === '}') return { kind: 'object', entries };
      }
    }
    if (c === '[') {
      pos++;
      const items: Node[] = [];
      ws();
      if (text[pos] === ']') {
        pos++;
        return { kind: 'array', items };
      }
      for (;;) {
        items.push(value());
        ws();
        if (text[pos++] === ']') return { kind: 'array', items };
      }
    }
    if (c === '"') str();
    else while (pos < text.length && !',]} \t\r\n'.includes(text[pos]!)) pos++;
    return { kind: 'scalar' };
  };
  return value();
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function walkNode(node: Node, known: KnownField | undefined, path: string, out: string[]): void {
  if (node.kind === 'object') {
    const fields = known !== undefined && known !== 'value' && 'object' in known ? known.object : undefined;
    const seen = new Set<string>();
    for (const [key, child] of node.entries) {
      const p = join(path, key);
      if (seen.has(key)) out.push(`duplicate field "${p}"`);
      seen.add(key);
      if (fields && !Object.prototype.hasOwnProperty.call(fields, key)) {
        out.push(`unknown field "${p}"`);
        continue;
      }
      walkNode(child, fields ? fields[key] : 'value', p, out);
    }
  } else if (node.kind === 'array') {
    const elem = known !== undefined && known !== 'value' && 'list' in known ? known.list : 'value';
    node.items.forEach((item, i) => walkNode(item, elem, `${path}[${i}]`, out));
  }
}

/**
 * The strict decoding errors of a request body, in document order: duplicate members anywhere,
 * unknown fields where `known` describes the object (undefined: duplicates only).
 */
export function strictErrorsOfBody(text: string, known?: KnownFields): string[] {
  const out: string[] = [];
  walkNode(parseNodes(text), known ? { object: known } : 'value', '', out);
  return out;
}

/** Unknown fields of a decoded object (a patch result), members visited in sorted order as Go marshals maps. */
export function unknownFieldsOf(obj: unknown, known: KnownFields): string[] {
  const out: string[] = [];
  const walk = (v: unknown, k: KnownField, path: string) => {
    if (k === 'value' || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      if ('list' in k) v.forEach((e, i) => walk(e, k.list, `${path}[${i}]`));
      return;
    }
    if (!('object' in k)) return;
    for (const key of Object.keys(v).sort()) {
      const p = join(path, key);
      const f = Object.prototype.hasOwnProperty.call(k.object, key) ? k.object[key] : undefined;
      if (f === undefined) out.push(`unknown field "${p}"`);
      else walk((v as Record<string, unknown>)[key], f, p);
    }
  };
  walk(obj, { object: known }, '');
  return out;
}

// ---- outcomes ----

/** The Warning header values for strict errors under Warn (kube's warning code 299, agent "-"). */
export function strictWarnings(errors: string[]): string[] {
  return errors.map((e) => `299 - ${JSON.stringify(e)}`);
}

/** Strict on create/update: 400, as the body's decoding fails (`... cannot be handled as a ...`). */
export function strictBodyError(kind: string, version: string, errors: string[]): ApiError {
  return badRequest(
    `${kind} in version "${version}" cannot be handled as a ${kind}: strict decoding error: ${errors.join(', ')}`,
  );
}

/**
 * Strict on patch: 422 with a `patch` cause whose value is the patched JSON (JSON and merge
 * patch) or the patch as Go prints a map (strategic merge patch).
 */
/** A patched object the decoder refuses: 422 on `patch`, quoting the patched value as kube does. */
export function invalidPatchError(value: string, problem: string): ApiError {
  const detail = `Invalid value: ${JSON.stringify(value)}: ${problem}`;
  return new ApiError(
    failure(422, 'Invalid', ` "" is invalid: patch: ${detail}`, {
      causes: [{ reason: 'FieldValueInvalid', message: detail, field: 'patch' }],
    }),
  );
}

export function strictPatchError(value: string, errors: string[]): ApiError {
  const detail = `Invalid value: ${JSON.stringify(value)}: strict decoding error: ${errors.join(', ')}`;
  return new ApiError(
    failure(422, 'Invalid', ` "" is invalid: patch: ${detail}`, {
      causes: [{ reason: 'FieldValueInvalid', message: detail, field: 'patch' }],
    }),
  );
}

/** Drops unknown fields in place: Go's decoding never keeps them, so they are never stored. */
export function pruneUnknownFields(obj: unknown, known: KnownFields): void {
  const prune = (v: unknown, k: KnownField) => {
    if (k === 'value' || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      if ('list' in k) v.forEach((e) => prune(e, k.list));
      return;
    }
    if (!('object' in k)) return;
    const o = v as Record<string, unknown>;
    for (const key of Object.keys(o)) {
      const f = Object.prototype.hasOwnProperty.call(k.object, key) ? k.object[key] : undefined;
      if (f === undefined) delete o[key];
      else prune(o[key], f);
    }
  };
  prune(obj, { object: known });
}

/** The strict errors of a patch, as a 422 value: the patch as Go prints a map. */
export const strategicPatchValue = goFormat;

/** Applies a validation directive: Strict throws `fail()`, Warn returns warnings, Ignore nothing. */
export function enforce(directive: FieldValidation, errors: string[], fail: () => ApiError): string[] {
  if (directive === 'Ignore' || errors.length === 0) return [];
  if (directive === 'Strict') throw fail();
  return strictWarnings(errors);
}
