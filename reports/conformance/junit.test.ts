import { expect } from 'chai';
import { renderJunit } from './junit.js';
import { sampleReport } from './sample-report.js';

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITY = /&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/g;

function decode(raw: string): string {
  if (/[<]/.test(raw)) throw new Error(`raw '<' in ${JSON.stringify(raw)}`);
  if (/&/.test(raw.replace(ENTITY, ''))) throw new Error(`bare '&' in ${JSON.stringify(raw)}`);
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return raw.replace(ENTITY, (_, name: string) =>
    name.startsWith('#x')
      ? String.fromCodePoint(parseInt(name.slice(2), 16))
      : name.startsWith('#')
        ? String.fromCodePoint(parseInt(name.slice(1), 10))
        : (named[name] ?? ''),
  );
}

/**
 * A strict little parser for the XML subset junit.xml uses (declaration, elements, attributes,
 * text, entities). It throws on anything not well-formed, which is the point of the test.
 */
function parseXml(xml: string): XmlElement {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(xml)) throw new Error('control character in XML');
  const body = xml.replace(/^<\?xml [^?]*\?>\s*/, '');
  const token = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"]*")*)\s*(\/?)>|([^<]+)/gy;
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  let consumed = 0;
  for (const match of body.matchAll(token)) {
    consumed += match[0].length;
    const [, closing, name, attrs, selfClosing, text] = match;
    const top = stack[stack.length - 1]!;
    if (text !== undefined) {
      top.text += decode(text);
      continue;
    }
    if (closing) {
      if (top.name !== name) throw new Error(`</${name}> closes <${top.name}>`);
      stack.pop();
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const [, key, value] of (attrs ?? '').matchAll(/([A-Za-z_][\w.-]*)="([^"]*)"/g)) {
      if (key! in attributes) throw new Error(`duplicate attribute ${key}`);
      attributes[key!] = decode(value!);
    }
    const element: XmlElement = { name: name!, attributes, children: [], text: '' };
    top.children.push(element);
    if (!selfClosing) stack.push(element);
  }
  if (consumed !== body.length)
    throw new Error(`unparsable XML at offset ${consumed}: ${body.slice(consumed, consumed + 40)}`);
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1]!.name}>`);
  if (root.children.length !== 1 || root.text.trim() !== '')
    throw new Error('XML must have exactly one root element');
  return root.children[0]!;
}

const all = (element: XmlElement, name: string): XmlElement[] => [
  ...element.children.filter((child) => child.name === name),
  ...element.children.flatMap((child) => all(child, name)),
];

describe('junit.xml', () => {
  const report = sampleReport();
  const root = parseXml(renderJunit(report));

  it('is well-formed with one testcase per test', () => {
    expect(root.name).to.equal('testsuites');
    expect(all(root, 'testcase').map((testcase) => testcase.attributes.name)).to.deep.equal(
      report.tests.map((test) => test.id),
    );
    expect(root.attributes).to.include({ tests: '3', failures: '1', skipped: '1', errors: '0' });
  });

  it('groups testcases into one testsuite per area with counts', () => {
    const suites = all(root, 'testsuite');
    expect(suites).to.have.length(1);
    expect(suites[0]!.attributes).to.include({
      name: 'api-machinery',
      tests: '3',
      failures: '1',
      skipped: '1',
    });
  });

  it('marks failures and skips', () => {
    const [passed, failed, skipped] = all(root, 'testcase');
    expect(passed!.children).to.deep.equal([]);
    expect(failed!.children.map((child) => child.name)).to.deep.equal(['failure']);
    expect(skipped!.children.map((child) => child.name)).to.deep.equal(['skipped']);
  });

  it('escapes <&"\' in attributes and text, and drops control characters', () => {
    const failure = all(root, 'failure')[0]!;
    expect(failure.text).to.contain(`<script>alert("x")</script> & 'quotes' \uFFFD`);
    expect(failure.text).to.contain('second line');
    expect(failure.attributes.message).to.equal(
      `expected 404, got 500: <script>alert("x")</script> & 'quotes' \uFFFD`,
    );
    expect(all(root, 'skipped')[0]!.attributes.message).to.contain('<script>');
    expect(root.attributes.name).to.contain('sample <impl> v1.2.3+kcp-"x"');
  });

  it('records who the tests acted as in every testsuite', () => {
    for (const suite of all(root, 'testsuite')) {
      const property = all(suite, 'property').find((element) => element.attributes.name === 'test-users');
      expect(property?.attributes.value).to.equal(report.users?.describe);
    }
    const { users: _, ...withoutUsers } = report;
    const bare = { ...withoutUsers, features: { ...report.features, decisions: undefined } };
    expect(renderJunit(bare)).not.to.contain('<properties>');
  });

  it('records how each feature was decided, with its evidence, as feature.<name> properties', () => {
    const [suite] = all(root, 'testsuite');
    const value = (name: string) =>
      all(suite!, 'property').find((element) => element.attributes.name === name)?.attributes.value;
    expect(value('feature.ConfigMaps')).to.equal(
      'supported (inferred): discovery lists v1 configmaps: create, get, list, update, delete',
    );
    expect(value('feature.Watch')).to.equal(
      `not supported (inferred): watch-list probe stream's first event was ERROR: 500 InternalError: <script>alert("x")</script> & 'quotes' \uFFFD`,
    );
    expect(value('feature.WildcardRequests')).to.equal(
      'not supported (claimed with --features): not named in --features; inference: no rule decides it',
    );
  });

  it('the checker itself rejects unescaped markup', () => {
    expect(() => parseXml('<a>x & y</a>')).to.throw(/bare '&'/);
    expect(() => parseXml('<a b="<"/>')).to.throw();
    expect(() => parseXml('<a><b></a></b>')).to.throw(/closes/);
  });
});
