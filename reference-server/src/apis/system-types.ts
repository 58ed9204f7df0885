// apis.kcp.io's kinds as ResourceTypes. kcp serves them from system CRDs; so does this server,
// through the same CRD machinery as any custom resource (schema validation, CEL rules, pruning,
// defaulting, printer columns, OpenAPI), plus what a CRD cannot say: conversion between
// v1alpha1 and v1alpha2 (conversion.ts) and the checks in admission.ts.

import { crdResourceTypes } from '../apiextensions/crd-types.js';
import type { ResourceType } from '../registry/resource-type.js';
import { convertBinding, convertExport } from './conversion.js';
import { apisSystemCRDs } from './crds/index.js';
import { apisGroup, storageVersion } from './names.js';

const converters: Record<
  string,
  (obj: Parameters<typeof convertExport>[0], to: string) => ReturnType<typeof convertExport>
> = {
  apiexports: convertExport,
  apibindings: convertBinding,
};

function withConversion(t: ResourceType): ResourceType {
  const convert = converters[t.names.plural];
  if (!convert || t.version === storageVersion) return t;
  const own = `${apisGroup}/${t.version}`;
  const stored = `${apisGroup}/${storageVersion}`;
  return {
    ...t,
    // The CRD strategy has already set apiVersion to the storage version (it assumes conversion
    // None), so an object of this type is always in this version's shape here.
    toStorage: (obj) => convert({ ...obj, apiVersion: own }, stored),
    fromStorage: (obj) => (obj.apiVersion === own ? obj : convert(obj, own)),
  };
}

/** Every served version of every apis.kcp.io kind. */
export const apisTypes: readonly ResourceType[] = apisSystemCRDs.flatMap((crd) =>
  // System CRDs are served with the names they ask for; nothing else in a workspace competes.
  crdResourceTypes({ ...crd, status: { acceptedNames: crd.spec?.names ?? {} } }, '').map(withConversion),
);

function typeOf(plural: string, version: string): ResourceType {
  const t = apisTypes.find((x) => x.names.plural === plural && x.version === version);
  if (!t) throw new Error(`apis.kcp.io: no ${plural}/${version}`);
  return t;
}

/** The storage versions, which controllers read and write. */
export const apiResourceSchemas = typeOf('apiresourceschemas', 'v1alpha1');
export const apiExports = typeOf('apiexports', storageVersion);
export const apiBindings = typeOf('apibindings', storageVersion);
export const apiExportEndpointSlices = typeOf('apiexportendpointslices', 'v1alpha1');
