// What api-binding creates: in the provider workspace an APIResourceSchema of a small namespaced
// kind (Widget, group bench.kcp-harness.io, spec.size a string) and an APIExport of it; in each
// consumer an APIBinding to that export; in one bound consumer, widgets and ConfigMaps of about
// the same JSON size (the baseline for what serving a bound resource adds to a create).

export const APIS_GROUP = 'apis.kcp.io';
export const SCHEMAS_PATH = `/apis/${APIS_GROUP}/v1alpha1/apiresourceschemas`;
export const EXPORTS_PATH = `/apis/${APIS_GROUP}/v1alpha2/apiexports`;
export const BINDINGS_PATH = `/apis/${APIS_GROUP}/v1alpha2/apibindings`;

export const WIDGET_GROUP = 'bench.kcp-harness.io';
export const WIDGET_VERSION = 'v1';
export const WIDGET_PLURAL = 'widgets';
export const WIDGET_KIND = 'Widget';
/** kcp's schema names are `<prefix>.<plural>.<group>` (pkg/admission/apiresourceschema). */
export const SCHEMA_NAME = `v1.${WIDGET_PLURAL}.${WIDGET_GROUP}`;
export const EXPORT_NAME = WIDGET_PLURAL;
/** Every consumer's binding has this name (one per workspace). */
export const BINDING_NAME = WIDGET_PLURAL;

export const widgetsPath = (namespace: string): string =>
  `/apis/${WIDGET_GROUP}/${WIDGET_VERSION}/namespaces/${namespace}/${WIDGET_PLURAL}`;
export const configMapsPath = (namespace: string): string => `/api/v1/namespaces/${namespace}/configmaps`;

export function widgetSchema(): Record<string, unknown> {
  return {
    apiVersion: `${APIS_GROUP}/v1alpha1`,
    kind: 'APIResourceSchema',
    metadata: { name: SCHEMA_NAME },
    spec: {
      group: WIDGET_GROUP,
      names: { kind: WIDGET_KIND, listKind: `${WIDGET_KIND}List`, plural: WIDGET_PLURAL, singular: 'widget' },
      scope: 'Namespaced',
      versions: [
        {
          name: WIDGET_VERSION,
          served: true,
          storage: true,
          schema: {
            type: 'object',
            properties: {
              apiVersion: { type: 'string' },
              kind: { type: 'string' },
              metadata: { type: 'object' },
              spec: { type: 'object', properties: { size: { type: 'string' } } },
            },
          },
          additionalPrinterColumns: [{ name: 'Size', type: 'string', jsonPath: '.spec.size' }],
        },
      ],
    },
  };
}

export function widgetExport(): Record<string, unknown> {
  return {
    apiVersion: `${APIS_GROUP}/v1alpha2`,
    kind: 'APIExport',
    metadata: { name: EXPORT_NAME },
    spec: {
      resources: [{ name: WIDGET_PLURAL, group: WIDGET_GROUP, schema: SCHEMA_NAME, storage: { crd: {} } }],
    },
  };
}

export function binding(providerPath: string): Record<string, unknown> {
  return {
    apiVersion: `${APIS_GROUP}/v1alpha2`,
    kind: 'APIBinding',
    metadata: { name: BINDING_NAME },
    spec: { reference: { export: { path: providerPath, name: EXPORT_NAME } } },
  };
}

const SIZES = ['small', 'medium', 'large'];
const sizeOf = (sequence: number): string => `${SIZES[sequence % SIZES.length]}-${sequence}`;

export function widget(name: string, sequence: number): Record<string, unknown> {
  return {
    apiVersion: `${WIDGET_GROUP}/${WIDGET_VERSION}`,
    kind: WIDGET_KIND,
    metadata: { name },
    spec: { size: sizeOf(sequence) },
  };
}

/**
 * A ConfigMap with the widget's size and a pad that makes its JSON as long as the widget of the
 * same name and sequence (the widget's apiVersion and kind are longer).
 */
export function baselineConfigMap(name: string, sequence: number): Record<string, unknown> {
  const bare = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { size: sizeOf(sequence) } };
  // ,"pad":"" adds 10 characters before any padding.
  const missing = JSON.stringify(widget(name, sequence)).length - JSON.stringify(bare).length - 10;
  return missing > 0 ? { ...bare, data: { ...bare.data, pad: 'x'.repeat(missing) } } : bare;
}
