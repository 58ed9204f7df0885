import { expect } from 'chai';
import type { KubeObject } from '../../api/types.js';
import type { CustomResourceDefinition } from '../../apiextensions/crd-object.js';
import { crdResourceTypes } from '../../apiextensions/crd-types.js';
import type { FieldError } from '../../registry/field-errors.js';
import type { ResourceType } from '../../registry/resource-type.js';
import { crdErrors } from '../../registry/builtins/crds.js';
import {
  apiBindingsCRD,
  apiExportEndpointSlicesCRD,
  apiExportsCRD,
  apiResourceSchemasCRD,
  apisSystemCRDs,
} from './index.js';

/** The CRD as the CRD controller leaves it once established: names accepted, storage recorded. */
function established(crd: CustomResourceDefinition): CustomResourceDefinition {
  const stored = crd.spec!.versions!.filter((v) => v.storage).map((v) => v.name!);
  return { ...crd, status: { acceptedNames: crd.spec!.names!, storedVersions: stored } };
}

function typesOf(crd: CustomResourceDefinition): Record<string, ResourceType> {
  return Object.fromEntries(crdResourceTypes(established(crd), 'root').map((t) => [t.version, t]));
}

/** Create through the strategy: normalize (prune, default), then validate. */
function create(type: ResourceType, obj: KubeObject): FieldError[] {
  type.strategy.prepareForCreate!(obj);
  return type.strategy.validateCreate(obj);
}

function update(type: ResourceType, obj: KubeObject, old: KubeObject): FieldError[] {
  type.strategy.prepareForUpdate!(obj, old);
  return type.strategy.validateUpdate(obj, old);
}

const details = (errs: FieldError[]) => errs.map((e) => `${e.field}: ${e.detail}`);

describe('apis.kcp.io system CRDs', () => {
  it('lists the four kinds', () => {
    expect(apisSystemCRDs.map((c) => c.metadata?.name)).to.deep.equal([
      'apiresourceschemas.apis.kcp.io',
      'apiexports.apis.kcp.io',
      'apibindings.apis.kcp.io',
      'apiexportendpointslices.apis.kcp.io',
    ]);
    for (const crd of apisSystemCRDs) {
      expect(crd.apiVersion).to.equal('apiextensions.k8s.io/v1');
      expect(crd.kind).to.equal('CustomResourceDefinition');
      expect(crd.spec?.group).to.equal('apis.kcp.io');
      expect(crd.spec?.scope).to.equal('Cluster');
      expect(crd.spec?.names?.categories).to.deep.equal(['kcp']);
      expect(crd.metadata?.name).to.equal(`${crd.spec?.names?.plural}.apis.kcp.io`);
    }
    expect(apiExportsCRD.spec?.conversion).to.deep.equal({ strategy: 'None' });
    expect(apiBindingsCRD.spec?.conversion).to.deep.equal({ strategy: 'None' });
    expect(apiResourceSchemasCRD.spec?.conversion).to.equal(undefined);
    expect(apiExportEndpointSlicesCRD.spec?.conversion).to.equal(undefined);
  });

  for (const crd of apisSystemCRDs) {
    it(`${crd.metadata?.name} passes CRD validation (structural schemas, defaults, CEL compilation)`, () => {
      // kcp's rules compile, `has(self.__namespace__)` (an escaped property name) among them.
      expect(details(crdErrors(established(crd)))).to.deep.equal([]);
    });
  }

  it('serves the versions kcp serves, with kcp’s storage versions', () => {
    const versions = (crd: CustomResourceDefinition) =>
      crdResourceTypes(established(crd)).map((t) => [t.version, t.storageVersion, t.subresources]);
    expect(versions(apiResourceSchemasCRD)).to.deep.equal([['v1alpha1', true, []]]);
    expect(versions(apiExportsCRD)).to.deep.equal([
      ['v1alpha1', false, ['status']],
      ['v1alpha2', true, ['status']],
    ]);
    expect(versions(apiBindingsCRD)).to.deep.equal([
      ['v1alpha1', false, ['status']],
      ['v1alpha2', true, ['status']],
    ]);
    expect(versions(apiExportEndpointSlicesCRD)).to.deep.equal([['v1alpha1', true, ['status']]]);
    for (const crd of apisSystemCRDs) {
      for (const t of crdResourceTypes(established(crd))) {
        expect(t.namespaced).to.equal(false);
        expect(t.names.categories).to.deep.equal(['kcp']);
        expect(t.names.listKind).to.equal(`${t.names.kind}List`);
      }
    }
  });
});

describe('apis.kcp.io printer columns', () => {
  const withConditions = (...conditions: object[]): KubeObject => ({
    metadata: { name: 'x', creationTimestamp: new Date().toISOString() },
    status: { conditions },
  });

  it('APIBinding: Age, then Ready from the Ready condition, in both versions', () => {
    const obj = withConditions(
      { type: 'InitialBindingCompleted', status: 'False' },
      { type: 'Ready', status: 'True' },
    );
    for (const t of Object.values(typesOf(apiBindingsCRD))) {
      expect(t.columns.map((c) => c.name)).to.deep.equal(['Age', 'Ready']);
      expect(t.columns[1]!.description).to.equal(
        'Custom resource definition column (in JSONPath format): .status.conditions[?(@.type=="Ready")].status',
      );
      expect(t.columns[1]!.cell(obj)).to.equal('True');
      expect(t.columns[1]!.cell(withConditions())).to.equal(null);
    }
  });

  it('APIExport: v1alpha1 has Ready from VirtualWorkspaceURLsReady, v1alpha2 only Age', () => {
    const { v1alpha1, v1alpha2 } = typesOf(apiExportsCRD);
    expect(v1alpha1!.columns.map((c) => c.name)).to.deep.equal(['Age', 'Ready']);
    const obj = withConditions(
      { type: 'Ready', status: 'True' },
      { type: 'VirtualWorkspaceURLsReady', status: 'False' },
    );
    expect(v1alpha1!.columns[1]!.cell(obj)).to.equal('False');
    expect(v1alpha2!.columns.map((c) => c.name)).to.deep.equal(['Age']);
  });

  it('APIExportEndpointSlice: Export, Partition, Age; APIResourceSchema: Age', () => {
    const { v1alpha1 } = typesOf(apiExportEndpointSlicesCRD);
    expect(v1alpha1!.columns.map((c) => c.name)).to.deep.equal(['Export', 'Partition', 'Age']);
    const slice = { metadata: { name: 's' }, spec: { export: { name: 'widgets' }, partition: 'eu' } };
    expect(v1alpha1!.columns.slice(0, 2).map((c) => c.cell(slice))).to.deep.equal(['widgets', 'eu']);
    expect(typesOf(apiResourceSchemasCRD).v1alpha1!.columns.map((c) => c.name)).to.deep.equal(['Age']);
  });
});

describe('apis.kcp.io validation through the CRD strategy', () => {
  describe('APIResourceSchema', () => {
    const type = typesOf(apiResourceSchemasCRD).v1alpha1!;
    const schema = (versions: object[], extra: object = {}): KubeObject => ({
      apiVersion: 'apis.kcp.io/v1alpha1',
      kind: 'APIResourceSchema',
      metadata: { name: 'v1.widgets.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { plural: 'widgets', kind: 'Widget' },
        versions,
        ...extra,
      },
    });
    const rawSchema = {
      type: 'object',
      properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
    };

    it('accepts a valid schema, keeps the raw version schema and defaults nameValidation and served', () => {
      const obj = schema([{ name: 'v1', storage: true, schema: rawSchema }]);
      expect(create(type, obj)).to.deep.equal([]);
      const spec = obj.spec as { nameValidation: string; versions: { served: boolean; schema: unknown }[] };
      expect(spec.nameValidation).to.equal('DNS1123Subdomain');
      expect(spec.versions[0]!.served).to.equal(true);
      expect(spec.versions[0]!.schema).to.deep.equal(rawSchema);
    });

    it('rejects a version name outside the version pattern', () => {
      const errs = create(type, schema([{ name: 'V1', served: true, storage: true, schema: {} }]));
      expect(details(errs)).to.deep.equal([
        `spec.versions[0].name: Invalid value: "V1": spec.versions[0].name in body should match '^v[1-9][0-9]*([a-z]+[1-9][0-9]*)?$'`,
      ]);
    });

    it('requires a conversion with more than one version, and a webhook only for Webhook', () => {
      const two = [
        { name: 'v1', served: true, storage: true, schema: {} },
        { name: 'v2', served: true, storage: false, schema: {} },
      ];
      expect(details(create(type, schema(two)))).to.deep.equal([
        'spec: Invalid value: Conversion must be specified when multiple versions exist',
      ]);
      expect(create(type, schema(two, { conversion: { strategy: 'None' } }))).to.deep.equal([]);
      expect(details(create(type, schema(two, { conversion: { strategy: 'Webhook' } })))).to.deep.equal([
        'spec.conversion: Invalid value: Webhook must be specified if strategy=Webhook',
      ]);
    });
  });

  describe('APIBinding', () => {
    const { v1alpha1, v1alpha2 } = typesOf(apiBindingsCRD);
    const binding = (version: string, spec: object): KubeObject => ({
      apiVersion: `apis.kcp.io/${version}`,
      kind: 'APIBinding',
      metadata: { name: 'b' },
      spec,
    });

    it('v1alpha2: the APIExport reference must not change', () => {
      const old = binding('v1alpha2', { reference: { export: { name: 'widgets', path: 'root:org' } } });
      expect(create(v1alpha2!, old)).to.deep.equal([]);
      const same = structuredClone(old);
      same.metadata!.labels = { a: 'b' };
      expect(update(v1alpha2!, same, old)).to.deep.equal([]);
      const changed = structuredClone(old);
      (changed.spec as { reference: { export: { name: string } } }).reference.export.name = 'gadgets';
      const errs = update(v1alpha2!, changed, old);
      expect(errs.map((e) => e.field)).to.deep.equal(['spec.reference']);
      expect(errs[0]!.detail).to.contain('APIExport reference must not be changed');
    });

    it('v1alpha2: an accepted claim’s selector must not change', () => {
      const claim = (selector: object) => ({
        resource: 'configmaps',
        verbs: ['get'],
        state: 'Accepted',
        selector,
      });
      const old = binding('v1alpha2', {
        reference: { export: { name: 'widgets' } },
        permissionClaims: [claim({ matchAll: true })],
      });
      expect(create(v1alpha2!, old)).to.deep.equal([]);
      // group and identityHash are defaulted: they are keys of the claims map list.
      const claims = (old.spec as { permissionClaims: Record<string, unknown>[] }).permissionClaims;
      expect(claims[0]).to.include({ group: '', identityHash: '' });
      const changed = structuredClone(old);
      (changed.spec as { permissionClaims: object[] }).permissionClaims = [
        claim({ matchLabels: { team: 'a' } }),
      ];
      const errs = update(v1alpha2!, changed, old);
      expect(errs.map((e) => e.field)).to.deep.equal(['spec.permissionClaims[0].selector']);
      expect(errs[0]!.detail).to.contain('Permission claim selector is immutable');
    });

    it('v1alpha1: the reference must name an export (oneOf)', () => {
      const errs = create(v1alpha1!, binding('v1alpha1', { reference: {} }));
      expect(details(errs)).to.include('spec.reference.export: Required value');
      expect(details(errs).join('\n')).to.contain(
        '"spec.reference" must validate one and only one schema (oneOf)',
      );
    });

    it('v1alpha1: a claim names all objects or some, not both', () => {
      const errs = create(
        v1alpha1!,
        binding('v1alpha1', {
          reference: { export: { name: 'widgets' } },
          permissionClaims: [{ resource: 'configmaps', state: 'Accepted' }],
        }),
      );
      expect(details(errs)).to.deep.equal([
        'spec.permissionClaims[0]: Invalid value: either "all" or "resourceSelector" must be set',
      ]);
    });
  });

  describe('APIExport', () => {
    const { v1alpha1, v1alpha2 } = typesOf(apiExportsCRD);
    const exportWith = (resource: object): KubeObject => ({
      apiVersion: 'apis.kcp.io/v1alpha2',
      kind: 'APIExport',
      metadata: { name: 'widgets' },
      spec: {
        resources: [{ name: 'widgets', group: 'example.com', schema: 'v1.widgets.example.com', ...resource }],
      },
    });
    const storageOf = (obj: KubeObject) =>
      (obj.spec as { resources: { storage: unknown }[] }).resources[0]!.storage;
    const virtual = { identityHash: 'abc', reference: { kind: 'Deployment', apiGroup: 'apps', name: 'vw' } };

    it('v1alpha2: resources[].storage defaults to crd', () => {
      const obj = exportWith({});
      expect(create(v1alpha2!, obj)).to.deep.equal([]);
      expect(storageOf(obj)).to.deep.equal({ crd: {} });
    });

    it('v1alpha2: resources[].storage is exactly one of crd or virtual', () => {
      expect(create(v1alpha2!, exportWith({ storage: { virtual } }))).to.deep.equal([]);
      const both = details(create(v1alpha2!, exportWith({ storage: { crd: {}, virtual } })));
      expect(both).to.include(
        'spec.resources[0].storage: Invalid value: Exactly one of crd or virtual must be set',
      );
      expect(both.join('\n')).to.contain(
        '"spec.resources[0].storage" must validate one and only one schema (oneOf). Found 2 valid alternatives',
      );
      const none = details(create(v1alpha2!, exportWith({ storage: {} })));
      expect(none.join('\n')).to.contain(
        '"spec.resources[0].storage" must validate one and only one schema (oneOf). Found none valid',
      );
    });

    it('v1alpha1: a claim names all objects or some', () => {
      const obj: KubeObject = {
        apiVersion: 'apis.kcp.io/v1alpha1',
        kind: 'APIExport',
        metadata: { name: 'widgets' },
        spec: {
          permissionClaims: [{ resource: 'configmaps', all: true, resourceSelector: [{ name: 'a' }] }],
        },
      };
      expect(details(create(v1alpha1!, obj))).to.deep.equal([
        'spec.permissionClaims[0]: Invalid value: either "all" or "resourceSelector" must be set',
      ]);
    });

    it('v1alpha1: a resourceSelector names a namespace or a name (`__namespace__` in CEL)', () => {
      const obj: KubeObject = {
        apiVersion: 'apis.kcp.io/v1alpha1',
        kind: 'APIExport',
        metadata: { name: 'widgets' },
        spec: { permissionClaims: [{ resource: 'configmaps', resourceSelector: [{}] }] },
      };
      expect(details(create(v1alpha1!, obj))).to.deep.equal([
        'spec.permissionClaims[0].resourceSelector[0]: Invalid value: at least one field must be set',
      ]);
    });
  });

  describe('APIExportEndpointSlice', () => {
    const type = typesOf(apiExportEndpointSlicesCRD).v1alpha1!;

    it('keeps its APIExport reference and refuses matchAll with a selector', () => {
      const old: KubeObject = {
        apiVersion: 'apis.kcp.io/v1alpha1',
        kind: 'APIExportEndpointSlice',
        metadata: { name: 's' },
        spec: { export: { name: 'widgets', path: 'root' } },
      };
      expect(create(type, old)).to.deep.equal([]);
      const changed = structuredClone(old);
      (changed.spec as { export: { path: string } }).export.path = 'root:org';
      expect(details(update(type, changed, old)).join('\n')).to.contain(
        'spec.export: Invalid value: APIExport reference must not be changed',
      );
      const withStatus = structuredClone(old);
      withStatus.status = {
        endpoints: [
          { url: 'https://vw/a', shards: { matchAll: true, selector: { matchLabels: { name: 'a' } } } },
        ],
      };
      // Through /status: validateUpdate alone, as the generic status path does.
      expect(details(type.strategy.validateUpdate(withStatus, old))).to.deep.equal([
        'status.endpoints[0].shards: Invalid value: matchAll and selector are mutually exclusive',
      ]);
    });
  });
});
