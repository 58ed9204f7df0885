// Label and field selectors with Kubernetes' syntax (k8s.io/apimachinery/pkg/labels and
// pkg/fields): `a=b,c!=d,e in (f,g),h notin (i),j,!k`. Parse errors become 400 BadRequest.

import { badRequest } from '../api/status.js';

export type Operator = '=' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

export interface Requirement {
  key: string;
  op: Operator;
  values: string[];
}

export type Selector = Requirement[];

/** Splits on commas that are not inside parentheses. */
function splitTerms(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((t) => t.trim());
}

function parseError(term: string, why: string): never {
  throw badRequest(`unable to parse requirement: ${why}: "${term}"`);
}

const setTerm = /^([^\s!=<>(),]+)\s+(in|notin)\s*\(([^)]*)\)$/;
const binaryTerm = /^([^\s!=<>(),]+)\s*(==|=|!=|>|<)\s*([^\s!=<>(),]*)$/;
const keyTerm = /^(!?)\s*([^\s!=<>(),]+)$/;

export function parseLabelSelector(input: string | undefined): Selector {
  if (!input || input.trim() === '') return [];
  return splitTerms(input).map((term) => {
    if (term === '') parseError(term, 'found empty requirement');
    let m = setTerm.exec(term);
    if (m) {
      const values = m[3]!
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '');
      if (values.length === 0) parseError(term, "for in, notin operators, values set can't be empty");
      return { key: m[1]!, op: m[2] as Operator, values };
    }
    m = binaryTerm.exec(term);
    if (m) {
      const op = m[2] === '==' || m[2] === '=' ? '=' : m[2] === '!=' ? '!=' : m[2] === '>' ? 'gt' : 'lt';
      if ((op === 'gt' || op === 'lt') && !/^-?\d+$/.test(m[3]!))
        parseError(term, "for 'Gt', 'Lt' operators, the value must be an integer");
      return { key: m[1]!, op, values: [m[3]!] };
    }
    m = keyTerm.exec(term);
    if (m) return { key: m[2]!, op: m[1] ? '!' : 'exists', values: [] };
    return parseError(term, 'invalid syntax');
  });
}

export function matchesLabels(selector: Selector, labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  return selector.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    const v = l[r.key];
    switch (r.op) {
      case '=':
      case 'in':
        return has && r.values.includes(v!);
      case '!=':
      case 'notin':
        return !has || !r.values.includes(v!);
      case 'exists':
        return has;
      case '!':
        return !has;
      case 'gt':
        return has && /^-?\d+$/.test(v!) && Number(v) > Number(r.values[0]);
      case 'lt':
        return has && /^-?\d+$/.test(v!) && Number(v) < Number(r.values[0]);
    }
  });
}

export interface FieldRequirement {
  field: string;
  op: '=' | '!=';
  value: string;
}

/** Field selectors support only =, == and != on the fields the type declares. */
export function parseFieldSelector(
  input: string | undefined,
  allowed: readonly string[],
  options: { labelConversion?: boolean } = {},
): FieldRequirement[] {
  if (!input || input.trim() === '') return [];
  return splitTerms(input).map((term) => {
    const m = /^([^=!]+)(==|=|!=)(.*)$/.exec(term);
    if (!m) throw badRequest(`invalid selector: '${input}'; can't understand '${term}'`);
    const field = m[1]!.trim();
    // Types with a field label conversion function (core Events...) refuse with its words.
    if (!allowed.includes(field) && options.labelConversion)
      throw badRequest(`field label not supported: ${field}`);
    if (!allowed.includes(field))
      throw badRequest(
        `${JSON.stringify(field)} is not a known field selector: only ${allowed.map((a) => JSON.stringify(a)).join(', ')}`,
      );
    return { field, op: m[2] === '!=' ? '!=' : '=', value: m[3]!.trim() };
  });
}

export function matchesFields(reqs: FieldRequirement[], fields: Record<string, string>): boolean {
  return reqs.every((r) => ((fields[r.field] ?? '') === r.value) === (r.op === '='));
}
