import { expect } from 'chai';
import { builtinTypes } from '../registry/catalog.js';
import type { ResourceType } from '../registry/resource-type.js';
import { builtinDefinitions, definitionsFor } from './definitions.js';
import { buildV3Documents, type OpenAPIv3Document } from './documents.js';
import { componentsPrefix, type Schema } from './schema-dsl.js';
import { toSwagger2 } from './to-v2.js';

function refsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refsIn(v, out);
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refsIn(v, out);
    }
  return out;
}

const leases = builtinTypes.find((t) => t.names.plural === 'leases')!;
const widgets: ResourceType = {
  ...leases,
  group: 'example.com',
  version: 'v1',
  names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
  subresources: ['status'],
  kindedSubresources: {
    scale: { group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] },
  },
  schema: {
    type: 'object',
    properties: {
      spec: { type: 'object', properties: { size: { type: 'integer' }, nullable: { type: 'string' } } },
    },
  },
};

describe('openapi documents', () => {
  const docs = buildV3Documents(builtinTypes);

  it('publishes one document per served group version, per group, and the root documents', () => {
    const keys = [...docs.keys()];
    expect(keys).to.include.members([
      'api',
      'apis',
      'version',
      'api/v1',
      'apis/coordination.k8s.io',
      'apis/coordination.k8s.io/v1',
    ]);
    expect(keys).to.include.members(['apis/rbac.authorization.k8s.io/v1', 'apis/tenancy.kcp.io/v1alpha1']);
    expect(keys).not.to.include('apis/apps/v1');
  });

  it('resolves every reference of every document inside that document', () => {
    for (const [key, doc] of docs) {
      for (const ref of refsIn(doc)) {
        expect(ref.startsWith(componentsPrefix), `${key}: ${ref}`).to.equal(true);
        expect(doc.components.schemas, `${key}: ${ref}`).to.have.property(ref.slice(componentsPrefix.length));
      }
    }
  });

  it('resolves every reference of the definition table', () => {
    for (const ref of refsIn(builtinDefinitions))
      expect(builtinDefinitions, ref).to.have.property(ref.slice(componentsPrefix.length));
  });

  it('names the kind, action and fieldValidation parameter on the PATCH operation, as kubectl looks for them', () => {
    const doc = docs.get('apis/coordination.k8s.io/v1')!;
    const patch = doc.paths['/apis/coordination.k8s.io/v1/namespaces/{namespace}/leases/{name}']!
      .patch as Schema;
    expect(patch['x-kubernetes-action']).to.equal('patch');
    expect(patch['x-kubernetes-group-version-kind']).to.deep.equal({
      group: 'coordination.k8s.io',
      version: 'v1',
      kind: 'Lease',
    });
    expect(patch.operationId).to.equal('patchCoordinationV1NamespacedLease');
    const params = patch.parameters as Schema[];
    expect(params.find((p) => p.name === 'fieldValidation')).to.include({ in: 'query' });
    const body = patch.requestBody as { content: Record<string, unknown> };
    expect(Object.keys(body.content)).to.include('application/strategic-merge-patch+json');
    expect(Object.keys(doc.paths)).to.include.members([
      '/apis/coordination.k8s.io/v1/',
      '/apis/coordination.k8s.io/v1/leases',
      '/apis/coordination.k8s.io/v1/namespaces/{namespace}/leases',
      '/apis/coordination.k8s.io/v1/watch/namespaces/{namespace}/leases/{name}',
    ]);
  });

  it('describes every built-in kind it serves with its group-version-kind, kube definition names first', () => {
    const v1 = docs.get('api/v1')!.components.schemas;
    expect(v1['io.k8s.api.core.v1.ConfigMap']!['x-kubernetes-group-version-kind']).to.deep.equal([
      { group: '', version: 'v1', kind: 'ConfigMap' },
    ]);
    // serviceaccounts/token creates a TokenRequest.
    expect(v1).to.have.property('io.k8s.api.authentication.v1.TokenRequest');
    for (const t of builtinTypes) {
      const defs = definitionsFor(t);
      const doc = docs.get(t.group === '' ? `api/${t.version}` : `apis/${t.group}/${t.version}`)!;
      expect(doc.components.schemas, t.names.kind).to.have.property(defs.kindName);
      const schema = doc.components.schemas[defs.kindName]!;
      expect(schema['x-kubernetes-group-version-kind'], t.names.kind).to.deep.equal([
        { group: t.group, version: t.version, kind: t.names.kind },
      ]);
    }
  });

  it('keeps list types and merge keys for client-side apply', () => {
    const meta = builtinDefinitions['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']!.properties as Record<
      string,
      Schema
    >;
    expect(meta.ownerReferences).to.include({
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-patch-merge-key': 'uid',
    });
    const role = builtinDefinitions['io.k8s.api.rbac.v1.Role']!.properties as Record<string, Schema>;
    expect(role.rules).to.include({ 'x-kubernetes-list-type': 'atomic' });
  });

  it('gives a type without a schema a permissive definition, and a CRD-served type its own schema', () => {
    const custom = buildV3Documents([...builtinTypes, widgets]).get('apis/example.com/v1')!;
    const widget = custom.components.schemas['com.example.v1.Widget']!;
    expect(widget['x-kubernetes-group-version-kind']).to.deep.equal([
      { group: 'example.com', version: 'v1', kind: 'Widget' },
    ]);
    expect((widget.properties as Record<string, Schema>).metadata).to.deep.include({
      allOf: [{ $ref: `${componentsPrefix}io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta` }],
    });
    const patch = custom.paths['/apis/example.com/v1/namespaces/{namespace}/widgets/{name}']!.patch as Schema;
    expect(Object.keys((patch.requestBody as { content: object }).content)).not.to.include(
      'application/strategic-merge-patch+json',
    );
    expect(custom.paths).to.have.property(
      '/apis/example.com/v1/namespaces/{namespace}/widgets/{name}/status',
    );

    const gadgets = {
      ...widgets,
      names: { ...widgets.names, plural: 'gadgets', kind: 'Gadget', listKind: 'GadgetList' },
    };
    delete gadgets.schema;
    const open = buildV3Documents([gadgets]).get('apis/example.com/v1')!.components.schemas[
      'com.example.v1.Gadget'
    ]!;
    expect(open['x-kubernetes-preserve-unknown-fields']).to.equal(true);
    expect(open['x-kubernetes-group-version-kind']).to.deep.equal([
      { group: 'example.com', version: 'v1', kind: 'Gadget' },
    ]);
  });

  it('publishes kcp’s own kinds as kcp does: CRD names, inline schemas, no strategic merge patch', () => {
    const doc = docs.get('apis/tenancy.kcp.io/v1alpha1')!;
    const workspace = doc.components.schemas['io.kcp.tenancy.v1alpha1.Workspace']!;
    expect(workspace.required).to.deep.equal(['spec']);
    expect(workspace.properties).to.have.keys('apiVersion', 'kind', 'metadata', 'spec', 'status');
    expect(doc.components.schemas).to.have.property('io.kcp.tenancy.v1alpha1.WorkspaceList');
    const patch = doc.paths['/apis/tenancy.kcp.io/v1alpha1/workspaces/{name}']!.patch as Schema;
    expect(Object.keys((patch.requestBody as { content: object }).content)).not.to.include(
      'application/strategic-merge-patch+json',
    );
  });

  it('writes a Swagger 2.0 document with definitions references and no v3-only forms', () => {
    const v2 = toSwagger2([...buildV3Documents([...builtinTypes, widgets]).values()] as OpenAPIv3Document[]);
    const text = JSON.stringify(v2);
    expect(v2.swagger).to.equal('2.0');
    expect(text).not.to.contain('#/components/');
    expect(text).not.to.contain('"allOf"');
    expect(text).not.to.contain('"requestBody"');
    const definitions = v2.definitions as Record<string, Schema>;
    for (const ref of refsIn(v2))
      expect(definitions, ref).to.have.property(ref.replace('#/definitions/', ''));
    const patch = (v2.paths as Record<string, Record<string, Schema>>)[
      '/apis/coordination.k8s.io/v1/namespaces/{namespace}/leases/{name}'
    ]!.patch!;
    expect(patch.consumes).to.include('application/strategic-merge-patch+json');
    expect((patch.parameters as Schema[])[0]).to.include({ name: 'body', in: 'body', required: true });
    // A CRD property that happens to be called like a v3 keyword survives.
    const spec = (definitions['com.example.v1.Widget']!.properties as Record<string, Schema>).spec!;
    expect(spec.properties).to.have.property('nullable');
    expect(definitions['io.k8s.apimachinery.pkg.api.resource.Quantity']).to.include({ type: 'string' });
  });
});
