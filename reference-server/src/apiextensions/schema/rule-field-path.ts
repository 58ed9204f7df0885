// A rule's `fieldPath` (`.spec.name`, `['a.b']`, `.list[0]`) resolved against the schema of
// the node that holds the rule: invalid paths are refused at CRD write time, valid ones say
// where a failing rule's error is reported.

import type { JSONSchemaProps } from '../schema-types.js';
import { child } from './errors.js';

/** A rule's fieldPath must name a field the schema declares: `.a.b`, `['a.b']`, `.list[0]`. */
export function ruleFieldPathValid(s: JSONSchemaProps, path: string): boolean {
  return parseRuleFieldPath(s, path) !== undefined;
}

/** The normalized field path (`a.b[0]`) of a rule's fieldPath, or undefined when invalid. */
export function parseRuleFieldPath(s: JSONSchemaProps, path: string): string | undefined {
  let cur: JSONSchemaProps | undefined = s;
  let out = '';
  let rest = path.trim();
  while (rest) {
    let m: RegExpMatchArray | null;
    if ((m = rest.match(/^\.([A-Za-z_$][A-Za-z0-9_$-]*)/))) {
      const name: string = m[1]!;
      cur =
        cur?.properties?.[name] ??
        (typeof cur?.additionalProperties === 'object' ? cur.additionalProperties : undefined);
      if (!cur) return undefined;
      out = child(out, name);
    } else if ((m = rest.match(/^\[\s*'((?:[^'\\]|\\.)*)'\s*\]/))) {
      const name: string = m[1]!.replace(/\\(.)/g, '$1');
      cur =
        cur?.properties?.[name] ??
        (typeof cur?.additionalProperties === 'object' ? cur.additionalProperties : undefined);
      if (!cur) return undefined;
      out = out ? `${out}[${name}]` : name;
    } else if ((m = rest.match(/^\[(\d+)\]/))) {
      if (cur?.type !== 'array' || !cur.items) return undefined;
      cur = cur.items;
      out = `${out}[${m[1]}]`;
    } else return undefined;
    rest = rest.slice(m[0].length);
  }
  return out;
}
