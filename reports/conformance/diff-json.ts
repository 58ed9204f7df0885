// The conformance diff for machines: the ConformanceDiff value with apiVersion and kind, full
// error and reason texts (the other formats show first lines). Tests with the same result on
// both sides are left out unless --all, as in the other formats; `counts` always has them.
import { REPORT_API_VERSION } from './model.js';
import type { ConformanceDiff } from './diff.js';
import type { DiffRenderOptions } from './diff-labels.js';

export const DIFF_KIND = 'ConformanceDiff';

export interface ConformanceDiffDocument extends ConformanceDiff {
  apiVersion: typeof REPORT_API_VERSION;
  kind: typeof DIFF_KIND;
}

export function diffDocument(diff: ConformanceDiff, options: DiffRenderOptions): ConformanceDiffDocument {
  return {
    apiVersion: REPORT_API_VERSION,
    kind: DIFF_KIND,
    ...diff,
    tests: options.all ? diff.tests : diff.tests.filter((test) => test.group !== 'same'),
  };
}

export const renderDiffJson = (diff: ConformanceDiff, options: DiffRenderOptions): string =>
  `${JSON.stringify(diffDocument(diff, options), null, 2)}\n`;
