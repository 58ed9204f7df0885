// Table responses (meta.k8s.io/v1 Table), what `kubectl get` asks for. Rows carry the object as
// PartialObjectMetadata by default (includeObject=Metadata), the full object, or nothing.

import { badRequest } from '../api/status.js';
import type { KubeObject } from '../api/types.js';
import type { ResourceType } from './resource-type.js';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export function parseIncludeObject(v: string | null): IncludeObject {
  if (v === null || v === '') return 'Metadata';
  if (v === 'None' || v === 'Metadata' || v === 'Object') return v;
  throw badRequest(`includeObject must be one of None, Metadata or Object, not ${JSON.stringify(v)}`);
}

function columnDefinitions(t: ResourceType) {
  const name = {
    name: 'Name',
    type: 'string',
    format: 'name',
    description:
      'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated.',
    priority: 0,
  };
  return [
    ...(t.nameColumn === false ? [] : [name]),
    ...t.columns.map((c) => ({
      name: c.name,
      type: c.type,
      format: c.format ?? '',
      description: c.description,
      priority: c.priority,
    })),
  ];
}

// TableRow.object is a RawExtension, a struct: `omitempty` keeps it, so None answers null.
function rowObject(obj: KubeObject, include: IncludeObject): KubeObject | null {
  if (include === 'None') return null;
  if (include === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata ?? {} };
}

export function toTable(
  t: ResourceType,
  objects: KubeObject[],
  include: IncludeObject,
  listMeta: { resourceVersion?: string; continue?: string } = {},
) {
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta,
    columnDefinitions: columnDefinitions(t),
    rows: objects.map((o) => {
      const row: { cells: unknown[]; object: KubeObject | null } = {
        cells: [
          ...(t.nameColumn === false ? [] : [o.metadata?.name ?? '']),
          ...t.columns.map((c) => c.cell(o)),
        ],
        object: rowObject(o, include),
      };
      return row;
    }),
  };
}
