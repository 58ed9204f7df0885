// The JSONPath subset CRDs use in additionalPrinterColumns, selectableFields and the scale
// subresource: `.a.b`, `.a[0]`, `.a['b.c']`, and filters `.a[?(@.k=="v")].b`. A path that finds
// nothing yields undefined (kube prints an empty cell), never an error.

type Step =
  | { kind: 'field'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'filter'; field: string[]; value: string };

export function parseJSONPath(path: string): Step[] | undefined {
  const steps: Step[] = [];
  let i = 0;
  const p = path.startsWith('{') && path.endsWith('}') ? path.slice(1, -1) : path;
  while (i < p.length) {
    if (p[i] === '.') {
      const m = /^\.([A-Za-z0-9_$-]+)/.exec(p.slice(i));
      if (!m) return undefined;
      steps.push({ kind: 'field', name: m[1]! });
      i += m[0].length;
    } else if (p[i] === '[') {
      const rest = p.slice(i);
      let m = /^\[(\d+)\]/.exec(rest);
      if (m) {
        steps.push({ kind: 'index', index: Number(m[1]) });
        i += m[0].length;
        continue;
      }
      m = /^\['([^']*)'\]/.exec(rest) ?? /^\["([^"]*)"\]/.exec(rest);
      if (m) {
        steps.push({ kind: 'field', name: m[1]! });
        i += m[0].length;
        continue;
      }
      m = /^\[\?\(@((?:\.[A-Za-z0-9_$-]+)+)\s*==\s*(?:"([^"]*)"|'([^']*)')\)\]/.exec(rest);
      if (m) {
        steps.push({ kind: 'filter', field: m[1]!.slice(1).split('.'), value: m[2] ?? m[3] ?? '' });
        i += m[0].length;
        continue;
      }
      return undefined;
    } else return undefined;
  }
  return steps;
}

function fieldOf(v: unknown, name: string): unknown {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
    ? (v as Record<string, unknown>)[name]
    : undefined;
}

/** The value at `path` in `obj`, or undefined when the path is invalid or leads nowhere. */
export function evaluateJSONPath(obj: unknown, path: string): unknown {
  const steps = parseJSONPath(path);
  if (!steps) return undefined;
  let current: unknown = obj;
  for (const step of steps) {
    if (current === undefined || current === null) return undefined;
    if (step.kind === 'field') current = fieldOf(current, step.name);
    else if (step.kind === 'index') current = Array.isArray(current) ? current[step.index] : undefined;
    else {
      if (!Array.isArray(current)) return undefined;
      current = current.find((e) => {
        let v: unknown = e;
        for (const f of step.field) v = fieldOf(v, f);
        return v !== undefined && String(v) === step.value;
      });
    }
  }
  return current;
}

/** Sets a plain dotted path (`.spec.replicas`), creating objects on the way. */
export function setJSONPath(obj: Record<string, unknown>, path: string, value: unknown): boolean {
  const steps = parseJSONPath(path);
  if (!steps || steps.length === 0 || steps.some((s) => s.kind !== 'field')) return false;
  let current = obj;
  for (const step of steps.slice(0, -1)) {
    const name = (step as { name: string }).name;
    const next = current[name];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) current[name] = {};
    current = current[name] as Record<string, unknown>;
  }
  current[(steps[steps.length - 1] as { name: string }).name] = value;
  return true;
}
