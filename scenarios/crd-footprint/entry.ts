// crd-footprint as `kcp-harness bench crd-footprint` sees it.
import { defineScenario } from '../framework/registry.js';
import { crdFootprintOptions, parseCrdFootprint } from './params.js';
import { crdFootprint } from './scenario.js';

export const crdFootprintEntry = defineScenario({
  scenario: crdFootprint,
  options: crdFootprintOptions,
  parse: parseCrdFootprint,
});
