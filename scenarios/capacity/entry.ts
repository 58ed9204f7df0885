// capacity as `kcp-harness bench capacity` sees it: the scenario, its options and their parsing.
import { defineScenario } from '../framework/registry.js';
import { capacityOptions, parseCapacity } from './params.js';
import { capacity } from './scenario.js';

export const capacityEntry = defineScenario({
  scenario: capacity,
  options: capacityOptions,
  parse: parseCapacity,
});
