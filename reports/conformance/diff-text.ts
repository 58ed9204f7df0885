// The conformance diff for a terminal or a CI log: a header per side, the groups that differ
// with each test's outcome in one line, the features that differ, and the count line last, where
// a reader's eye lands. Text from the reports is made single-line and control characters are
// replaced, so a server's error message cannot move the cursor or recolour the terminal.
import {
  type ConformanceDiff,
  DIFF_GROUPS,
  type FeatureDiff,
  type SideInfo,
  suiteLabel,
  supportDiffers,
  type TestDiff,
} from './diff.js';
import {
  countLine,
  type DiffRenderOptions,
  featuresLabel,
  GROUP_SIDES,
  GROUP_TITLES,
  outcomeLine,
  resultsLabel,
} from './diff-labels.js';
import { alignColumns } from '../scale/compare-text.js';

const MAX_LINE = 200;

/** One line, no control characters, at most MAX_LINE characters. */
export function terminalText(text: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/\s*[\r\n]+\s*/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '\uFFFD');
  return clean.length > MAX_LINE ? `${clean.slice(0, MAX_LINE - 1)}…` : clean;
}

function sideHeader(label: string, side: SideInfo): string[] {
  const { implementation, target } = side;
  return [
    `${label}: ${terminalText(`${implementation.name} ${implementation.version}`)}`,
    `   target    ${terminalText(`${target.describe}, ${target.server}`)}`,
    `   suite     ${terminalText(suiteLabel(side.suite))}`,
    `   run       ${terminalText(`${side.date}, ${resultsLabel(side.summary)}`)}`,
    `   features  ${terminalText(featuresLabel(side.features))}`,
    `   report    ${terminalText(side.file)}`,
  ];
}

function testLines(test: TestDiff): string[] {
  const outcomes = GROUP_SIDES[test.group].flatMap((key) => {
    const side = test[key];
    return side ? [{ label: key.toUpperCase(), line: terminalText(outcomeLine(side)) }] : [];
  });
  const head = `  ${terminalText(test.id)} (${test.level})`;
  // Same on both: one line says it (and a plain pass needs none).
  if (outcomes.length === 2 && outcomes[0]?.line === outcomes[1]?.line)
    return outcomes[0]?.line === 'passed' ? [head] : [head, `      A and B ${outcomes[0]?.line}`];
  return [head, ...outcomes.map(({ label, line }) => `      ${label} ${line}`)];
}

/**
 * The features one side supports and the other does not, with how each side decided those that
 * explain skips; then, in one line, those both support but decided differently (claimed vs
 * inferred), which change no result. JSON and Markdown have the evidence of every row.
 */
function featureLines(diff: ConformanceDiff): string[] {
  const oneSided = diff.features.filter(supportDiffers);
  const decidedDifferently = diff.features.filter((row) => !supportDiffers(row));
  const lines: string[] = [];
  if (oneSided.length > 0) {
    const rows = oneSided.map((row) => [
      terminalText(row.feature),
      row.a,
      row.b,
      row.skippedOnOneSide.length > 0 ? String(row.skippedOnOneSide.length) : '-',
    ]);
    const [header = '', ...aligned] = alignColumns([
      ['feature', 'A', 'B', 'tests skipped on one side'],
      ...rows,
    ]);
    const how = (row: FeatureDiff): string[] =>
      row.skippedOnOneSide.length === 0
        ? []
        : (['a', 'b'] as const).flatMap((key) => {
            const decision = row.decisions[key];
            return decision ? [`      ${key.toUpperCase()}: ${terminalText(decision.evidence)}`] : [];
          });
    lines.push(
      `Features supported on one side only (${oneSided.length})`,
      `  ${header}`,
      ...aligned.flatMap((line, index) => [`  ${line}`, ...how(oneSided[index] as FeatureDiff)]),
    );
  }
  if (decidedDifferently.length > 0)
    lines.push(
      `Features both support, decided differently: ${decidedDifferently
        .map((row) => `${terminalText(row.feature)} (A ${row.a}, B ${row.b})`)
        .join(', ')}`,
    );
  return lines.length > 0 ? [...lines, ''] : [];
}

export function renderDiffText(diff: ConformanceDiff, options: DiffRenderOptions): string {
  const lines = [
    'Conformance diff (A is the baseline)',
    ...sideHeader('A', diff.a),
    ...sideHeader('B', diff.b),
    ...diff.warnings.map((warning) => `warning: ${terminalText(warning)}`),
    '',
  ];
  for (const group of DIFF_GROUPS) {
    if (group === 'same' && !options.all) continue;
    const tests = diff.tests.filter((test) => test.group === group);
    if (tests.length === 0) continue;
    lines.push(`${GROUP_TITLES[group]} (${tests.length})`, ...tests.flatMap(testLines), '');
  }
  lines.push(...featureLines(diff), countLine(diff));
  return `${lines.join('\n')}\n`;
}
