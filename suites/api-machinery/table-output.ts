// Server-side printing and metadata-only answers, chosen by the Accept header: Table (what
// kubectl get shows, columns from the server) and PartialObjectMetadata(List) (what metadata
// informers and the garbage collector read).
import { expect } from 'chai';
import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import {
  configMap,
  configMapPath,
  configMapsPath,
  describeResponse,
  expectStatusCode,
  type KubeObject,
} from '../framework/kube.js';
import { AREA } from './area.js';

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io';
const PARTIAL = 'application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io';
const PARTIAL_LIST = 'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io';

interface Table {
  kind: string;
  apiVersion: string;
  metadata: { resourceVersion?: string };
  columnDefinitions: { name: string; type: string; format: string; priority: number }[];
  rows: { cells: unknown[]; object?: KubeObject | null }[];
}

const columns = (table: Table): string[] => table.columnDefinitions.map((c) => `${c.name}:${c.type}`);

export const tableOutput: ConformanceTest = {
  id: `${AREA}/table-output`,
  area: AREA,
  description:
    'A get or list asked for as a meta.k8s.io/v1 Table MUST answer a Table with the columns Kubernetes ' +
    'prints for the type (ConfigMaps: Name, Data, Age; Namespaces: Name, Status, Age) and one row per object ' +
    'carrying its PartialObjectMetadata by default, the whole object with includeObject=Object and none ' +
    'with includeObject=None.',
  level: 'MUST',
  features: [Feature.ConfigMaps, Feature.Namespaces, Feature.TableOutput],
  source: [
    'kubernetes: pkg/printers/internalversion/printers.go',
    'kubernetes: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/response.go',
    'kubernetes: staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/types.go',
  ],
  async run({ client, namespace, uniqueName }) {
    const label = { 'kcp-harness/table': uniqueName('t') };
    const labelSelector = `kcp-harness/table=${label['kcp-harness/table']}`;
    const names = [uniqueName('table-a'), uniqueName('table-b')];
    expectStatusCode(
      await client.post(configMapsPath(namespace), configMap(names[0]!, { x: '1' }, label)),
      201,
    );
    expectStatusCode(
      await client.post(configMapsPath(namespace), configMap(names[1]!, { x: '1', y: '2' }, label)),
      201,
    );

    const list = expectStatusCode(
      await client.get<Table>(configMapsPath(namespace), {
        query: { labelSelector },
        headers: { accept: TABLE },
      }),
      200,
    );
    expect(list).to.include({ kind: 'Table', apiVersion: 'meta.k8s.io/v1' });
    expect(list.metadata.resourceVersion, 'Table resourceVersion').to.match(/^[1-9][0-9]*$/);
    expect(columns(list)).to.deep.equal(['Name:string', 'Data:string', 'Age:string']);
    expect(list.columnDefinitions[0]!.format).to.equal('name');
    expect(list.rows.map((row) => row.cells.slice(0, 2))).to.deep.equal([
      [names[0], 1],
      [names[1], 2],
    ]);
    for (const row of list.rows) {
      expect(row.object, 'row object').to.include({
        kind: 'PartialObjectMetadata',
        apiVersion: 'meta.k8s.io/v1',
      });
      expect(row.object, 'row object').not.to.have.property('data');
      expect(row.cells[2], 'Age')
        .to.be.a('string')
        .and.match(/^\d+[smhd]/);
    }

    const full = expectStatusCode(
      await client.get<Table>(configMapPath(namespace, names[1]!), {
        query: { includeObject: 'Object' },
        headers: { accept: TABLE },
      }),
      200,
    );
    expect(full.rows).to.have.length(1);
    expect(full.rows[0]!.object).to.include({ kind: 'ConfigMap', apiVersion: 'v1' });
    expect((full.rows[0]!.object as KubeObject).data).to.deep.equal({ x: '1', y: '2' });

    const bare = expectStatusCode(
      await client.get<Table>(configMapsPath(namespace), {
        query: { labelSelector, includeObject: 'None' },
        headers: { accept: TABLE },
      }),
      200,
    );
    expect(bare.rows).to.have.length(2);
    // TableRow.object is a struct in Go, so "omitted" travels as null.
    for (const row of bare.rows)
      expect(row.object ?? null, 'row object with includeObject=None').to.equal(null);

    const namespaces = expectStatusCode(
      await client.get<Table>(`/api/v1/namespaces/${namespace}`, { headers: { accept: TABLE } }),
      200,
    );
    expect(columns(namespaces)).to.deep.equal(['Name:string', 'Status:string', 'Age:string']);
    expect(namespaces.rows[0]!.cells.slice(0, 2)).to.deep.equal([namespace, 'Active']);
  },
};

export const partialObjectMetadata: ConformanceTest = {
  id: `${AREA}/partial-object-metadata`,
  area: AREA,
  description:
    "A get asked for as meta.k8s.io/v1 PartialObjectMetadata MUST answer the object's metadata alone, and a " +
    "list asked for as PartialObjectMetadataList MUST answer one such item per object with the list's " +
    'resourceVersion; an Accept naming only an unknown form MUST be answered 406 NotAcceptable.',
  level: 'MUST',
  features: [Feature.ConfigMaps, Feature.TableOutput],
  source: [
    'kubernetes: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/response.go',
    'kubernetes: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/negotiation/negotiate.go',
    'kubernetes: staging/src/k8s.io/client-go/metadata/metadata.go',
  ],
  async run({ client, namespace, uniqueName }) {
    const name = uniqueName('pom');
    const label = { 'kcp-harness/pom': name };
    const created = expectStatusCode(
      await client.post<KubeObject>(configMapsPath(namespace), configMap(name, { secret: 'x' }, label)),
      201,
    );

    const one = expectStatusCode(
      await client.get<KubeObject>(configMapPath(namespace, name), { headers: { accept: PARTIAL } }),
      200,
    );
    expect(one).to.include({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1' });
    expect(Object.keys(one).sort()).to.deep.equal(['apiVersion', 'kind', 'metadata']);
    expect(one.metadata).to.include({
      name,
      namespace,
      uid: created.metadata.uid,
      resourceVersion: created.metadata.resourceVersion,
    });
    expect(one.metadata.labels).to.deep.equal(label);

    const list = expectStatusCode(
      await client.get<{
        kind: string;
        apiVersion: string;
        metadata: { resourceVersion?: string };
        items: KubeObject[];
      }>(configMapsPath(namespace), {
        query: { labelSelector: `kcp-harness/pom=${name}` },
        headers: { accept: PARTIAL_LIST },
      }),
      200,
    );
    expect(list).to.include({ kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1' });
    expect(list.metadata.resourceVersion).to.match(/^[1-9][0-9]*$/);
    expect(list.items.map((item) => item.metadata.name)).to.deep.equal([name]);
    expect(list.items[0]).not.to.have.property('data');

    const unknown = await client.get(configMapPath(namespace, name), {
      headers: { accept: 'application/json;as=NoSuchThing;v=v1;g=meta.k8s.io' },
    });
    expect(unknown.status, describeResponse(unknown)).to.equal(406);
  },
};
