// Compilation of x-kubernetes-validations rules, once per schema. Parse errors, calls of
// functions that do not exist (kube: "undeclared reference") or that this server does not
// implement, and misuse of oldSelf/optionalOldSelf are reported with the CRD-write messages of
// apiextensions-apiserver. There is no CEL type checker here (see README "Not supported"):
// type errors such as `self == 1` on a string surface at evaluation time instead.

import { propertyForCELName } from './cel-names.js';
import { parse, plan, type CelResult } from '@bufbuild/cel';
import type { FieldError } from '../../registry/field-errors.js';
import type { JSONSchemaProps, ValidationRule } from '../schema-types.js';
import { celEnvironment, SUPPORTED_FUNCTIONS, UNSUPPORTED_KUBERNETES_FUNCTIONS } from './cel-lib.js';
import { GoRendered, child, fe, goString, key } from './errors.js';
import { regexSyntaxError } from './regex.js';
import { parseRuleFieldPath } from './rule-field-path.js';

type Bindings = { self: unknown; oldSelf: unknown };
export type Program = (bindings: Bindings) => CelResult;

export interface CompiledRule {
  rule: ValidationRule;
  run: Program;
  message?: Program;
  usesOldSelf: boolean;
  optionalOldSelf: boolean;
  /** Normalized `fieldPath` of the rule ('' when the error goes to the node itself). */
  fieldPath: string;
}

/** The compiled rules of a whole schema; evaluate with evaluateValidationRules. */
export interface CompiledRules {
  schema: JSONSchemaProps;
  /** Rules per schema node (nodes are the caller's schema objects: keep the schema immutable). */
  nodes: Map<JSONSchemaProps, CompiledRule[]>;
  /** Nodes with rules at or below them; evaluation skips every other subtree. */
  relevant: Set<JSONSchemaProps>;
}

interface Expr {
  id: bigint;
  exprKind: { case: string | undefined; value?: unknown };
}

interface Analysis {
  /** Schema of `self`/`oldSelf`, for field-selection checks; `resource` adds apiVersion/kind/metadata. */
  self?: { schema: JSONSchemaProps; resource: boolean };
  usesOldSelf: boolean;
  /** First call of a missing function: its name, whether kube knows it, and its source offset. */
  badCall?: { name: string; known: boolean; offset: number; message?: string; exact?: boolean };
}

function analyze(expr: Expr, positions: Record<string, number>, a: Analysis): void {
  const k = expr.exprKind;
  const v = k.value as Record<string, unknown> | undefined;
  switch (k.case) {
    case 'identExpr':
      if ((v as { name: string }).name === 'oldSelf') a.usesOldSelf = true;
      return;
    case 'selectExpr':
      analyze(v!.operand as Expr, positions, a);
      if (!a.badCall && a.self) resolveSelect(expr, positions, a);
      return;
    case 'callExpr': {
      const call = v as { function: string; target?: Expr; args: Expr[] };
      const fn = call.function;
      const offset = positions[String(expr.id)] ?? 0;
      if ((!a.badCall || offset < a.badCall.offset) && !/^[_@!]/.test(fn) && !SUPPORTED_FUNCTIONS.has(fn)) {
        const target = call.target?.exprKind;
        const ns = target?.case === 'identExpr' ? `${(target.value as { name: string }).name}.${fn}` : fn;
        const known = UNSUPPORTED_KUBERNETES_FUNCTIONS.has(ns) || UNSUPPORTED_KUBERNETES_FUNCTIONS.has(fn);
        a.badCall = { name: UNSUPPORTED_KUBERNETES_FUNCTIONS.has(ns) ? ns : fn, known, offset };
      }
      if (fn === 'matches' && !a.badCall) {
        const arg = call.target ? call.args[0] : call.args[1];
        const lit =
          arg?.exprKind.case === 'constExpr'
            ? (arg.exprKind.value as { constantKind: { case?: string; value?: unknown } })
            : undefined;
        if (lit?.constantKind.case === 'stringValue' && regexSyntaxError(String(lit.constantKind.value))) {
          a.badCall = {
            name: fn,
            known: true,
            offset: positions[String(arg!.id)] ?? offset,
            message: 'invalid matches argument',
            exact: true,
          };
        }
      }
      if (call.target) analyze(call.target, positions, a);
      call.args.forEach((x) => analyze(x, positions, a));
      return;
    }
    case 'listExpr':
      ((v as { elements: Expr[] }).elements ?? []).forEach((x) => analyze(x, positions, a));
      return;
    case 'structExpr':
      for (const e of (v as { entries: Array<{ keyKind: { case?: string; value?: unknown }; value?: Expr }> })
        .entries ?? []) {
        if (e.keyKind.case === 'mapKey') analyze(e.keyKind.value as Expr, positions, a);
        if (e.value) analyze(e.value, positions, a);
      }
      return;
    case 'comprehensionExpr':
      for (const f of ['iterRange', 'accuInit', 'loopCondition', 'loopStep', 'result']) {
        if (v?.[f]) analyze(v[f] as Expr, positions, a);
      }
      return;
    default:
      return;
  }
}

const STRING_SCHEMA: JSONSchemaProps = { type: 'string' };
/** What CEL sees of ObjectMeta at a resource root: name and generateName only. */
const METADATA_SCHEMA: JSONSchemaProps = {
  type: 'object',
  properties: { name: STRING_SCHEMA, generateName: STRING_SCHEMA },
};
const CEL_TYPE_NAMES: Record<string, string> = {
  string: 'string',
  integer: 'int',
  number: 'double',
  boolean: 'bool',
};

interface Resolved {
  schema: JSONSchemaProps;
  resource: boolean;
}

/**
 * The schema a `self.a.b` chain denotes (undefined when dynamic). Records kube's compile errors
 * for fields the schema does not declare and for selection on scalars.
 */
function resolveSelect(expr: Expr, positions: Record<string, number>, a: Analysis): Resolved | undefined {
  const k = expr.exprKind;
  if (k.case === 'identExpr') {
    const name = (k.value as { name: string }).name;
    return name === 'self' || name === 'oldSelf' ? a.self : undefined;
  }
  if (k.case !== 'selectExpr') return undefined;
  const sel = k.value as { operand: Expr; field: string; testOnly: boolean };
  const base = resolveSelect(sel.operand, positions, a);
  if (!base || a.badCall) return undefined;
  const s = base.schema;
  const offset = positions[String(expr.id)] ?? 0;
  const fail = (message: string) => {
    a.badCall = { name: sel.field, known: true, offset, message, exact: !sel.testOnly };
    return undefined;
  };
  if (s['x-kubernetes-int-or-string']) return undefined;
  const scalar = CEL_TYPE_NAMES[s.type ?? ''];
  if (scalar) return fail(`type '${scalar}' does not support field selection`);
  if (s.type !== 'object') return undefined;
  if (base.resource && (sel.field === 'apiVersion' || sel.field === 'kind'))
    return { schema: STRING_SCHEMA, resource: false };
  if (base.resource && sel.field === 'metadata') return { schema: METADATA_SCHEMA, resource: false };
  const prop = propertyForCELName(s.properties, sel.field);
  if (prop) return { schema: prop, resource: !!prop['x-kubernetes-embedded-resource'] };
  if (typeof s.additionalProperties === 'object') {
    return {
      schema: s.additionalProperties,
      resource: !!s.additionalProperties['x-kubernetes-embedded-resource'],
    };
  }
  if (s.additionalProperties === true || (!s.properties && s['x-kubernetes-preserve-unknown-fields']))
    return undefined;
  return fail(`undefined field '${sel.field}'`);
}

/** cel-go's error location block: `<input>:L:C: msg` plus the source line and a caret. */
function celErrorText(src: string, offset: number, msg: string): string {
  const chars = [...src];
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < chars.length; i++) {
    if (chars[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  const col = offset - lineStart + 1;
  const text = chars.slice(lineStart).join('').split('\n')[0];
  return `ERROR: <input>:${line}:${col}: ${msg}\n | ${text}\n | ${'.'.repeat(col - 1)}^`;
}

/** The offset cel-go reports for a call: its opening parenthesis. */
function callOffset(src: string, offset: number): number {
  const i = [...src].indexOf('(', offset);
  return i >= 0 ? i : offset;
}

interface CompileOutcome {
  program?: Program;
  usesOldSelf: boolean;
  error?: string;
}

function compileExpr(src: string, self?: { schema: JSONSchemaProps; resource: boolean }): CompileOutcome {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(src);
  } catch (err) {
    const msg = String((err as Error).message ?? err);
    const m = msg.match(/<input>:(\d+):(\d+):\s*(.*)$/s);
    const line = m ? Number(m[1]) : 1;
    const col = m ? Number(m[2]) : 1;
    const lines = src.split('\n');
    const offset = lines.slice(0, line - 1).reduce((n, l) => n + [...l].length + 1, 0) + col - 1;
    return { usesOldSelf: false, error: celErrorText(src, offset, `Syntax error: ${m ? m[3] : msg}`) };
  }
  const a: Analysis = { self, usesOldSelf: false };
  const positions: Record<string, number> = {};
  for (const [id, pos] of Object.entries(parsed.sourceInfo?.positions ?? {})) positions[id] = Number(pos);
  analyze(parsed.expr as unknown as Expr, positions, a);
  if (a.badCall) {
    const at = a.badCall.exact ? a.badCall.offset : callOffset(src, a.badCall.offset);
    const msg =
      a.badCall.message ??
      (a.badCall.known
        ? `function '${a.badCall.name}' is not supported by this server`
        : `undeclared reference to '${a.badCall.name}' (in container '')`);
    return { usesOldSelf: a.usesOldSelf, error: celErrorText(src, at, msg) };
  }
  try {
    return { usesOldSelf: a.usesOldSelf, program: plan(celEnvironment(), parsed) as unknown as Program };
  } catch (err) {
    return { usesOldSelf: a.usesOldSelf, error: celErrorText(src, 0, String((err as Error).message ?? err)) };
  }
}

/** How kube prints an apiextensions.ValidationRule value: Go struct JSON, fields in order. */
function ruleValue(r: ValidationRule): GoRendered {
  const s = (v: unknown) => goString(typeof v === 'string' ? v : '');
  const reason = r.reason === undefined || r.reason === null ? 'null' : goString(String(r.reason));
  const oos =
    r.optionalOldSelf === undefined || r.optionalOldSelf === null ? 'null' : String(!!r.optionalOldSelf);
  return new GoRendered(
    `{"Rule":${s(r.rule)},"Message":${s(r.message)},"MessageExpression":${s(r.messageExpression)},"Reason":${reason},"FieldPath":${s(r.fieldPath)},"OptionalOldSelf":${oos}}`,
  );
}

/**
 * Compiles the rules of one schema node. `validationsPath` is the node's
 * `...x-kubernetes-validations` path; `uncorrelatablePath` is set below lists/maps whose
 * elements cannot be matched with the old object (oldSelf is refused there).
 */
export function compileNodeRules(
  s: JSONSchemaProps,
  validationsPath: string,
  isRoot: boolean,
  uncorrelatablePath?: string,
): { errors: FieldError[]; rules: CompiledRule[] } {
  const errors: FieldError[] = [];
  const rules: CompiledRule[] = [];
  (s['x-kubernetes-validations'] ?? []).forEach((rule, i) => {
    const rp = `${validationsPath}[${i}]`;
    const text = typeof rule.rule === 'string' ? rule.rule : '';
    if (!text.trim()) return;
    const self = { schema: s, resource: isRoot || !!s['x-kubernetes-embedded-resource'] };
    const c = compileExpr(text, self);
    if (c.error)
      errors.push(fe.invalid(child(rp, 'rule'), ruleValue(rule), `compilation failed: ${c.error}`));
    let message: Program | undefined;
    if (rule.messageExpression?.trim()) {
      const m = compileExpr(rule.messageExpression, self);
      if (m.error) {
        errors.push(
          fe.invalid(
            child(rp, 'messageExpression'),
            ruleValue(rule),
            `messageExpression compilation failed: ${m.error}`,
          ),
        );
      }
      message = m.program;
    }
    if (c.usesOldSelf) {
      if (uncorrelatablePath) {
        errors.push(
          fe.invalid(
            child(rp, 'rule'),
            text,
            `oldSelf cannot be used on the uncorrelatable portion of the schema within ${uncorrelatablePath}`,
          ),
        );
      }
    } else if (rule.optionalOldSelf !== undefined && rule.optionalOldSelf !== null) {
      errors.push(
        fe.invalid(
          child(rp, 'optionalOldSelf'),
          rule.optionalOldSelf,
          'may not be set if oldSelf is not used in rule',
        ),
      );
    }
    if (c.program) {
      rules.push({
        rule,
        run: c.program,
        message,
        usesOldSelf: c.usesOldSelf,
        optionalOldSelf: !!rule.optionalOldSelf,
        fieldPath: rule.fieldPath ? (parseRuleFieldPath(s, rule.fieldPath) ?? '') : '',
      });
    }
  });
  return { errors, rules };
}

/**
 * Compiles every x-kubernetes-validations rule of `schema` (properties, items,
 * additionalProperties, at any depth). `errors` are the CRD-write errors below `fieldPath`
 * (e.g. `spec.versions[0].schema.openAPIV3Schema`); `program` evaluates the rules that compiled.
 */
export function compileValidationRules(
  schema: JSONSchemaProps,
  fieldPath: string,
): { errors: FieldError[]; program: CompiledRules } {
  const program: CompiledRules = { schema, nodes: new Map(), relevant: new Set() };
  const errors: FieldError[] = [];
  const walk = (s: JSONSchemaProps, p: string, isRoot: boolean, uncorrelatable?: string): boolean => {
    let relevant = false;
    if (s['x-kubernetes-validations']?.length) {
      const r = compileNodeRules(s, child(p, 'x-kubernetes-validations'), isRoot, uncorrelatable);
      errors.push(...r.errors);
      if (r.rules.length) {
        program.nodes.set(s, r.rules);
        relevant = true;
      }
    }
    for (const [k, v] of Object.entries(s.properties ?? {})) {
      const u = uncorrelatable ?? (s['x-kubernetes-map-type'] === 'atomic' ? p : undefined);
      if (walk(v, key(child(p, 'properties'), k), false, u)) relevant = true;
    }
    if (
      typeof s.additionalProperties === 'object' &&
      walk(s.additionalProperties, child(p, 'additionalProperties'), false, uncorrelatable)
    ) {
      relevant = true;
    }
    if (s.items && !Array.isArray(s.items)) {
      const u = uncorrelatable ?? (s['x-kubernetes-list-type'] !== 'map' ? p : undefined);
      if (walk(s.items, child(p, 'items'), false, u)) relevant = true;
    }
    if (relevant) program.relevant.add(s);
    return relevant;
  };
  walk(schema, fieldPath, true);
  return { errors, program };
}
