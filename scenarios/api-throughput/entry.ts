// api-throughput as `kcp-harness bench api-throughput` sees it: the scenario, its options and their parsing.
import { defineScenario } from '../framework/registry.js';
import { apiThroughputOptions, parseApiThroughput } from './params.js';
import { apiThroughput } from './scenario.js';

export const apiThroughputEntry = defineScenario({
  scenario: apiThroughput,
  options: apiThroughputOptions,
  parse: parseApiThroughput,
});
