// The apis.kcp.io kinds, served the way kcp serves them: as system CRDs run through the same
// CRD machinery as user CRDs (apiextensions/crd-types.ts).

import type { CustomResourceDefinition } from '../../apiextensions/crd-object.js';
import { apiBindingsCRD } from './apibindings.js';
import { apiExportEndpointSlicesCRD } from './apiexportendpointslices.js';
import { apiExportsCRD } from './apiexports.js';
import { apiResourceSchemasCRD } from './apiresourceschemas.js';

export { apiBindingsCRD, apiExportEndpointSlicesCRD, apiExportsCRD, apiResourceSchemasCRD };

export const apisSystemCRDs: readonly CustomResourceDefinition[] = [
  apiResourceSchemasCRD,
  apiExportsCRD,
  apiBindingsCRD,
  apiExportEndpointSlicesCRD,
];
