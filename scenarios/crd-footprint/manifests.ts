// The CRDs and objects crd-footprint creates. Every CRD has the same moderately rich schema
// (patterns, bounds, an enum, a bounded list, a nested object with a required field and a
// default), so validating an object of it does real work and RSS counts a realistic schema.
// In a workspace of the run's own the group is BENCH_GROUP; in a cluster shared with others
// (a namespace per unit) CRDs are cluster-scoped, so the run takes a group of its own.

export const BENCH_GROUP = 'bench.kcp-harness.io';

/** A group no other run uses: `<run>.bench.kcp-harness.io`. */
export const runGroup = (run: string): string => `${run}.${BENCH_GROUP}`;

export interface CrdNames {
  /** metadata.name of the CRD: <plural>.<group>. */
  name: string;
  plural: string;
  kind: string;
}

export function crdNames(index: number, group = BENCH_GROUP): CrdNames {
  const plural = `gadget${index}s`;
  return { name: `${plural}.${group}`, plural, kind: `Gadget${index}` };
}

/** labels: put on the CRD (a shared cluster: the run's label, so leftovers can be found). */
export function crdManifest(
  index: number,
  group = BENCH_GROUP,
  labels?: Record<string, string>,
): Record<string, unknown> {
  const names = crdNames(index, group);
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: names.name, ...(labels ? { labels } : {}) },
    spec: {
      group,
      scope: 'Namespaced',
      names: {
        plural: names.plural,
        singular: `gadget${index}`,
        kind: names.kind,
        listKind: `${names.kind}List`,
      },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          subresources: { status: {} },
          additionalPrinterColumns: [{ name: 'Size', type: 'integer', jsonPath: '.spec.size' }],
          schema: { openAPIV3Schema: gadgetSchema },
        },
      ],
    },
  };
}

const gadgetSchema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      required: ['size', 'owner'],
      properties: {
        size: { type: 'integer', minimum: 1, maximum: 1000 },
        owner: { type: 'string', pattern: '^[a-z][a-z0-9-]*$', maxLength: 63 },
        tier: { type: 'string', enum: ['bronze', 'silver', 'gold'], default: 'bronze' },
        tags: { type: 'array', maxItems: 16, items: { type: 'string', maxLength: 32 } },
        limits: {
          type: 'object',
          required: ['cpu'],
          properties: { cpu: { type: 'integer', minimum: 0 }, memory: { type: 'string' } },
        },
      },
    },
    status: { type: 'object', properties: { phase: { type: 'string' } } },
  },
};

export function gadget(
  kind: string,
  name: string,
  sequence: number,
  group = BENCH_GROUP,
): Record<string, unknown> {
  return {
    apiVersion: `${group}/v1`,
    kind,
    metadata: { name },
    spec: {
      size: 1 + (sequence % 1000),
      owner: `team-${sequence % 7}`,
      tags: ['a', 'b', 'c'],
      limits: { cpu: 2, memory: '1Gi' },
    },
  };
}

/** A ConfigMap of about the same size, the schema-less baseline for create latency. */
export function baselineConfigMap(name: string, sequence: number): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name },
    data: { size: String(1 + (sequence % 1000)), owner: `team-${sequence % 7}`, tags: 'a,b,c', cpu: '2' },
  };
}
