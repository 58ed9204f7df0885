import { expect } from 'chai';
import type { KubeObject } from '../api/types.js';
import type { CustomResourceDefinition } from './crd-object.js';
import { crdResourceTypes, scaleSubresourceOf } from './crd-types.js';

const established: CustomResourceDefinition = {
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: false,
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
      },
      {
        name: 'v2',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: { type: 'object', properties: { replicas: { type: 'integer' } } },
              status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
            },
          },
        },
        subresources: {
          status: {},
          scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' },
        },
        additionalPrinterColumns: [
          { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
          { name: 'Missing', type: 'string', jsonPath: '.spec.nothing' },
        ],
        selectableFields: [{ jsonPath: '.spec.replicas' }],
      },
      { name: 'v0', served: false, storage: false },
    ],
  },
  status: {
    acceptedNames: {
      plural: 'widgets',
      singular: 'widget',
      kind: 'Widget',
      listKind: 'WidgetList',
      shortNames: ['wd'],
    },
  },
};

describe('CRD → resource types', () => {
  const [v1, v2] = crdResourceTypes(established);

  it('serves one type per served version, with accepted names and scope', () => {
    expect(crdResourceTypes(established).map((t) => [t.version, t.storageVersion])).to.deep.equal([
      ['v1', false],
      ['v2', true],
    ]);
    expect(v2!.names.shortNames).to.deep.equal(['wd']);
    expect(v2!.namespaced).to.equal(true);
    expect(v2!.subresources).to.deep.equal(['status']);
    expect(v2!.kindedSubresources?.scale?.kind).to.equal('Scale');
    expect(scaleSubresourceOf(v2!)?.specReplicasPath).to.equal('.spec.replicas');
    expect(scaleSubresourceOf(v1!)).to.equal(undefined);
  });

  it('serves nothing for a CRD without accepted names', () => {
    expect(crdResourceTypes({ ...established, status: {} })).to.deep.equal([]);
  });

  it('drops status on create, stores in the storage version, prunes, counts generations', () => {
    const obj: KubeObject = {
      apiVersion: 'example.com/v2',
      metadata: { name: 'a' },
      spec: { replicas: 1, junk: 1 },
      status: { x: 1 },
    };
    v2!.strategy.prepareForCreate!(obj);
    expect(obj).to.deep.equal({
      apiVersion: 'example.com/v2',
      metadata: { name: 'a', generation: 1 },
      spec: { replicas: 1 },
    });
    const viaV1: KubeObject = {
      apiVersion: 'example.com/v1',
      metadata: { name: 'b' },
      spec: { anything: true },
    };
    v1!.strategy.prepareForCreate!(viaV1);
    expect(viaV1.apiVersion).to.equal('example.com/v2');

    const old: KubeObject = { ...structuredClone(obj), status: { replicas: 1 } };
    const labelsOnly: KubeObject = {
      ...structuredClone(old),
      metadata: { name: 'a', labels: { x: 'y' } },
      status: { replicas: 5 },
    };
    v2!.strategy.prepareForUpdate!(labelsOnly, old);
    expect(labelsOnly.metadata?.generation).to.equal(1);
    expect(labelsOnly.status).to.deep.equal({ replicas: 1 });
    const specChange: KubeObject = { ...structuredClone(old), spec: { replicas: 2 } };
    v2!.strategy.prepareForUpdate!(specChange, old);
    expect(specChange.metadata?.generation).to.equal(2);
  });

  it('checks replicas at the scale paths', () => {
    const errors = v2!.strategy.validateCreate({ metadata: { name: 'a' }, spec: { replicas: -2 } });
    expect(errors.map((e) => `${e.field}: ${e.detail}`)).to.include(
      '.spec.replicas: Invalid value: -2: should be a non-negative integer',
    );
  });

  it('renders printer columns (missing values as null) and selectable fields', () => {
    const obj = { metadata: { name: 'a' }, spec: { replicas: 3 } };
    expect(v2!.columns.map((c) => c.name)).to.deep.equal(['Replicas', 'Missing']);
    expect(v2!.columns.map((c) => c.cell(obj))).to.deep.equal([3, null]);
    expect(v2!.columns[0]!.description).to.equal(
      'Custom resource definition column (in JSONPath format): .spec.replicas',
    );
    expect(v1!.columns.map((c) => c.name)).to.deep.equal(['Age']);
    expect(v2!.selectableFields?.['spec.replicas']?.(obj)).to.equal('3');
  });
});

describe('CRD → resource types while the CRD is terminating', () => {
  it('refuses new instances with 405', () => {
    const terminating: CustomResourceDefinition = {
      ...established,
      status: { ...established.status, conditions: [{ type: 'Terminating', status: 'True' }] },
    };
    const [type] = crdResourceTypes(terminating);
    expect(() => type!.strategy.prepareForCreate!({ metadata: { name: 'a' } }))
      .to.throw()
      .with.nested.property(
        'status.message',
        'create not allowed while custom resource definition is terminating',
      );
  });
});

describe('CRD storageVersionHash', () => {
  it('is kcp’s: cluster, "<group>/<storage>", storage version, kind', () => {
    // Probed on kcp: widgets.h2.example.com (storage v1, kind Widget) in cluster 2uwdho0bdjizmq4z.
    const crd: CustomResourceDefinition = {
      spec: {
        group: 'h2.example.com',
        scope: 'Namespaced',
        names: { plural: 'widgets', kind: 'Widget' },
        versions: [{ name: 'v1', served: true, storage: true }],
      },
      status: { acceptedNames: { plural: 'widgets', kind: 'Widget' } },
    };
    expect(crdResourceTypes(crd, '2uwdho0bdjizmq4z')[0]!.storageVersionHash).to.equal('izPVEWnM7mc=');
  });
});
