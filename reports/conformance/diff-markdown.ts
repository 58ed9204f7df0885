// The conformance diff as Markdown, for a pull-request comment or a published report: the two
// sides side by side in one table, warnings as a quote, then one table per group that differs.
// Every value from a report is escaped (markdownText/markdownCode), so an error message cannot
// break a table or inject markup.
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
import { markdownCode, markdownText } from '../scale/markdown.js';

const MAX_CELL = 300;

const implementationLabel = (side: SideInfo): string =>
  `${side.implementation.name} ${side.implementation.version}`;

const short = (text: string): string => (text.length > MAX_CELL ? `${text.slice(0, MAX_CELL - 1)}…` : text);

const row = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [row(header), `|${header.map(() => ' --- ').join('|')}|`, ...rows.map(row)];
}

function sidesTable(diff: ConformanceDiff): string[] {
  const { a, b } = diff;
  const line = (name: string, text: (side: SideInfo) => string) => [
    name,
    markdownText(text(a)),
    markdownText(text(b)),
  ];
  return table(
    [' ', 'A (baseline)', 'B'],
    [
      line('implementation', implementationLabel),
      line('target', (side) => `${side.target.describe}, ${side.target.server}`),
      line('suite', (side) => suiteLabel(side.suite)),
      line('run', (side) => side.date),
      line('results', (side) => resultsLabel(side.summary)),
      line('features', (side) => featuresLabel(side.features)),
      ['report', markdownCode(diff.a.file, true), markdownCode(diff.b.file, true)],
    ],
  );
}

function groupTable(tests: readonly TestDiff[]): string[] {
  const sides = GROUP_SIDES[tests[0]?.group ?? 'same'];
  return table(
    ['test', 'level', ...sides.map((side) => side.toUpperCase())],
    tests.map((test) => [
      markdownCode(test.id, true),
      test.level,
      ...sides.map((key) => {
        const side = test[key];
        return side ? markdownText(short(outcomeLine(side))) : ' ';
      }),
    ]),
  );
}

/** How each side decided the feature, where its report says (reports of older versions do not). */
function decidedCell(feature: FeatureDiff): string {
  const lines = (['a', 'b'] as const).flatMap((key) => {
    const decision = feature.decisions[key];
    return decision ? [`${key.toUpperCase()}: ${markdownText(short(decision.evidence))}`] : [];
  });
  return lines.join('<br>') || ' ';
}

/** As in the text: the features one side lacks in a table, those decided differently in a line. */
function featureTable(diff: ConformanceDiff): string[] {
  const oneSided = diff.features.filter(supportDiffers);
  const decidedDifferently = diff.features.filter((row) => !supportDiffers(row));
  const lines: string[] = [];
  if (oneSided.length > 0)
    lines.push(
      `### Features supported on one side only (${oneSided.length})`,
      '',
      ...table(
        ['feature', 'A', 'B', 'tests skipped on one side', 'how it was decided'],
        oneSided.map((feature) => [
          markdownCode(feature.feature, true),
          feature.a,
          feature.b,
          String(feature.skippedOnOneSide.length),
          decidedCell(feature),
        ]),
      ),
      '',
    );
  if (decidedDifferently.length > 0)
    lines.push(
      `**Features both support, decided differently:** ${decidedDifferently
        .map((row) => `${markdownCode(row.feature)} (A ${row.a}, B ${row.b})`)
        .join(', ')}`,
      '',
    );
  return lines;
}

export function renderDiffMarkdown(diff: ConformanceDiff, options: DiffRenderOptions): string {
  const lines = [
    `## Conformance diff: ${markdownText(implementationLabel(diff.a))} (A) and ${markdownText(implementationLabel(diff.b))} (B)`,
    '',
    ...sidesTable(diff),
    '',
    ...diff.warnings.flatMap((warning) => [`> **Warning:** ${markdownText(warning)}`, '']),
    `**${markdownText(countLine(diff))}**`,
    '',
  ];
  for (const group of DIFF_GROUPS) {
    if (group === 'same' && !options.all) continue;
    const tests = diff.tests.filter((test) => test.group === group);
    if (tests.length === 0) continue;
    lines.push(`### ${GROUP_TITLES[group]} (${tests.length})`, '', ...groupTable(tests), '');
  }
  lines.push(...featureTable(diff));
  return `${lines.join('\n').trimEnd()}\n`;
}
