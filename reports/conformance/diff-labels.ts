// The words the conformance diff renderers share: group headings, the count line, one test's
// outcome in one line, one side's suite, features and results. Text and Markdown say the same
// things; only the escaping differs.
import { type ConformanceDiff, DIFF_GROUPS, type DiffGroup, type SideResult } from './diff.js';
import type { FeatureSummary, RunSummary } from './model.js';

export interface DiffRenderOptions {
  /** Also list the tests with the same result on both sides (--all). */
  all: boolean;
}

/** Headings of the groups, shared by the renderers. */
export const GROUP_TITLES: Record<DiffGroup, string> = {
  passesOnlyOnA: 'Passes on A, not on B',
  passesOnlyOnB: 'Passes on B, not on A',
  skippedOnOneSide: 'Skipped on one side only',
  failingOnBoth: 'Failing on both',
  onlyInA: "Only in A's report",
  onlyInB: "Only in B's report",
  same: 'Same result on both',
};

/** The group in the count line. */
export const GROUP_COUNT_LABELS: Record<DiffGroup, string> = {
  passesOnlyOnA: 'pass on A only',
  passesOnlyOnB: 'pass on B only',
  skippedOnOneSide: 'skipped on one side',
  failingOnBoth: 'fail on both',
  onlyInA: 'only in A',
  onlyInB: 'only in B',
  same: 'the same',
};

/** Whose outcome each group shows: the side that passed says nothing a reader needs. */
export const GROUP_SIDES: Record<DiffGroup, readonly ('a' | 'b')[]> = {
  passesOnlyOnA: ['b'],
  passesOnlyOnB: ['a'],
  skippedOnOneSide: ['a', 'b'],
  failingOnBoth: ['a', 'b'],
  onlyInA: ['a'],
  onlyInB: ['b'],
  same: ['a', 'b'],
};

/** "96 tests: 2 pass on A only, ..., 90 the same". */
export function countLine(diff: ConformanceDiff): string {
  const parts = DIFF_GROUPS.map((group) => `${diff.counts[group]} ${GROUP_COUNT_LABELS[group]}`);
  return `${diff.tests.length} tests: ${parts.join(', ')}`;
}

/**
 * Why a side got its result, as the first line of the error (failed) or the reason (skipped),
 * else the missing features; undefined for a plain pass. Full texts stay in the JSON output.
 */
export function outcomeLine(side: SideResult): string {
  const text = side.result === 'failed' ? (side.error ?? side.reason) : (side.reason ?? side.error);
  const why =
    text !== undefined
      ? (text.split('\n').find((line) => line.trim() !== '') ?? '').trim()
      : side.missingFeatures.length > 0 && side.result === 'skipped'
        ? `missing features: ${side.missingFeatures.join(', ')}`
        : '';
  return why === '' ? side.result : `${side.result}: ${why}`;
}

/** "31 inferred, 1 claimed (WildcardRequests)" or "12 claimed with --features (discovery showed 10)". */
export function featuresLabel(features: FeatureSummary): string {
  if (features.source === 'claimed')
    return `${features.claimed.length} claimed with --features (discovery showed ${features.inferred.length})`;
  const added =
    features.claimed.length > 0
      ? `, ${features.claimed.length} claimed (${features.claimed.join(', ')})`
      : '';
  return `${features.inferred.length} inferred${added}`;
}

/** "96 tests: 90 passed, 2 failed, 4 skipped (interrupted)". */
export const resultsLabel = (summary: RunSummary): string =>
  `${summary.total} tests: ${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped` +
  (summary.interrupted ? ' (interrupted)' : '');
