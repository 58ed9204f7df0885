// index.html: the scale report as one self-contained page. Charts are inline SVG, the style is
// inline, and nothing is loaded from elsewhere, so the page can be attached to a CI run or mailed
// and still render. Every value that came from a result goes through escapeMarkup; the SVGs come
// from vega, which escapes the text it draws.
import { escapeMarkup as esc } from '../conformance/escape.js';
import type { Chart } from './charts.js';
import type { ScaleReport, ScenarioReport } from './report.js';
import type { Cell, Section, Table } from './sections.js';

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 1200px; padding: 0 1rem; color: #1d232a; }
h1 { font-size: 1.5rem; }
h2 { font-size: 1.25rem; margin-top: 2.5rem; border-bottom: 1px solid #d0d7de; padding-bottom: .2rem; }
h3 { font-size: 1rem; margin: 1.4rem 0 .4rem; }
table { border-collapse: collapse; min-width: 50%; margin: .3rem 0; }
.facts table { width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .3rem .5rem; border-bottom: 1px solid #eaeef2; }
th { background: #f6f8fa; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
code { font: 12px/1.4 ui-monospace, monospace; word-break: break-word; }
.muted { color: #57606a; }
.caption { color: #57606a; margin: .2rem 0; }
.better { background: #dafbe1; color: #116329; }
.worse { background: #ffebe9; color: #a40e26; }
.warn { background: #fff8c5; color: #7d4e00; }
.note { font-size: 12px; margin-left: .3rem; }
.callout { background: #fff8c5; border-left: 4px solid #d4a72c; padding: .4rem .7rem; margin: .6rem 0; }
.facts { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 0 2rem; }
.facts.stacked { grid-template-columns: 1fr; }
.facts > div { min-width: 0; }
.facts td { overflow-wrap: anywhere; }
.facts td:first-child { overflow-wrap: normal; white-space: nowrap; }
.charts { display: flex; flex-wrap: wrap; gap: 1.5rem; }
figure { margin: 0; max-width: 100%; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { color: #57606a; font-size: 12px; max-width: 520px; }
ul.notes { margin: .2rem 0; padding-left: 1.2rem; }
`;

function cell(value: Cell, tag: 'td' | 'th', numeric: boolean): string {
  const classes = [numeric ? 'num' : '', value.tone ?? ''].filter((name) => name !== '');
  const content = value.code ? `<code>${esc(value.text)}</code>` : esc(value.text);
  const note = value.note === undefined ? '' : `<span class="note">${esc(value.note)}</span>`;
  const attribute = classes.length > 0 ? ` class="${classes.join(' ')}"` : '';
  return `<${tag}${attribute}>${content}${note}</${tag}>`;
}

function table(data: Table): string {
  const numeric = (index: number) => data.numericFrom !== undefined && index >= data.numericFrom;
  const header = data.header.map((name, index) => cell({ text: name }, 'th', numeric(index))).join('');
  const rows = data.rows.map(
    (row) => `<tr>${row.map((value, index) => cell(value, 'td', numeric(index))).join('')}</tr>`,
  );
  const caption = data.caption === undefined ? '' : `<p class="caption">${esc(data.caption)}</p>\n`;
  return `${caption}<table>\n<tr>${header}</tr>\n${rows.join('\n')}\n</table>`;
}

const anchor = (section: Section): string => `scenario-${section.scenario}`;

function callouts(section: Section): string {
  const parts: string[] = [];
  if (section.partialRuns.length > 0)
    parts.push(
      `<p class="callout"><strong>Partial:</strong> ${section.partialRuns.map((name) => `<code>${esc(name)}</code>`).join(', ')} ` +
        'was interrupted; its numbers cover only part of the run.</p>',
    );
  if (section.differingTenancy.length > 0)
    parts.push(
      `<p class="callout"><strong>Not like for like:</strong> the runs put their units in different places: ` +
        `${section.differingTenancy.map(({ run, tenancy }) => `<code>${esc(run)}</code> in ${esc(tenancy)}`).join(', ')}.</p>`,
    );
  if (section.differingParameters.length > 0)
    parts.push(
      `<p class="callout"><strong>Not like for like:</strong> the runs differ in ` +
        `${section.differingParameters.map((name) => `<code>${esc(name)}</code>`).join(', ')}.</p>`,
    );
  return parts.join('\n');
}

function notes(section: Section): string {
  if (section.notes.length === 0) return '<p class="muted">No notes.</p>';
  const all = section.runNames.length;
  const items = section.notes.map((note) => {
    const who =
      all === 1 ? '' : note.runs.length === all ? 'all runs' : note.runs.map((name) => esc(name)).join(', ');
    return `<li>${who === '' ? '' : `<strong>${who}:</strong> `}${esc(note.text)}</li>`;
  });
  return `<ul class="notes">\n${items.join('\n')}\n</ul>`;
}

function charts(list: readonly Chart[]): string {
  if (list.length === 0) return '<p class="muted">No chartable data (no CDFs, series or rates).</p>';
  const figures = list.map(
    (chart) =>
      `<figure id="chart-${esc(chart.file.replace(/\.svg$/, ''))}">\n${chart.svg}\n<figcaption>${esc(chart.caption)}</figcaption>\n</figure>`,
  );
  return `<div class="charts">\n${figures.join('\n')}\n</div>`;
}

function scenario({ section, charts: list }: ScenarioReport): string {
  const several = section.runNames.length > 1;
  const parts = [
    `<section id="${anchor(section)}">`,
    `<h2>${esc(section.title)} <code class="muted">${esc(section.scenario)}</code></h2>`,
    `<p>${esc(section.description)}</p>`,
    callouts(section),
    // Side by side the two tables fit one or two runs; with more, each needs the full width.
    `<div class="facts${section.runNames.length > 2 ? ' stacked' : ''}">`,
    `<div><h3>Where and on what</h3>\n${table(section.runs)}</div>`,
    `<div><h3>Parameters</h3>\n${section.parameters ? table(section.parameters) : '<p class="muted">None recorded.</p>'}</div>`,
    '</div>',
    `<h3>${several ? 'Comparison of headline metrics' : 'Headline metrics'}</h3>`,
    section.metrics ? table(section.metrics) : '<p class="muted">None recorded.</p>',
    '<h3>Notes</h3>',
    notes(section),
    '<h3>Charts</h3>',
    charts(list),
    '<h3>Latency percentiles</h3>',
    section.latencies ? table(section.latencies) : '<p class="muted">None recorded.</p>',
    '<h3>Errors</h3>',
    section.errors ? table(section.errors) : '<p class="muted">No errors recorded.</p>',
    '</section>',
  ];
  return parts.filter((part) => part !== '').join('\n');
}

function contents(report: ScaleReport): string {
  const codes = (names: readonly string[]) => names.map((name) => `<code>${esc(name)}</code>`).join(', ');
  const rows = report.scenarios.map(({ section }) => {
    const partial = section.partialRuns.length > 0;
    const complete = partial ? `<td class="warn">no: ${codes(section.partialRuns)}</td>` : '<td>yes</td>';
    return (
      `<tr><td><a href="#${anchor(section)}">${esc(section.title)}</a></td>` +
      `<td>${codes(section.runNames)}</td><td>${codes(section.targets)}</td>${complete}</tr>`
    );
  });
  return `<table>\n<tr><th>Scenario</th><th>Runs</th><th>Targets</th><th>Complete</th></tr>\n${rows.join('\n')}\n</table>`;
}

export function renderHtml(report: ScaleReport): string {
  const sources = report.sources.map((file) => `<li><code>${esc(file)}</code></li>`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Scale report</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Scale report</h1>
<p class="muted">Generated ${esc(report.generatedAt)} from ${report.sources.length} result file${report.sources.length === 1 ? '' : 's'}.</p>
${contents(report)}
${report.scenarios.map(scenario).join('\n')}
<h2>Result files</h2>
<ul>
${sources}
</ul>
<p class="muted">Also as report.md, with each chart as an SVG file next to it.</p>
</body>
</html>
`;
}
