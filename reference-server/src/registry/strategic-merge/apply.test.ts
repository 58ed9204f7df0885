import { expect } from 'chai';
import { PatchError } from '../patch.js';
import { applyStrategicMergePatch, decodeStrategicPatch } from './apply.js';
import type { PatchSchema } from './patch-meta.js';
import { strategicPatchSchema } from './schemas.js';

const sa = strategicPatchSchema('', 'serviceaccounts')!;
const cm = strategicPatchSchema('', 'configmaps')!;
const ns = strategicPatchSchema('', 'namespaces')!;

function fails(f: () => unknown, code: number, message: string | RegExp): void {
  try {
    f();
  } catch (e) {
    expect(e).to.be.instanceOf(PatchError);
    const err = e as PatchError;
    expect(err.status.code).to.equal(code);
    if (typeof message === 'string') expect(err.status.message).to.equal(message);
    else expect(err.why).to.match(message);
    return;
  }
  expect.fail('no error');
}

describe('strategic merge patch', () => {
  describe('maps', () => {
    it('merges objects key by key and deletes on null', () => {
      const out = applyStrategicMergePatch(
        { metadata: { name: 'x', labels: { a: '1', b: '2' } }, data: { k: 'v' } },
        { metadata: { labels: { a: null, c: '3' } }, data: { j: 'w' } },
        cm,
      );
      expect(out).to.deep.equal({
        metadata: { name: 'x', labels: { b: '2', c: '3' } },
        data: { k: 'v', j: 'w' },
      });
    });

    it('a null patch changes nothing; the inputs are not modified', () => {
      const original = { data: { a: 'b' } };
      expect(applyStrategicMergePatch(original, null, cm)).to.deep.equal(original);
      const patch = { data: { a: null } };
      applyStrategicMergePatch(original, patch, cm);
      expect(original).to.deep.equal({ data: { a: 'b' } });
      expect(patch).to.deep.equal({ data: { a: null } });
    });

    it('drops nulls from a value that is new, as IgnoreUnmatchedNulls does', () => {
      expect(applyStrategicMergePatch({}, { data: { a: 'b', c: null } }, cm)).to.deep.equal({
        data: { a: 'b' },
      });
    });

    it('$patch: replace replaces a map, $patch: delete empties it', () => {
      const original = { metadata: { labels: { a: '1', b: '2' } } };
      expect(
        applyStrategicMergePatch(original, { metadata: { labels: { $patch: 'replace', z: '1' } } }, cm),
      ).to.deep.equal({ metadata: { labels: { z: '1' } } });
      expect(
        applyStrategicMergePatch(original, { metadata: { labels: { $patch: 'delete' } } }, cm),
      ).to.deep.equal({ metadata: { labels: {} } });
    });

    it('an unknown $patch in a map is refused with the library text', () => {
      fails(
        () => applyStrategicMergePatch({ data: { a: 'b' } }, { data: { $patch: 'merge' } }, cm),
        400,
        'unknown patch type: merge in map: map[$patch:merge]',
      );
    });

    it('$retainKeys clears keys not listed and refuses a patch key it does not list', () => {
      expect(
        applyStrategicMergePatch(
          { spec: { a: 1, b: 2, c: 3 } },
          { spec: { $retainKeys: ['a', 'c'], c: 4 } },
          { name: 'X', fields: {} },
        ),
      ).to.deep.equal({ spec: { a: 1, c: 4 } });
      fails(
        () =>
          applyStrategicMergePatch({ metadata: {} }, { metadata: { $retainKeys: ['name'], labels: {} } }, cm),
        400,
        'invalid patch format of retainKeys',
      );
      fails(
        () => applyStrategicMergePatch({ metadata: {} }, { metadata: { $retainKeys: 'name' } }, cm),
        400,
        'invalid patch format of retainKeys',
      );
    });
  });

  describe('lists', () => {
    const original = { secrets: [{ name: 's1' }], imagePullSecrets: [{ name: 'p1' }] };

    it('merges a list by its merge key, patch items first (ServiceAccount.secrets)', () => {
      // Verified on kcp: [s1] patched with [s2] gives [s2, s1].
      expect(applyStrategicMergePatch(original, { secrets: [{ name: 's2' }] }, sa).secrets).to.deep.equal([
        { name: 's2' },
        { name: 's1' },
      ]);
      expect(
        applyStrategicMergePatch(
          { secrets: [{ name: 's1', kind: 'Secret' }] },
          { secrets: [{ name: 's1', namespace: 'n' }] },
          sa,
        ).secrets,
      ).to.deep.equal([{ name: 's1', kind: 'Secret', namespace: 'n' }]);
    });

    it('replaces a list without a strategy (imagePullSecrets, PolicyRule lists)', () => {
      expect(
        applyStrategicMergePatch(original, { imagePullSecrets: [{ name: 'p2' }] }, sa).imagePullSecrets,
      ).to.deep.equal([{ name: 'p2' }]);
      const role = strategicPatchSchema('rbac.authorization.k8s.io', 'roles')!;
      expect(
        applyStrategicMergePatch({ rules: [{ verbs: ['get'] }] }, { rules: [{ verbs: ['list'] }] }, role),
      ).to.deep.equal({ rules: [{ verbs: ['list'] }] });
    });

    it('$patch: delete removes the element with the merge key; $patch: replace replaces the list', () => {
      const two = { secrets: [{ name: 's1' }, { name: 's2' }] };
      expect(
        applyStrategicMergePatch(two, { secrets: [{ $patch: 'delete', name: 's1' }] }, sa).secrets,
      ).to.deep.equal([{ name: 's2' }]);
      expect(
        applyStrategicMergePatch(two, { secrets: [{ name: 's3' }, { $patch: 'replace' }] }, sa).secrets,
      ).to.deep.equal([{ name: 's3' }]);
    });

    it('refuses list elements without the merge key and unknown list directives', () => {
      fails(
        () => applyStrategicMergePatch(original, { secrets: [{ foo: 'x' }] }, sa),
        400,
        'map: map[foo:x] does not contain declared merge key: name',
      );
      fails(
        () => applyStrategicMergePatch(original, { secrets: [{ $patch: 'merge' }] }, sa),
        400,
        'merging lists cannot yet be specified in the patch',
      );
      fails(
        () => applyStrategicMergePatch(original, { secrets: [{ $patch: 'bogus', name: 's1' }] }, sa),
        400,
        'unknown patch type: bogus in map: map[$patch:bogus name:s1]',
      );
      fails(() => applyStrategicMergePatch({ secrets: [] }, { secrets: [[1]] }, sa), 422, /lists of lists/);
      fails(
        () => applyStrategicMergePatch(original, { secrets: [[1]] }, sa),
        400,
        'list element types are not identical: [[map[name:s1]] [[1]]]',
      );
      fails(
        () =>
          applyStrategicMergePatch(
            { metadata: { finalizers: ['a'] } },
            { metadata: { finalizers: [{ a: 1 }] } },
            sa,
          ),
        400,
        'list element types are not identical: [[a] [map[a:1]]]',
      );
    });

    it('merges primitive lists with a merge strategy (finalizers), patch items first', () => {
      const out = applyStrategicMergePatch(
        { metadata: { finalizers: ['a/b', 'c/d'] } },
        { metadata: { finalizers: ['e/f'] } },
        cm,
      );
      expect(out).to.deep.equal({ metadata: { finalizers: ['e/f', 'a/b', 'c/d'] } });
      expect(
        applyStrategicMergePatch(
          { metadata: { finalizers: ['a', 'b'] } },
          { metadata: { finalizers: ['b', 'c'] } },
          cm,
        ),
      ).to.deep.equal({ metadata: { finalizers: ['a', 'b', 'c'] } }); // as kcp answers
    });

    it('$deleteFromPrimitiveList removes values; a malformed key is a 400', () => {
      expect(
        applyStrategicMergePatch(
          { metadata: { finalizers: ['e/f', 'a/b', 'c/d'] } },
          { metadata: { '$deleteFromPrimitiveList/finalizers': ['a/b'] } },
          cm,
        ),
      ).to.deep.equal({ metadata: { finalizers: ['e/f', 'c/d'] } });
      fails(
        () =>
          applyStrategicMergePatch({ metadata: {} }, { metadata: { $deleteFromPrimitiveList: ['x'] } }, cm),
        400,
        'invalid patch format of primitive list',
      );
    });

    it('$setElementOrder orders the merged list', () => {
      expect(
        applyStrategicMergePatch(
          { metadata: { finalizers: ['e/f', 'c/d'] } },
          { metadata: { '$setElementOrder/finalizers': ['c/d', 'e/f'] } },
          cm,
        ),
      ).to.deep.equal({ metadata: { finalizers: ['c/d', 'e/f'] } });
      expect(
        applyStrategicMergePatch(
          { secrets: [{ name: 'a' }, { name: 'b' }, { name: 's2' }] },
          {
            '$setElementOrder/secrets': [{ name: 'b' }, { name: 'c' }, { name: 'a' }],
            secrets: [{ name: 'c' }],
          },
          sa,
        ).secrets,
      ).to.deep.equal([{ name: 'b' }, { name: 'c' }, { name: 'a' }, { name: 's2' }]); // as kcp answers
      fails(
        () =>
          applyStrategicMergePatch(
            { metadata: { finalizers: ['a'] } },
            { metadata: { finalizers: ['x', 'y'], '$setElementOrder/finalizers': ['y', 'x'] } },
            cm,
          ),
        400,
        /doesn't match \$setElementOrder list/,
      );
    });

    it('merges ownerReferences by uid and Namespace status conditions by type', () => {
      const owners = applyStrategicMergePatch(
        { metadata: { ownerReferences: [{ uid: '1', name: 'a' }] } },
        { metadata: { ownerReferences: [{ uid: '2', name: 'b' }] } },
        cm,
      );
      expect(owners).to.deep.equal({
        metadata: {
          ownerReferences: [
            { uid: '2', name: 'b' },
            { uid: '1', name: 'a' },
          ],
        },
      });
      const status = applyStrategicMergePatch(
        { status: { conditions: [{ type: 'A', status: 'True' }] } },
        { status: { conditions: [{ type: 'A', status: 'False' }] } },
        ns,
      );
      expect(status).to.deep.equal({ status: { conditions: [{ type: 'A', status: 'False' }] } });
    });

    it('a value of another type replaces the original, directives stripped', () => {
      expect(applyStrategicMergePatch({ secrets: [{ name: 'a' }] }, { secrets: 'x' }, sa)).to.deep.equal({
        secrets: 'x',
      });
    });

    it('lists of objects without a merge key are refused for a merge strategy', () => {
      const schema: PatchSchema = { name: 'Thing', fields: { items: { strategy: 'merge' } } };
      fails(
        () => applyStrategicMergePatch({ items: [{ a: 1 }] }, { items: [{ a: 2 }] }, schema),
        400,
        'cannot merge lists without merge key for ',
      );
    });
  });

  describe('decoding', () => {
    it('accepts an object or null, refuses anything else as kube words it', () => {
      expect(decodeStrategicPatch('{"a":1}')).to.deep.equal({ a: 1 });
      expect(decodeStrategicPatch('null')).to.equal(null);
      fails(
        () => decodeStrategicPatch('[]'),
        400,
        'json: cannot unmarshal array into Go value of type map[string]interface {}',
      );
      fails(() => decodeStrategicPatch('{'), 400, /JSON/);
    });
  });
});
