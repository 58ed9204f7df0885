// report.md: the scale report for places that render Markdown (pull requests, the repository
// browser). Same sections as index.html; charts are the SVG files written next to it, linked by
// relative name. Text from results is escaped so a label cannot break a table or inject markup.
import { escapeMarkup } from '../conformance/escape.js';
import type { ScaleReport, ScenarioReport } from './report.js';
import type { Cell, Section, Table } from './sections.js';

/** Plain text: Markdown's punctuation backslash-escaped, then HTML's, on one line. */
export function markdownText(text: string): string {
  return escapeMarkup(text.replace(/[\\`*_[\]{}#|~!]/g, '\\$&')).replace(/\s*[\r\n]+\s*/g, ' ');
}

/**
 * A code span. Backslashes are literal inside one, so nothing is escaped, except `|` in a table
 * cell, where GFM splits cells before it sees code spans.
 */
export function markdownCode(text: string, inTable = false): string {
  const oneLine = text.replace(/\s*[\r\n]+\s*/g, ' ');
  const line = inTable ? oneLine.replace(/\|/g, '\\|') : oneLine;
  const fence = line.includes('`') ? '``' : '`';
  const pad = line.startsWith('`') || line.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${line}${pad}${fence}`;
}

function cell(value: Cell): string {
  const content = value.code ? markdownCode(value.text, true) : markdownText(value.text);
  const note = value.note === undefined ? '' : ` (${markdownText(value.note)})`;
  // Markdown has no colour: the tone becomes a word where it changes the reading.
  const tone = value.tone === 'worse' ? ' **worse**' : value.tone === 'better' ? ' better' : '';
  return `${content}${note}${tone}`;
}

function table(data: Table): string {
  const numeric = (index: number) => data.numericFrom !== undefined && index >= data.numericFrom;
  const header = `| ${data.header.map((name) => markdownText(name) || ' ').join(' | ')} |`;
  const rule = `|${data.header.map((_, index) => (numeric(index) ? ' ---: ' : ' --- ')).join('|')}|`;
  const rows = data.rows.map((row) => `| ${row.map(cell).join(' | ')} |`);
  const caption = data.caption === undefined ? [] : [`_${markdownText(data.caption)}_`, ''];
  return [...caption, header, rule, ...rows].join('\n');
}

function callouts(section: Section): string[] {
  const lines: string[] = [];
  if (section.partialRuns.length > 0)
    lines.push(
      `> **Partial:** ${section.partialRuns.map((name) => markdownCode(name)).join(', ')} was interrupted; ` +
        'its numbers cover only part of the run.',
      '',
    );
  if (section.differingTenancy.length > 0)
    lines.push(
      `> **Not like for like:** the runs put their units in different places: ${section.differingTenancy
        .map(({ run, tenancy }) => `${markdownCode(run)} in ${markdownText(tenancy)}`)
        .join(', ')}.`,
      '',
    );
  if (section.differingParameters.length > 0)
    lines.push(
      `> **Not like for like:** the runs differ in ${section.differingParameters.map((name) => markdownCode(name)).join(', ')}.`,
      '',
    );
  return lines;
}

/** Whose note it is, when there are several runs: `**all runs:** `, `**a, b:** ` or nothing. */
function who(section: Section, runs: readonly string[]): string {
  const all = section.runNames.length;
  if (all === 1) return '';
  return `**${runs.length === all ? 'all runs' : runs.map(markdownText).join(', ')}:** `;
}

function scenario({ section, charts }: ScenarioReport): string {
  const several = section.runNames.length > 1;
  const none = (what = 'None recorded.') => `_${what}_`;
  const lines = [
    `## ${markdownText(section.title)} (${markdownCode(section.scenario)})`,
    '',
    markdownText(section.description),
    '',
    ...callouts(section),
    '### Where and on what',
    '',
    table(section.runs),
    '',
    '### Parameters',
    '',
    section.parameters ? table(section.parameters) : none(),
    '',
    several ? '### Comparison of headline metrics' : '### Headline metrics',
    '',
    section.metrics ? table(section.metrics) : none(),
    '',
    '### Notes',
    '',
    ...(section.notes.length === 0
      ? [none('No notes.')]
      : section.notes.map((note) => `- ${who(section, note.runs)}${markdownText(note.text)}`)),
    '',
    '### Charts',
    '',
    ...(charts.length === 0
      ? [none('No chartable data (no CDFs, series or rates).'), '']
      : charts.flatMap((chart) => [
          `![${markdownText(chart.title)}](${encodeURI(chart.file)})`,
          '',
          `_${markdownText(chart.caption)}_`,
          '',
        ])),
    '### Latency percentiles',
    '',
    section.latencies ? table(section.latencies) : none(),
    '',
    '### Errors',
    '',
    section.errors ? table(section.errors) : none('No errors recorded.'),
    '',
  ];
  return lines.join('\n');
}

export function renderMarkdown(report: ScaleReport): string {
  const contents = report.scenarios.map(({ section }) => {
    const partial = section.partialRuns.length > 0 ? ' (partial)' : '';
    return `- ${markdownText(section.title)}: ${section.runNames.map((name) => markdownCode(name)).join(', ')} on ${section.targets
      .map((name) => markdownCode(name))
      .join(', ')}${partial}`;
  });
  const count = report.sources.length;
  return [
    '# Scale report',
    '',
    `_Generated ${markdownText(report.generatedAt)} from ${count} result file${count === 1 ? '' : 's'}._`,
    '',
    ...contents,
    '',
    ...report.scenarios.map(scenario),
    '## Result files',
    '',
    ...report.sources.map((file) => `- ${markdownCode(file)}`),
    '',
  ].join('\n');
}
