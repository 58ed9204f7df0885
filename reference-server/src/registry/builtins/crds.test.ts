import { expect } from 'chai';
import type { KubeObject } from '../../api/types.js';
import { crdErrors, customResourceDefinitions } from './crds.js';

function crd(spec: Record<string, unknown>, name = 'widgets.example.com'): KubeObject {
  return {
    metadata: { name },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { plural: 'widgets', kind: 'Widget' },
      versions: [
        { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } },
      ],
      ...spec,
    },
  };
}

function created(obj: KubeObject): KubeObject {
  customResourceDefinitions.strategy.prepareForCreate!(obj);
  return obj;
}

const fields = (obj: KubeObject) => crdErrors(obj).map((e) => `${e.field}: ${e.detail}`);

describe('CustomResourceDefinition strategy', () => {
  it('defaults singular, listKind, conversion and records the storage version', () => {
    const obj = created(crd({}));
    expect((obj.spec as { names: unknown }).names).to.deep.equal({
      plural: 'widgets',
      kind: 'Widget',
      singular: 'widget',
      listKind: 'WidgetList',
    });
    expect((obj.spec as { conversion: unknown }).conversion).to.deep.equal({ strategy: 'None' });
    expect(obj.status).to.deep.equal({
      conditions: null,
      acceptedNames: { plural: '', kind: '' },
      storedVersions: ['v1'],
    });
    expect(obj.metadata?.generation).to.equal(1);
    expect(crdErrors(obj)).to.deep.equal([]);
  });

  it('reports kube’s errors for names, group, scope and versions', () => {
    const obj = created(
      crd(
        {
          group: 'nodot',
          scope: 'Weird',
          names: { plural: 'Foos', kind: 'foo', listKind: 'foo' },
          versions: [{ name: 'V1', served: true, storage: false }],
        },
        'foos.bad',
      ),
    );
    const errors = fields(obj);
    expect(errors).to.include(
      'metadata.name: Invalid value: "foos.bad": must be spec.names.plural+"."+spec.group',
    );
    expect(errors).to.include('spec.group: Invalid value: "nodot": should be a domain with at least one dot');
    expect(errors).to.include(
      'spec.scope: Unsupported value: "Weird": supported values: "Cluster", "Namespaced"',
    );
    expect(errors).to.include('spec.versions[0].schema.openAPIV3Schema: Required value');
    expect(
      errors.some((e) => e.startsWith('spec.versions[0].name: Invalid value: "V1": a DNS-1035 label')),
    ).to.equal(true);
    expect(
      errors.some(
        (e) =>
          e.startsWith('spec.versions: Invalid value:') &&
          e.endsWith('must have exactly one version marked as storage version'),
      ),
    ).to.equal(true);
    expect(errors.some((e) => e.startsWith('spec.names.plural: Invalid value: "Foos"'))).to.equal(true);
    expect(errors).to.include(
      'spec.names.listKind: Invalid value: "foo": kind and listKind may not be the same',
    );
  });

  it('refuses Webhook conversion, which this server cannot perform', () => {
    const obj = created(crd({ conversion: { strategy: 'Webhook', webhook: {} } }));
    expect(fields(obj)).to.deep.equal([
      'spec.conversion.strategy: Unsupported value: "Webhook": supported values: "None"',
    ]);
  });

  it('bumps generation on spec changes only, keeps status, and keeps group and plural immutable', () => {
    const old = created(crd({}));
    old.status = { ...(old.status as object), conditions: [{ type: 'Established', status: 'True' }] };
    const same = structuredClone(old);
    delete same.status;
    customResourceDefinitions.strategy.prepareForUpdate!(same, old);
    expect(same.metadata?.generation).to.equal(1);
    expect(same.status).to.deep.equal(old.status);
    const changed = structuredClone(old);
    (changed.spec as { group: string }).group = 'other.com';
    customResourceDefinitions.strategy.prepareForUpdate!(changed, old);
    expect(changed.metadata?.generation).to.equal(2);
    const errors = customResourceDefinitions.strategy.validateUpdate(changed, old).map((e) => e.field);
    expect(errors).to.include('spec.group');
  });

  it('adds the cleanup finalizer and the Terminating condition on delete', () => {
    const obj = created(crd({}));
    customResourceDefinitions.strategy.prepareForDelete!(obj);
    expect(obj.metadata?.finalizers).to.deep.equal(['customresourcecleanup.apiextensions.k8s.io']);
    expect((obj.status as { conditions: { type: string; reason: string }[] }).conditions[0]).to.include({
      type: 'Terminating',
      reason: 'InstanceDeletionPending',
    });
  });
});

describe('CustomResourceDefinition schema error paths', () => {
  const bad = { openAPIV3Schema: { type: 'object', properties: { b: {} } } };
  it('reports a schema shared by every version at spec.validation, once', () => {
    const obj = created(
      crd({
        versions: [
          { name: 'v1', served: true, storage: true, schema: bad },
          { name: 'v2', served: true, storage: false, schema: bad },
        ],
      }),
    );
    expect(fields(obj)).to.deep.equal([
      'spec.validation.openAPIV3Schema.properties[b].type: Required value: must not be empty for specified object fields',
    ]);
  });
  it('reports per-version schemas at spec.versions[i].schema', () => {
    const good = { openAPIV3Schema: { type: 'object' } };
    const obj = created(
      crd({
        versions: [
          { name: 'v1', served: true, storage: true, schema: good },
          { name: 'v2', served: true, storage: false, schema: bad },
        ],
      }),
    );
    expect(fields(obj)).to.deep.equal([
      'spec.versions[1].schema.openAPIV3Schema.properties[b].type: Required value: must not be empty for specified object fields',
    ]);
  });
});

describe('CustomResourceDefinition selectableFields, hoisted as kube converts v1', () => {
  const schema = { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object' } } } };
  const other = { openAPIV3Schema: { type: 'object' } };
  const fieldsOf = [{ jsonPath: '.spec.color' }];
  it('refuses per-version selectableFields when every version has the same schema but not the same fields', () => {
    const obj = created(
      crd({
        versions: [
          { name: 'v1', served: true, storage: true, schema, selectableFields: fieldsOf },
          { name: 'v2', served: true, storage: false, schema },
        ],
      }),
    );
    expect(fields(obj)).to.deep.equal([
      'spec.versions[0].selectableFields: Invalid value: "": may only be set when `version.schema.openAPIV3Schema` is not included',
    ]);
  });
  it('refuses identical selectableFields when the schemas differ', () => {
    const obj = created(
      crd({
        versions: [
          { name: 'v1', served: true, storage: true, schema, selectableFields: fieldsOf },
          { name: 'v2', served: true, storage: false, schema: other, selectableFields: fieldsOf },
        ],
      }),
    );
    expect(fields(obj)).to.deep.equal([
      'spec.selectableFields: Invalid value: "": may only be set when validations.schema is included',
    ]);
  });
  it('accepts identical fields with identical schemas, and reports their errors once at the top', () => {
    const twice = [{ jsonPath: '.spec.color' }, { jsonPath: '.spec.color' }];
    const ok = created(
      crd({
        versions: [
          { name: 'v1', served: true, storage: true, schema, selectableFields: fieldsOf },
          { name: 'v2', served: true, storage: false, schema, selectableFields: fieldsOf },
        ],
      }),
    );
    expect(fields(ok)).to.deep.equal([]);
    const dup = created(
      crd({
        versions: [
          { name: 'v1', served: true, storage: true, schema, selectableFields: twice },
          { name: 'v2', served: true, storage: false, schema, selectableFields: twice },
        ],
      }),
    );
    expect(fields(dup)).to.deep.equal(['spec.selectableFields[1].jsonPath: Duplicate value: ".spec.color"']);
  });
  it('allows at most 8 selectable fields', () => {
    const many = Array.from({ length: 9 }, (_, i) => ({ jsonPath: `.spec.f${i}` }));
    const obj = created(
      crd({ versions: [{ name: 'v1', served: true, storage: true, schema, selectableFields: many }] }),
    );
    expect(fields(obj)).to.deep.equal(['spec.selectableFields: Too many: 9: must have at most 8 items']);
  });
});

describe('CustomResourceDefinition groups kcp and Kubernetes protect', () => {
  it('refuses *apis.kcp.io groups with 403, as kcp’s reservedcrdgroups admission', () => {
    const obj = crd({ group: 'foo.apis.kcp.io' }, 'widgets.foo.apis.kcp.io');
    expect(() => customResourceDefinitions.strategy.prepareForCreate!(obj))
      .to.throw()
      .with.nested.property(
        'status.message',
        'customresourcedefinitions.apiextensions.k8s.io "widgets.foo.apis.kcp.io" is forbidden: foo.apis.kcp.io is a reserved group',
      );
  });

  it('accepts Kubernetes’ own groups without a dot, as kcp does', () => {
    const obj = created(
      crd({ group: 'apps', names: { plural: 'deployments', kind: 'Deployment' } }, 'deployments.apps'),
    );
    expect(fields(obj)).to.deep.equal([]);
  });

  it('requires the API approval annotation for *.k8s.io groups', () => {
    const obj = created(crd({ group: 'foo.k8s.io' }, 'widgets.foo.k8s.io'));
    expect(
      customResourceDefinitions.strategy.validateCreate(obj).map((e) => `${e.field}: ${e.detail}`),
    ).to.deep.equal([
      'metadata.annotations[api-approved.kubernetes.io]: Required value: protected groups must have approval annotation "api-approved.kubernetes.io", see https://github.com/kubernetes/enhancements/pull/1111',
    ]);
    obj.metadata!.annotations = { 'api-approved.kubernetes.io': 'unapproved, testing' };
    expect(customResourceDefinitions.strategy.validateCreate(obj)).to.deep.equal([]);
  });
});
