// RBAC types through the generic object operations on an in-memory store.

import { expect } from 'chai';
import { ApiError } from '../../api/status.js';
import type { KubeObject } from '../../api/types.js';
import { createMemoryStore } from '../../storage/memory-store.js';
import type { Store } from '../../storage/store.js';
import { createObject, getObject, updateObject } from '../objects.js';
import type { Scope } from '../scope.js';
import { toTable } from '../table.js';
import { additionalBuiltinTypes } from './index.js';
import { clusterrolebindings, clusterroles, rolebindings, roles } from './rbac.js';

async function expectStatus(p: Promise<unknown>, code: number, reason: string): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    expect(e).to.be.instanceOf(ApiError);
    expect((e as ApiError).status).to.include({ code, reason });
    return e as ApiError;
  }
  throw new Error(`expected ${code} ${reason}`);
}

/** The causes of a 422, as `reason field: message`. */
async function causes(p: Promise<unknown>): Promise<string[]> {
  const e = await expectStatus(p, 422, 'Invalid');
  return (e.status.details?.causes ?? []).map((c) => `${c.reason} ${c.field}: ${c.message}`);
}

const group = 'rbac.authorization.k8s.io';
const obj = (kind: string, name: string, extra: Partial<KubeObject> = {}): KubeObject => ({
  apiVersion: `${group}/v1`,
  kind,
  metadata: { name },
  ...extra,
});
const readPods = { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] };

describe('rbac', () => {
  let store: Store;
  const roleScope: Scope = { type: roles, cluster: 'c1', namespace: 'ns' };
  const clusterRoleScope: Scope = { type: clusterroles, cluster: 'c1' };
  const bindingScope: Scope = { type: rolebindings, cluster: 'c1', namespace: 'ns' };
  const clusterBindingScope: Scope = { type: clusterrolebindings, cluster: 'c1' };
  beforeEach(() => {
    store = createMemoryStore();
  });
  afterEach(() => store.close());

  it('serves the four types as kube-apiserver does', () => {
    expect(additionalBuiltinTypes.map((t) => `${t.group}/${t.version}/${t.names.plural}`)).to.include.members(
      [
        `${group}/v1/roles`,
        `${group}/v1/clusterroles`,
        `${group}/v1/rolebindings`,
        `${group}/v1/clusterrolebindings`,
      ],
    );
    expect([roles, clusterroles, rolebindings, clusterrolebindings].map((t) => t.namespaced)).to.deep.equal([
      true,
      false,
      true,
      false,
    ]);
    for (const t of [roles, clusterroles, rolebindings, clusterrolebindings]) {
      expect(t.verbs).to.have.length(8);
      expect(t.names.shortNames).to.equal(undefined);
      expect(t.nameValidation).to.equal('PathSegmentName');
    }
  });

  describe('roles and clusterroles', () => {
    it('round-trip, with path segment names', async () => {
      const role = await createObject(store, roleScope, obj('Role', 'pod-reader', { rules: [readPods] }));
      expect(role.rules).to.deep.equal([readPods]);
      expect(await getObject(store, roleScope, 'pod-reader')).to.deep.equal(role);
      const cr = await createObject(
        store,
        clusterRoleScope,
        obj('ClusterRole', 'system:metrics', {
          rules: [{ nonResourceURLs: ['/metrics', '/healthz/*'], verbs: ['get'] }],
        }),
      );
      expect(cr.metadata?.namespace).to.equal(undefined);
      const table = toTable(clusterroles, [cr], 'None');
      expect(table.columnDefinitions.map((c) => [c.name, c.type])).to.deep.equal([
        ['Name', 'string'],
        ['Created At', 'date'],
      ]);
      expect(table.rows[0]?.cells).to.deep.equal(['system:metrics', cr.metadata?.creationTimestamp]);
      const e = await expectStatus(
        createObject(store, roleScope, obj('Role', 'a/b', { rules: [] })),
        422,
        'Invalid',
      );
      expect(e.status.details?.causes?.[0]).to.include({
        reason: 'FieldValueInvalid',
        field: 'metadata.name',
      });
    });

    it('validate rules with upstream messages', async () => {
      expect(
        await causes(
          createObject(
            store,
            roleScope,
            obj('Role', 'r', { rules: [{ apiGroups: [''], resources: ['pods'] }] }),
          ),
        ),
      ).to.deep.equal([
        'FieldValueRequired rules[0].verbs: Required value: verbs must contain at least one value',
      ]);
      expect(
        await causes(createObject(store, roleScope, obj('Role', 'r', { rules: [{ verbs: ['get'] }] }))),
      ).to.deep.equal([
        'FieldValueRequired rules[0].apiGroups: Required value: resource rules must supply at least one api group',
        'FieldValueRequired rules[0].resources: Required value: resource rules must supply at least one resource',
      ]);
      expect(
        await causes(
          createObject(
            store,
            roleScope,
            obj('Role', 'r', { rules: [readPods, { verbs: ['get'], nonResourceURLs: ['/healthz'] }] }),
          ),
        ),
      ).to.deep.equal([
        'FieldValueInvalid rules[1].nonResourceURLs: Invalid value: []string{"/healthz"}: namespaced rules cannot apply to non-resource URLs',
      ]);
      expect(
        await causes(
          createObject(
            store,
            clusterRoleScope,
            obj('ClusterRole', 'c', {
              rules: [{ verbs: ['get'], resources: ['pods'], nonResourceURLs: ['/a', '/b'] }],
            }),
          ),
        ),
      ).to.deep.equal([
        'FieldValueInvalid rules[0].nonResourceURLs: Invalid value: []string{"/a", "/b"}: rules cannot apply to both regular resources and non-resource URLs',
      ]);
    });

    it('store an aggregationRule and validate its selectors', async () => {
      const aggregationRule = {
        clusterRoleSelectors: [{ matchLabels: { 'rbac.example.com/aggregate-to-view': 'true' } }],
      };
      const cr = await createObject(store, clusterRoleScope, obj('ClusterRole', 'view', { aggregationRule }));
      expect(cr.aggregationRule).to.deep.equal(aggregationRule);
      expect(
        await causes(createObject(store, clusterRoleScope, obj('ClusterRole', 'x', { aggregationRule: {} }))),
      ).to.deep.equal([
        'FieldValueRequired aggregationRule.clusterRoleSelectors: Required value: at least one clusterRoleSelector required if aggregationRule is non-nil',
      ]);
      expect(
        await causes(
          createObject(
            store,
            clusterRoleScope,
            obj('ClusterRole', 'x', {
              aggregationRule: {
                clusterRoleSelectors: [{ matchExpressions: [{ key: 'a', operator: 'Equals' }] }],
              },
            }),
          ),
        ),
      ).to.deep.equal([
        'FieldValueInvalid aggregationRule.clusterRoleSelectors[0].matchExpressions[0].operator: Invalid value: "Equals": not a valid selector operator',
        'FieldValueInvalid aggregationRule.clusterRoleSelectors[0]: Invalid value: "null": invalid label selector.',
      ]);
    });

    it('answer 400 for rules Go cannot decode', async () => {
      const e = await expectStatus(
        createObject(store, roleScope, obj('Role', 'r', { rules: [{ verbs: 'get' }] })),
        400,
        'BadRequest',
      );
      expect(e.status.message).to.equal(
        'Role in version "v1" cannot be handled as a Role: json: cannot unmarshal string into Go struct field PolicyRule.rules.verbs of type []string',
      );
      const agg = await expectStatus(
        createObject(store, clusterRoleScope, obj('ClusterRole', 'c', { aggregationRule: [] })),
        400,
        'BadRequest',
      );
      expect(agg.status.message).to.equal(
        'ClusterRole in version "v1" cannot be handled as a ClusterRole: json: cannot unmarshal array into Go struct field ClusterRole.aggregationRule of type v1.AggregationRule',
      );
    });
  });

  describe('rolebindings and clusterrolebindings', () => {
    const binding = (name: string, extra: Partial<KubeObject> = {}) =>
      obj('RoleBinding', name, {
        roleRef: { apiGroup: group, kind: 'Role', name: 'pod-reader' },
        subjects: [
          { kind: 'User', apiGroup: group, name: 'alice' },
          { kind: 'Group', name: 'devs' },
          { kind: 'ServiceAccount', name: 'builder' },
        ],
        ...extra,
      });

    it('round-trip with defaults, and print Role, Age and subjects', async () => {
      const rb = await createObject(
        store,
        bindingScope,
        binding('rb', { roleRef: { kind: 'Role', name: 'pod-reader' } }),
      );
      expect(rb.roleRef).to.deep.equal({ apiGroup: group, kind: 'Role', name: 'pod-reader' });
      expect(rb.subjects).to.deep.equal([
        { kind: 'User', apiGroup: group, name: 'alice' },
        { kind: 'Group', apiGroup: group, name: 'devs' },
        { kind: 'ServiceAccount', name: 'builder' },
      ]);
      expect(await getObject(store, bindingScope, 'rb')).to.deep.equal(rb);
      const table = toTable(rolebindings, [rb], 'None');
      expect(table.columnDefinitions.map((c) => [c.name, c.priority])).to.deep.equal([
        ['Name', 0],
        ['Role', 0],
        ['Age', 0],
        ['Users', 1],
        ['Groups', 1],
        ['ServiceAccounts', 1],
      ]);
      const cells = table.rows[0]?.cells ?? [];
      expect([cells[0], cells[1], cells[3], cells[4], cells[5]]).to.deep.equal([
        'rb',
        'Role/pod-reader',
        'alice',
        'devs',
        '/builder',
      ]);
    });

    it('validate roleRef and subjects with upstream messages', async () => {
      expect(
        await causes(
          createObject(
            store,
            bindingScope,
            binding('rb', { roleRef: { apiGroup: 'example.com', kind: 'Thing' } }),
          ),
        ),
      ).to.deep.equal([
        'FieldValueNotSupported roleRef.apiGroup: Unsupported value: "example.com": supported values: "rbac.authorization.k8s.io"',
        'FieldValueNotSupported roleRef.kind: Unsupported value: "Thing": supported values: "Role", "ClusterRole"',
        'FieldValueRequired roleRef.name: Required value',
      ]);
      expect(
        await causes(
          createObject(
            store,
            bindingScope,
            binding('rb', {
              subjects: [
                { kind: 'User', apiGroup: 'example.com', name: 'alice' },
                { kind: 'ServiceAccount', apiGroup: group, name: 'Bad_SA' },
                { kind: 'Robot', name: 'r2' },
                { kind: 'Group' },
              ],
            }),
          ),
        ),
      ).to.deep.equal([
        'FieldValueNotSupported subjects[0].apiGroup: Unsupported value: "example.com": supported values: "rbac.authorization.k8s.io"',
        "FieldValueInvalid subjects[1].name: Invalid value: \"Bad_SA\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
        'FieldValueNotSupported subjects[1].apiGroup: Unsupported value: "rbac.authorization.k8s.io": supported values: ""',
        'FieldValueNotSupported subjects[2].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"',
        'FieldValueRequired subjects[3].name: Required value',
      ]);
      expect(
        await causes(createObject(store, bindingScope, binding('rb', { roleRef: undefined }))),
      ).to.deep.equal([
        'FieldValueNotSupported roleRef.kind: Unsupported value: "": supported values: "Role", "ClusterRole"',
        'FieldValueRequired roleRef.name: Required value',
      ]);
    });

    it('clusterrolebindings take only ClusterRoles and namespaced service accounts', async () => {
      const crb = (extra: Partial<KubeObject>) =>
        obj('ClusterRoleBinding', 'crb', {
          roleRef: { apiGroup: group, kind: 'ClusterRole', name: 'view' },
          ...extra,
        });
      expect(
        await causes(
          createObject(
            store,
            clusterBindingScope,
            crb({
              roleRef: { kind: 'Role', name: 'view' },
              subjects: [{ kind: 'ServiceAccount', name: 'builder' }],
            }),
          ),
        ),
      ).to.deep.equal([
        'FieldValueNotSupported roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"',
        'FieldValueRequired subjects[0].namespace: Required value',
      ]);
      const ok = await createObject(
        store,
        clusterBindingScope,
        crb({ subjects: [{ kind: 'ServiceAccount', name: 'builder', namespace: 'ci' }] }),
      );
      const table = toTable(clusterrolebindings, [ok], 'None');
      expect(table.rows[0]?.cells[1]).to.equal('ClusterRole/view');
      expect(table.rows[0]?.cells[5]).to.equal('ci/builder');
      expect(table.columnDefinitions[3]?.description).to.equal('Users in the clusterRoleBinding');
    });

    it('roleRef never changes', async () => {
      const rb = await createObject(store, bindingScope, binding('rb'));
      const moreSubjects = await updateObject(store, bindingScope, 'rb', {
        ...rb,
        subjects: [{ kind: 'User', name: 'bob' }],
      });
      expect(moreSubjects.subjects).to.deep.equal([{ kind: 'User', apiGroup: group, name: 'bob' }]);
      const e = await expectStatus(
        updateObject(store, bindingScope, 'rb', {
          ...moreSubjects,
          roleRef: { apiGroup: group, kind: 'ClusterRole', name: 'admin' },
        }),
        422,
        'Invalid',
      );
      expect(e.status.details?.causes).to.deep.equal([
        {
          reason: 'FieldValueInvalid',
          field: 'roleRef',
          message:
            'Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"admin"}: cannot change roleRef',
        },
      ]);
      expect(e.status.message).to.equal(
        'RoleBinding.rbac.authorization.k8s.io "rb" is invalid: roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"admin"}: cannot change roleRef',
      );
      // Leaving out the defaulted apiGroup is no change.
      await updateObject(store, bindingScope, 'rb', {
        ...moreSubjects,
        roleRef: { kind: 'Role', name: 'pod-reader' },
      });
      const crb = await createObject(
        store,
        clusterBindingScope,
        obj('ClusterRoleBinding', 'crb', { roleRef: { apiGroup: group, kind: 'ClusterRole', name: 'view' } }),
      );
      await expectStatus(
        updateObject(store, clusterBindingScope, 'crb', {
          ...crb,
          roleRef: { kind: 'ClusterRole', name: 'edit' },
        }),
        422,
        'Invalid',
      );
    });

    it('answer 400 for subjects and roleRef Go cannot decode', async () => {
      const cases: [Partial<KubeObject>, string][] = [
        [
          { subjects: [{ kind: 'User', name: 7 }] },
          'json: cannot unmarshal number into Go struct field Subject.subjects.name of type string',
        ],
        [
          { subjects: {} },
          'json: cannot unmarshal object into Go struct field RoleBinding.subjects of type []v1.Subject',
        ],
        [
          { roleRef: 'admin' },
          'json: cannot unmarshal string into Go struct field RoleBinding.roleRef of type v1.RoleRef',
        ],
        [
          { roleRef: { name: false } },
          'json: cannot unmarshal bool into Go struct field RoleRef.roleRef.name of type string',
        ],
      ];
      for (const [extra, message] of cases) {
        const e = await expectStatus(
          createObject(store, bindingScope, binding('rb', extra)),
          400,
          'BadRequest',
        );
        expect(e.status.message).to.equal(
          `RoleBinding in version "v1" cannot be handled as a RoleBinding: ${message}`,
        );
      }
    });
  });
});
