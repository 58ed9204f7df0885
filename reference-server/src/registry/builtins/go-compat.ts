// Go behaviour the built-in types below need to match byte for byte: how encoding/json
// (sigs.k8s.io/json in kube-apiserver) refuses a body that does not fit the Go struct, how it
// decodes []byte fields (padded standard base64, '\r' and '\n' ignored), the syntax errors of
// json.Unmarshal (used to check docker config secrets), and how field.Error prints values
// that are not plain strings (%#v).

import { badRequest } from '../../api/status.js';
import type { FieldError } from '../field-errors.js';

/** A Go type as encoding/json sees it. Struct and named types carry their Go name (`v1.Subject`). */
export type GoType =
  | { kind: 'string'; name?: string }
  | { kind: 'bool' }
  | { kind: 'bytes' }
  | { kind: 'slice'; elem: GoType }
  | { kind: 'map'; elem: GoType }
  | { kind: 'struct'; name: string; fields: Record<string, GoType> };

export const goString: GoType = { kind: 'string' };
export const goStringSlice: GoType = { kind: 'slice', elem: goString };
export const goStringMap: GoType = { kind: 'map', elem: goString };

export function goTypeName(t: GoType): string {
  switch (t.kind) {
    case 'string':
      return t.name ?? 'string';
    case 'bool':
      return 'bool';
    case 'bytes':
      return '[]uint8';
    case 'slice':
      return `[]${goTypeName(t.elem)}`;
    case 'map':
      return `map[string]${goTypeName(t.elem)}`;
    case 'struct':
      return t.name;
  }
}

/** The JSON kind in UnmarshalTypeError.Value. */
function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  return typeof v === 'object' ? 'object' : typeof v;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

interface DecodeContext {
  /** Innermost struct entered (UnmarshalTypeError.Struct, without its package). */
  struct: string;
  /** Struct field names from the root (UnmarshalTypeError.Field). */
  path: string[];
}

function typeError(value: string, t: GoType, ctx: DecodeContext): string {
  return `json: cannot unmarshal ${value} into Go struct field ${ctx.struct}.${ctx.path.join('.')} of type ${goTypeName(t)}`;
}

/** The first error Go's decoder would report for `v` decoded into `t` (it keeps the first). */
function decodeError(v: unknown, t: GoType, ctx: DecodeContext): string | undefined {
  if (v === null || v === undefined) return undefined;
  switch (t.kind) {
    case 'string':
      return typeof v === 'string' ? undefined : typeError(jsonKind(v), t, ctx);
    case 'bool':
      return typeof v === 'boolean' ? undefined : typeError(jsonKind(v), t, ctx);
    case 'bytes': {
      if (typeof v === 'string') {
        const r = decodeGoBase64(v);
        return 'bytes' in r ? undefined : `illegal base64 data at input byte ${r.errorAt}`;
      }
      if (!Array.isArray(v)) return typeError(jsonKind(v), t, ctx);
      // A JSON array decodes into []byte element by element.
      const uint8: GoType = { kind: 'string', name: 'uint8' };
      for (const b of v) {
        if (b === null) continue;
        if (typeof b !== 'number') return typeError(jsonKind(b), uint8, ctx);
        if (!Number.isInteger(b) || b < 0 || b > 255) return typeError(`number ${String(b)}`, uint8, ctx);
      }
      return undefined;
    }
    case 'slice': {
      if (!Array.isArray(v)) return typeError(jsonKind(v), t, ctx);
      for (const e of v) {
        const err = decodeError(e, t.elem, ctx);
        if (err) return err;
      }
      return undefined;
    }
    case 'map': {
      if (!isObject(v)) return typeError(jsonKind(v), t, ctx);
      for (const e of Object.values(v)) {
        const err = decodeError(e, t.elem, ctx);
        if (err) return err;
      }
      return undefined;
    }
    case 'struct': {
      if (!isObject(v)) return typeError(jsonKind(v), t, ctx);
      const inner = t.name.slice(t.name.lastIndexOf('.') + 1);
      for (const [k, e] of Object.entries(v)) {
        const ft = t.fields[k];
        if (!ft) continue;
        const err = decodeError(e, ft, { struct: inner, path: [...ctx.path, k] });
        if (err) return err;
      }
      return undefined;
    }
  }
}

/**
 * Throws 400 BadRequest with the decoder's message if the top-level `fields` of `obj` could not
 * be decoded into the Go struct `kind` (e.g. `RoleBinding in version "v1" cannot be handled as a
 * RoleBinding: json: cannot unmarshal number into Go struct field Subject.subjects.name of type
 * string`, or `...: illegal base64 data at input byte 4`).
 */
export function checkGoDecodable(
  obj: Record<string, unknown>,
  kind: string,
  fields: Record<string, GoType>,
): void {
  for (const [k, v] of Object.entries(obj)) {
    const t = fields[k];
    if (!t) continue;
    const err = decodeError(v, t, { struct: kind, path: [k] });
    // Wrapped as kube's serializer wraps the decoder's error (every type checked here is a v1).
    if (err) throw badRequest(`${kind} in version "v1" cannot be handled as a ${kind}: ${err}`);
  }
}

// encoding/base64 StdEncoding (padded, not strict), as encoding/json uses it for []byte.

const base64Alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const decodeMap = new Uint8Array(256).fill(0xff);
for (let i = 0; i < base64Alphabet.length; i++) decodeMap[base64Alphabet.charCodeAt(i)] = i;
const pad = 0x3d;
const isNewline = (c: number | undefined) => c === 0x0a || c === 0x0d;

/** Decodes like Go's base64.StdEncoding.Decode; `errorAt` is CorruptInputError's offset. */
export function decodeGoBase64(s: string): { bytes: Buffer } | { errorAt: number } {
  const src = Buffer.from(s, 'utf8');
  const out: number[] = [];
  let si = 0;
  while (si < src.length) {
    // One quantum of up to four characters (decodeQuantum).
    const dbuf = [0, 0, 0, 0];
    let dlen = 4;
    let trailing: number | undefined;
    for (let j = 0; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return { bytes: Buffer.from(out) };
        return { errorAt: si - j };
      }
      const c = src[si]!;
      si++;
      const d = decodeMap[c]!;
      if (d !== 0xff) {
        dbuf[j] = d;
        continue;
      }
      if (isNewline(c)) {
        j--;
        continue;
      }
      if (c !== pad) return { errorAt: si - 1 };
      // Padding: only after two or three characters, "==" after two.
      if (j < 2) return { errorAt: si - 1 };
      if (j === 2) {
        while (si < src.length && isNewline(src[si])) si++;
        if (si === src.length) return { errorAt: src.length };
        if (src[si] !== pad) return { errorAt: si - 1 };
        si++;
      }
      while (si < src.length && isNewline(src[si])) si++;
      if (si < src.length) trailing = si;
      dlen = j;
      break;
    }
    const val = (dbuf[0]! << 18) | (dbuf[1]! << 12) | (dbuf[2]! << 6) | dbuf[3]!;
    const bytes = [(val >> 16) & 0xff, (val >> 8) & 0xff, val & 0xff];
    out.push(...bytes.slice(0, dlen - 1));
    if (trailing !== undefined) return { errorAt: trailing };
  }
  return { bytes: Buffer.from(out) };
}

// encoding/json's scanner (checkValid) and json.Unmarshal into map[string]interface{}.

/** Go's quoteChar: the offending byte as a Go character literal. */
function quoteChar(c: number): string {
  if (c === 0x27) return `'\\''`;
  if (c === 0x22) return `'"'`;
  const q = goQuote(String.fromCharCode(c));
  return `'${q.slice(1, -1)}'`;
}

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

class SyntaxError extends Error {}

/** The error of Go's json.Unmarshal(data, &map[string]interface{}{}), or undefined if it succeeds. */
export function goUnmarshalObjectError(data: Buffer): string | undefined {
  const stack: ('key' | 'value' | 'array')[] = [];
  type Step = (c: number) => void;
  let step: Step;
  let endTop = false;
  const fail = (c: number, context: string): never => {
    throw new SyntaxError(`invalid character ${quoteChar(c)} ${context}`);
  };
  const pop = () => {
    stack.pop();
    if (stack.length === 0) {
      step = stateEndTop;
      endTop = true;
    } else step = stateEndValue;
  };
  const stateEndTop: Step = (c) => {
    if (!isSpace(c)) fail(c, 'after top-level value');
  };
  const stateEndValue: Step = (c) => {
    const n = stack.length;
    if (n === 0) {
      step = stateEndTop;
      endTop = true;
      stateEndTop(c);
      return;
    }
    if (isSpace(c)) {
      step = stateEndValue;
      return;
    }
    switch (stack[n - 1]) {
      case 'key':
        if (c === 0x3a) {
          stack[n - 1] = 'value';
          step = stateBeginValue;
          return;
        }
        return fail(c, 'after object key');
      case 'value':
        if (c === 0x2c) {
          stack[n - 1] = 'key';
          step = stateBeginString;
          return;
        }
        if (c === 0x7d) return pop();
        return fail(c, 'after object key:value pair');
      default:
        if (c === 0x2c) {
          step = stateBeginValue;
          return;
        }
        if (c === 0x5d) return pop();
        return fail(c, 'after array element');
    }
  };
  const literal = (rest: string, name: string): Step => {
    const at =
      (i: number): Step =>
      (c) => {
        if (c !== rest.charCodeAt(i)) fail(c, `in literal ${name} (expecting '${rest[i]}')`);
        step = i + 1 === rest.length ? stateEndValue : at(i + 1);
      };
    return at(0);
  };
  const stateInString: Step = (c) => {
    if (c === 0x22) step = stateEndValue;
    else if (c === 0x5c) step = stateInStringEsc;
    else if (c < 0x20) fail(c, 'in string literal');
  };
  const stateInStringEsc: Step = (c) => {
    if ('bfnrt\\/"'.includes(String.fromCharCode(c))) step = stateInString;
    else if (c === 0x75) step = hexDigit(0);
    else fail(c, 'in string escape code');
  };
  const hexDigit =
    (i: number): Step =>
    (c) => {
      if (!isHex(c)) fail(c, 'in \\u hexadecimal character escape');
      step = i === 3 ? stateInString : hexDigit(i + 1);
    };
  const state0: Step = (c) => {
    if (c === 0x2e) step = stateDot;
    else if (c === 0x65 || c === 0x45) step = stateE;
    else stateEndValue(c);
  };
  const state1: Step = (c) => {
    if (isDigit(c)) step = state1;
    else state0(c);
  };
  const stateNeg: Step = (c) => {
    if (c === 0x30) step = state0;
    else if (isDigit(c)) step = state1;
    else fail(c, 'in numeric literal');
  };
  const stateDot: Step = (c) => {
    if (isDigit(c)) step = stateDot0;
    else fail(c, 'after decimal point in numeric literal');
  };
  const stateDot0: Step = (c) => {
    if (isDigit(c)) return;
    if (c === 0x65 || c === 0x45) step = stateE;
    else stateEndValue(c);
  };
  const stateESign: Step = (c) => {
    if (isDigit(c)) step = stateE0;
    else fail(c, 'in exponent of numeric literal');
  };
  const stateE: Step = (c) => {
    if (c === 0x2b || c === 0x2d) step = stateESign;
    else stateESign(c);
  };
  const stateE0: Step = (c) => {
    if (!isDigit(c)) stateEndValue(c);
  };
  const stateBeginValue: Step = (c) => {
    if (isSpace(c)) return;
    switch (c) {
      case 0x7b:
        step = stateBeginStringOrEmpty;
        stack.push('key');
        return;
      case 0x5b:
        step = stateBeginValueOrEmpty;
        stack.push('array');
        return;
      case 0x22:
        step = stateInString;
        return;
      case 0x2d:
        step = stateNeg;
        return;
      case 0x30:
        step = state0;
        return;
      case 0x74:
        step = literal('rue', 'true');
        return;
      case 0x66:
        step = literal('alse', 'false');
        return;
      case 0x6e:
        step = literal('ull', 'null');
        return;
    }
    if (c >= 0x31 && c <= 0x39) step = state1;
    else fail(c, 'looking for beginning of value');
  };
  const stateBeginValueOrEmpty: Step = (c) => {
    if (isSpace(c)) return;
    if (c === 0x5d) stateEndValue(c);
    else stateBeginValue(c);
  };
  const stateBeginString: Step = (c) => {
    if (isSpace(c)) return;
    if (c === 0x22) step = stateInString;
    else fail(c, 'looking for beginning of object key string');
  };
  const stateBeginStringOrEmpty: Step = (c) => {
    if (isSpace(c)) return;
    if (c === 0x7d) {
      stack[stack.length - 1] = 'value';
      stateEndValue(c);
    } else stateBeginString(c);
  };
  step = stateBeginValue;
  try {
    for (const c of data) step(c);
    if (!endTop) step(0x20);
    if (!endTop) return 'unexpected end of JSON input';
  } catch (e) {
    if (e instanceof SyntaxError) return e.message;
    throw e;
  }
  // Syntactically valid: only the top-level kind matters for a map[string]interface{}.
  const first = data.find((c) => !isSpace(c));
  const kind =
    first === 0x7b || first === 0x6e
      ? undefined
      : first === 0x5b
        ? 'array'
        : first === 0x22
          ? 'string'
          : first === 0x74 || first === 0x66
            ? 'bool'
            : 'number';
  return kind && `json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`;
}

// fmt's %q and %#v, as field.Error prints values.

/** strconv.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
const goPrintable = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** strconv.Quote for the common cases: ASCII escapes as Go writes them, printable text as is. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (c === 0x07) out += '\\a';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x0b) out += '\\v';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (goPrintable.test(ch)) out += ch;
    else if (c < 0x10000) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += `\\U${c.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

/** %#v of a []string. */
export function goStringSliceLiteral(values: readonly string[]): string {
  return `[]string{${values.map(goQuote).join(', ')}}`;
}

/** field.Invalid with a value field.Error prints verbatim (a %#v rendering). */
export function invalidGoValue(field: string, rendered: string, why: string): FieldError {
  return { type: 'FieldValueInvalid', field, detail: `Invalid value: ${rendered}: ${why}` };
}

/** field.NotSupported: `Unsupported value: "x": supported values: "a", "b"`. */
export function notSupported(field: string, value: string, supported: readonly string[]): FieldError {
  const detail = supported.length > 0 ? `: supported values: ${supported.map(goQuote).join(', ')}` : '';
  return { type: 'FieldValueNotSupported', field, detail: `Unsupported value: ${goQuote(value)}${detail}` };
}
