// Checks that a parsed YAML value has the ConformanceReport shape before anything reads it.
// Reports come from other machines, older suite versions and people's hands, so every field a
// reader relies on is checked and each problem is named by its path (`tests[3].result`), never
// thrown as a TypeError deep inside a renderer. Fields the model marks optional are checked only
// when present; fields it does not know are ignored, so newer reports stay readable.
import { REPORT_API_VERSION, REPORT_KIND } from './model.js';

type Fields = Record<string, unknown>;

const isFields = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return String(value);
}

/** Collects problems while walking one document. */
class Checker {
  readonly problems: string[] = [];

  expected(path: string, what: string, got: unknown): void {
    this.problems.push(`${path}: expected ${what}, got ${shown(got)}`);
  }

  string(value: unknown, path: string): void {
    if (typeof value !== 'string') this.expected(path, 'a string', value);
  }

  optionalString(value: unknown, path: string): void {
    if (value !== undefined) this.string(value, path);
  }

  number(value: unknown, path: string): void {
    if (typeof value !== 'number' || !Number.isFinite(value)) this.expected(path, 'a number', value);
  }

  boolean(value: unknown, path: string): void {
    if (typeof value !== 'boolean') this.expected(path, 'true or false', value);
  }

  oneOf(value: unknown, path: string, allowed: readonly string[]): void {
    if (typeof value !== 'string' || !allowed.includes(value))
      this.expected(path, `one of ${allowed.join(', ')}`, value);
  }

  fields(value: unknown, path: string): Fields | undefined {
    if (isFields(value)) return value;
    this.expected(path, 'a mapping', value);
    return undefined;
  }

  optionalFields(value: unknown, path: string): void {
    if (value !== undefined) this.fields(value, path);
  }

  list(value: unknown, path: string): unknown[] | undefined {
    if (Array.isArray(value)) return value;
    this.expected(path, 'a list', value);
    return undefined;
  }

  strings(value: unknown, path: string): void {
    this.list(value, path)?.forEach((item, index) => this.string(item, `${path}[${index}]`));
  }
}

function checkStrings(c: Checker, value: unknown, path: string, names: readonly string[]): void {
  const fields = c.fields(value, path);
  if (fields) for (const name of names) c.string(fields[name], `${path}.${name}`);
}

function checkFeatures(c: Checker, value: unknown): void {
  const features = c.fields(value, 'features');
  if (!features) return;
  c.oneOf(features.source, 'features.source', ['claimed', 'inferred']);
  for (const name of ['claimed', 'inferred', 'supported']) c.strings(features[name], `features.${name}`);
  if (features.decisions === undefined) return;
  c.list(features.decisions, 'features.decisions')?.forEach((item, index) => {
    const path = `features.decisions[${index}]`;
    const decision = c.fields(item, path);
    if (!decision) return;
    c.string(decision.feature, `${path}.feature`);
    c.boolean(decision.supported, `${path}.supported`);
    c.oneOf(decision.decidedBy, `${path}.decidedBy`, ['claimed', 'inferred']);
    if (decision.flag !== undefined) c.oneOf(decision.flag, `${path}.flag`, ['--features', '--add-features']);
    c.string(decision.evidence, `${path}.evidence`);
    if (decision.inferred !== undefined) c.boolean(decision.inferred, `${path}.inferred`);
  });
}

const COUNTS = ['passed', 'failed', 'skipped'] as const;

function checkSummary(c: Checker, value: unknown): void {
  const summary = c.fields(value, 'summary');
  if (!summary) return;
  for (const name of ['total', ...COUNTS, 'durationMs']) c.number(summary[name], `summary.${name}`);
  c.oneOf(summary.result, 'summary.result', ['success', 'partial', 'failure']);
  c.boolean(summary.interrupted, 'summary.interrupted');
}

function checkFeatureResults(c: Checker, value: unknown): void {
  c.list(value, 'featureResults')?.forEach((item, index) => {
    const path = `featureResults[${index}]`;
    const row = c.fields(item, path);
    if (!row) return;
    c.string(row.feature, `${path}.feature`);
    c.boolean(row.supported, `${path}.supported`);
    for (const name of COUNTS) c.number(row[name], `${path}.${name}`);
  });
}

function checkTests(c: Checker, value: unknown): void {
  const seen = new Set<string>();
  c.list(value, 'tests')?.forEach((item, index) => {
    const path = `tests[${index}]`;
    const test = c.fields(item, path);
    if (!test) return;
    for (const name of ['id', 'area', 'description']) c.string(test[name], `${path}.${name}`);
    c.oneOf(test.level, `${path}.level`, ['MUST', 'SHOULD']);
    c.strings(test.features, `${path}.features`);
    c.strings(test.source, `${path}.source`);
    c.oneOf(test.result, `${path}.result`, COUNTS);
    c.optionalString(test.reason, `${path}.reason`);
    c.optionalString(test.error, `${path}.error`);
    c.number(test.durationMs, `${path}.durationMs`);
    c.optionalFields(test.scope, `${path}.scope`);
    // Comparisons key tests by id; two with one id would make a diff pick one at random.
    if (typeof test.id === 'string') {
      if (seen.has(test.id)) c.problems.push(`${path}.id: duplicate test id "${test.id}"`);
      seen.add(test.id);
    }
  });
}

/** Every problem with the shape of a ConformanceReport; empty when it is one. */
export function reportProblems(value: unknown): string[] {
  const c = new Checker();
  if (!isFields(value)) {
    c.expected('(document)', 'a YAML mapping', value);
    return c.problems;
  }
  // Another kind of document is one problem, not thirty: say what it is and stop.
  if (value.apiVersion !== REPORT_API_VERSION || value.kind !== REPORT_KIND) {
    c.problems.push(
      `apiVersion/kind: expected ${REPORT_API_VERSION} ${REPORT_KIND}, got ${shown(value.apiVersion)} ${shown(value.kind)}: not a conformance report`,
    );
    return c.problems;
  }
  c.string(value.date, 'date');
  checkStrings(c, value.implementation, 'implementation', ['name', 'version']);
  checkStrings(c, value.target, 'target', ['kind', 'describe', 'server', 'context']);
  checkStrings(c, value.suite, 'suite', ['name', 'version']);
  if (isFields(value.suite)) c.optionalString(value.suite.gitCommit, 'suite.gitCommit');
  c.fields(value.parameters, 'parameters');
  checkFeatures(c, value.features);
  c.optionalFields(value.fixture, 'fixture');
  c.optionalFields(value.users, 'users');
  checkSummary(c, value.summary);
  checkFeatureResults(c, value.featureResults);
  checkTests(c, value.tests);
  return c.problems;
}
