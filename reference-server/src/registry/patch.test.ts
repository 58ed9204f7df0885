import { expect } from 'chai';
import { ApiError } from '../api/status.js';
import {
  applyJsonPatch,
  applyMergePatch,
  builtinPatchContentTypes,
  customResourcePatchContentTypes,
  decodeJsonPatch,
  decodeMergePatch,
  maxJSONPatchOperations,
  PatchError,
  patchedResourceVersion,
  patchTypeOf,
  unsupportedPatchError,
  unsupportedPatchMessage,
} from './patch.js';

const rejected = 'the server rejected our request due to an error in our request';

function patchError(fn: () => unknown): PatchError {
  try {
    fn();
  } catch (e) {
    expect(e).to.be.instanceOf(PatchError);
    return e as PatchError;
  }
  throw new Error('expected a PatchError');
}

function expect422(fn: () => unknown): PatchError {
  const e = patchError(fn);
  expect([e.code, e.reason, e.message]).to.deep.equal([422, 'Invalid', rejected]);
  return e;
}

const json = (target: unknown, body: string) => applyJsonPatch(target, decodeJsonPatch(body));

describe('patch content types', () => {
  it('maps the four patch media types, ignoring parameters after ";"', () => {
    expect(patchTypeOf('application/json-patch+json')).to.equal('json');
    expect(patchTypeOf('application/merge-patch+json; charset=utf-8')).to.equal('merge');
    expect(patchTypeOf('application/strategic-merge-patch+json')).to.equal('strategic');
    expect(patchTypeOf('application/apply-patch+yaml')).to.equal('apply');
  });

  it('matches exactly, as upstream does, and leaves CBOR apply unrecognised', () => {
    for (const ct of [
      'application/apply-patch+cbor',
      'application/json',
      'Application/JSON-Patch+JSON',
      'application/json-patch+json ; charset=utf-8',
      ';application/json-patch+json',
      '',
    ]) {
      expect(patchTypeOf(ct), ct).to.equal(undefined);
    }
  });

  it('words a 415 as negotiation.NewUnsupportedMediaTypeError does', () => {
    expect(unsupportedPatchMessage()).to.equal(
      'the body of the request was in an unknown format - accepted media types include: ' +
        'application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
    );
    expect(unsupportedPatchMessage(builtinPatchContentTypes)).to.contain(
      'application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml',
    );
    const e = unsupportedPatchError(customResourcePatchContentTypes);
    expect(e).to.be.instanceOf(ApiError);
    expect(e.status).to.deep.include({
      code: 415,
      reason: 'UnsupportedMediaType',
      message: unsupportedPatchMessage(),
    });
    expect(e.status.details).to.equal(undefined);
  });
});

describe('merge patch (RFC 7386 appendix A)', () => {
  const table: [unknown, unknown, unknown][] = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [
      ['a', 'b'],
      ['c', 'd'],
      ['c', 'd'],
    ],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];
  table.forEach(([original, patch, result], i) => {
    it(`row ${i + 1}: ${JSON.stringify(original)} + ${JSON.stringify(patch)}`, () => {
      expect(applyMergePatch(original, patch)).to.deep.equal(result);
    });
  });

  it('modifies neither argument', () => {
    const target = { a: { b: 1 }, c: [1] };
    const patch = { a: { b: 2, d: null }, c: null };
    applyMergePatch(target, patch);
    expect(target).to.deep.equal({ a: { b: 1 }, c: [1] });
    expect(patch).to.deep.equal({ a: { b: 2, d: null }, c: null });
  });

  it('prunes nulls in objects inside a new array, as evanphx/json-patch does', () => {
    expect(applyMergePatch({}, { a: [{ b: null, c: 1 }, null] })).to.deep.equal({ a: [{ c: 1 }, null] });
    // ...but not when the array replaces an object.
    expect(applyMergePatch({ a: {} }, { a: [{ b: null }] })).to.deep.equal({ a: [{ b: null }] });
  });

  it('keeps a __proto__ member a member', () => {
    const out = applyMergePatch({}, JSON.parse('{"__proto__": {"x": 1}}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).to.equal(Object.prototype);
    expect(Object.keys(out)).to.deep.equal(['__proto__']);
    expect(({} as Record<string, unknown>).x).to.equal(undefined);
  });

  it('decodes only objects: anything else is a 400 as under the default fieldValidation', () => {
    expect(decodeMergePatch('{"a":null}')).to.deep.equal({ a: null });
    expect(decodeMergePatch(new TextEncoder().encode('{"a":1}'))).to.deep.equal({ a: 1 });
    const cases: [string, string][] = [
      ['null', 'Invalid JSON Patch'],
      [
        '[1]',
        'error decoding patch: json: cannot unmarshal array into Go value of type map[string]interface {}',
      ],
      [
        '"x"',
        'error decoding patch: json: cannot unmarshal string into Go value of type map[string]interface {}',
      ],
      [
        'true',
        'error decoding patch: json: cannot unmarshal bool into Go value of type map[string]interface {}',
      ],
    ];
    for (const [body, message] of cases) {
      const e = patchError(() => decodeMergePatch(body));
      expect([e.code, e.reason, e.message], body).to.deep.equal([400, 'BadRequest', message]);
    }
    for (const body of ['{', '', '\uFEFF{}']) {
      const e = patchError(() => decodeMergePatch(body));
      expect([e.code, e.reason], body).to.deep.equal([400, 'BadRequest']);
      expect(e.message).to.match(/^error decoding patch: /);
    }
  });
});

describe('JSON patch (RFC 6902 appendix A)', () => {
  it('A.1 adds an object member', () => {
    expect(json({ foo: 'bar' }, '[{ "op": "add", "path": "/baz", "value": "qux" }]')).to.deep.equal({
      baz: 'qux',
      foo: 'bar',
    });
  });

  it('A.2 adds an array element', () => {
    expect(
      json({ foo: ['bar', 'baz'] }, '[{ "op": "add", "path": "/foo/1", "value": "qux" }]'),
    ).to.deep.equal({
      foo: ['bar', 'qux', 'baz'],
    });
  });

  it('A.3 removes an object member', () => {
    expect(json({ baz: 'qux', foo: 'bar' }, '[{ "op": "remove", "path": "/baz" }]')).to.deep.equal({
      foo: 'bar',
    });
  });

  it('A.4 removes an array element', () => {
    expect(json({ foo: ['bar', 'qux', 'baz'] }, '[{ "op": "remove", "path": "/foo/1" }]')).to.deep.equal({
      foo: ['bar', 'baz'],
    });
  });

  it('A.5 replaces a value', () => {
    expect(
      json({ baz: 'qux', foo: 'bar' }, '[{ "op": "replace", "path": "/baz", "value": "boo" }]'),
    ).to.deep.equal({
      baz: 'boo',
      foo: 'bar',
    });
  });

  it('A.6 moves a value', () => {
    const target = { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } };
    expect(json(target, '[{ "op": "move", "from": "/foo/waldo", "path": "/qux/thud" }]')).to.deep.equal({
      foo: { bar: 'baz' },
      qux: { corge: 'grault', thud: 'fred' },
    });
  });

  it('A.7 moves an array element', () => {
    const target = { foo: ['all', 'grass', 'cows', 'eat'] };
    expect(json(target, '[{ "op": "move", "from": "/foo/1", "path": "/foo/3" }]')).to.deep.equal({
      foo: ['all', 'cows', 'eat', 'grass'],
    });
  });

  it('A.8 tests a value: success', () => {
    const target = { baz: 'qux', foo: ['a', 2, 'c'] };
    const body =
      '[{ "op": "test", "path": "/baz", "value": "qux" }, { "op": "test", "path": "/foo/1", "value": 2 }]';
    expect(json(target, body)).to.deep.equal(target);
  });

  it('A.9 tests a value: error, a 422 with the canned message and empty details', () => {
    const e = expect422(() => json({ baz: 'qux' }, '[{ "op": "test", "path": "/baz", "value": "bar" }]'));
    expect(e.status.details).to.deep.equal({});
    expect(e.why).to.equal('testing value /baz failed: test failed');
  });

  it('A.10 adds a nested member object', () => {
    const body = '[{ "op": "add", "path": "/child", "value": { "grandchild": { } } }]';
    expect(json({ foo: 'bar' }, body)).to.deep.equal({ foo: 'bar', child: { grandchild: {} } });
  });

  it('A.11 ignores unrecognized elements', () => {
    const body = '[{ "op": "add", "path": "/baz", "value": "qux", "xyz": 123 }]';
    expect(json({ foo: 'bar' }, body)).to.deep.equal({ foo: 'bar', baz: 'qux' });
  });

  it('A.12 refuses to add to a nonexistent target', () => {
    expect422(() => json({ foo: 'bar' }, '[{ "op": "add", "path": "/baz/bat", "value": "qux" }]'));
  });

  it('A.13 takes the last of duplicate members, as kube does, and fails the resulting remove', () => {
    expect422(() =>
      json({ foo: 'bar' }, '[{ "op": "add", "path": "/baz", "value": "qux", "op": "remove" }]'),
    );
  });

  it('A.14 applies ~ escapes in order', () => {
    const target = { '/': 9, '~1': 10 };
    expect(json(target, '[{"op": "test", "path": "/~01", "value": 10}]')).to.deep.equal(target);
  });

  it('A.15 compares strings and numbers strictly', () => {
    expect422(() => json({ '/': 9, '~1': 10 }, '[{"op": "test", "path": "/~01", "value": "10"}]'));
  });

  it('A.16 adds an array value with "-"', () => {
    const body = '[{ "op": "add", "path": "/foo/-", "value": ["abc", "def"] }]';
    expect(json({ foo: ['bar'] }, body)).to.deep.equal({ foo: ['bar', ['abc', 'def']] });
  });
});

describe('JSON patch details', () => {
  it('unescapes ~1 and ~0 in every token', () => {
    const target = { 'a/b': { 'c~d': 1 } };
    expect(json(target, '[{"op":"replace","path":"/a~1b/c~0d","value":2}]')).to.deep.equal({
      'a/b': { 'c~d': 2 },
    });
    expect(json({}, '[{"op":"add","path":"/~0~1","value":1}]')).to.deep.equal({ '~/': 1 });
  });

  it('copies deeply and leaves the target untouched', () => {
    const target = { a: { b: [1] } };
    const out = json(
      target,
      '[{"op":"copy","from":"/a","path":"/c"},{"op":"add","path":"/c/b/-","value":2}]',
    );
    expect(out).to.deep.equal({ a: { b: [1] }, c: { b: [1, 2] } });
    expect(target).to.deep.equal({ a: { b: [1] } });
  });

  it('applies operations in order and fails as a whole', () => {
    const target = { a: 1 };
    expect422(() => json(target, '[{"op":"remove","path":"/a"},{"op":"remove","path":"/a"}]'));
    expect(target).to.deep.equal({ a: 1 });
  });

  it('answers 422 for missing paths, bad indices and unknown operations', () => {
    const target = { a: [1, 2], o: { k: 1 }, s: 'x' };
    for (const op of [
      { op: 'remove', path: '/missing' },
      { op: 'remove', path: '/a/2' },
      { op: 'add', path: '/a/3', value: 0 },
      { op: 'add', path: '/a/x', value: 0 },
      { op: 'replace', path: '/a/2', value: 0 },
      { op: 'add', path: '/s/x', value: 0 },
      { op: 'add', path: '/missing/x', value: 0 },
      { op: 'add', path: '/a/-/x', value: 0 },
      { op: 'add', path: '', value: {} },
      { op: 'move', from: '/missing', path: '/b' },
      { op: 'move', from: '/o', path: '/o/k/x' },
      { op: 'copy', from: '/a/9', path: '/b' },
      { op: 'test', path: '/a/9', value: 1 },
      { op: 'test', path: '/o', value: { k: 2 } },
      { op: 'replace', path: '', value: 'scalar' },
      { op: 'add', value: 1 },
      { op: 'move', path: '/b' },
      { op: 'frobnicate', path: '/a' },
      { path: '/a' },
    ]) {
      expect422(() => applyJsonPatch(target, [op]));
    }
    expect(patchError(() => applyJsonPatch(target, [{ op: 'frobnicate' }])).why).to.equal(
      'Unexpected kind: frobnicate',
    );
    expect(patchError(() => applyJsonPatch(target, [null])).why).to.equal('Unexpected kind: unknown');
  });

  it('follows evanphx/json-patch where it is looser than the RFC', () => {
    // Negative indices count from the end.
    expect(applyJsonPatch({ a: [1, 2, 3] }, [{ op: 'remove', path: '/a/-1' }])).to.deep.equal({ a: [1, 2] });
    expect(applyJsonPatch({ a: [1, 2] }, [{ op: 'add', path: '/a/-1', value: 9 }])).to.deep.equal({
      a: [1, 2, 9],
    });
    expect(applyJsonPatch({ a: [1, 2] }, [{ op: 'replace', path: '/a/-2', value: 9 }])).to.deep.equal({
      a: [9, 2],
    });
    // Replacing a missing member adds it.
    expect(applyJsonPatch({}, [{ op: 'replace', path: '/a', value: 1 }])).to.deep.equal({ a: 1 });
    // A missing member tests equal to null; copying it copies null; an absent add value is null.
    expect(applyJsonPatch({}, [{ op: 'test', path: '/a', value: null }])).to.deep.equal({});
    expect(applyJsonPatch({}, [{ op: 'copy', from: '/a', path: '/b' }])).to.deep.equal({ b: null });
    expect(applyJsonPatch({}, [{ op: 'add', path: '/a' }])).to.deep.equal({ a: null });
    // The pointer's first segment is ignored.
    expect(applyJsonPatch({}, [{ op: 'add', path: 'x/a', value: 1 }])).to.deep.equal({ a: 1 });
    // Leading zeros are indices.
    expect(applyJsonPatch({ a: [1, 2] }, [{ op: 'remove', path: '/a/01' }])).to.deep.equal({ a: [1] });
  });

  it('replaces and tests the whole document with path ""', () => {
    expect(applyJsonPatch({ a: 1 }, [{ op: 'replace', path: '', value: { b: 2 } }])).to.deep.equal({ b: 2 });
    expect(applyJsonPatch({ a: [1] }, [{ op: 'test', path: '', value: { a: [1] } }])).to.deep.equal({
      a: [1],
    });
    expect422(() => applyJsonPatch({ a: 1 }, [{ op: 'test', path: '', value: { a: 2 } }]));
  });

  it('treats a null body as no operations', () => {
    expect(decodeJsonPatch('null')).to.deep.equal([]);
    expect(applyJsonPatch({ a: 1 }, null)).to.deep.equal({ a: 1 });
  });

  it('answers 400 for bodies that do not decode into operations', () => {
    const cases: [string, string][] = [
      ['{"op":"add"}', 'json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp'],
      ['"x"', 'json: cannot unmarshal string into Go value of type []handlers.jsonPatchOp'],
      ['[1]', 'json: cannot unmarshal number into Go value of type handlers.jsonPatchOp'],
      ['[{"op":1}]', 'json: cannot unmarshal number into Go struct field jsonPatchOp.op of type string'],
      [
        '[{"op":"add","path":["a"]}]',
        'json: cannot unmarshal array into Go struct field jsonPatchOp.path of type string',
      ],
    ];
    for (const [body, why] of cases) {
      const e = patchError(() => decodeJsonPatch(body));
      expect([e.code, e.reason, e.message], body).to.deep.equal([
        400,
        'BadRequest',
        `error decoding patch: ${why}`,
      ]);
    }
    const e = patchError(() => decodeJsonPatch('[{"op":'));
    expect([e.code, e.reason]).to.deep.equal([400, 'BadRequest']);
    expect(patchError(() => applyJsonPatch({}, { op: 'add' })).code).to.equal(400);
  });

  it(`caps a patch at ${maxJSONPatchOperations} operations with 413`, () => {
    const op = { op: 'test', path: '/a', value: 1 };
    expect(applyJsonPatch({ a: 1 }, new Array(maxJSONPatchOperations).fill(op))).to.deep.equal({ a: 1 });
    const e = patchError(() => applyJsonPatch({ a: 1 }, new Array(maxJSONPatchOperations + 1).fill(op)));
    expect(e.status).to.deep.equal({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001',
      reason: 'RequestEntityTooLarge',
      code: 413,
    });
  });

  it('keeps a __proto__ member a member', () => {
    const out = applyJsonPatch({}, [{ op: 'add', path: '/__proto__', value: { x: 1 } }]) as object;
    expect(Object.getPrototypeOf(out)).to.equal(Object.prototype);
    expect(Object.keys(out)).to.deep.equal(['__proto__']);
    expect422(() => applyJsonPatch({}, [{ op: 'remove', path: '/constructor' }]));
  });
});

describe('resourceVersion after a patch', () => {
  const withRv = (rv?: unknown) => ({ metadata: rv === undefined ? {} : { resourceVersion: rv } });

  it('is a precondition only when the patch changed it', () => {
    expect(patchedResourceVersion('5', withRv('5'))).to.equal('unchanged');
    expect(patchedResourceVersion('5', withRv('4'))).to.equal('conflict');
    expect(patchedResourceVersion('5', withRv())).to.equal('cleared');
    expect(patchedResourceVersion('5', withRv(''))).to.equal('cleared');
    const merged = applyMergePatch(
      { metadata: { resourceVersion: '5' } },
      { metadata: { labels: { a: 'b' } } },
    );
    expect(patchedResourceVersion('5', merged)).to.equal('unchanged');
  });
});
