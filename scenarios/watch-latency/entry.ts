// watch-latency as `kcp-harness bench watch-latency` sees it: the scenario, its options and their parsing.
import { defineScenario } from '../framework/registry.js';
import { watchLatencyOptions, parseWatchLatency } from './params.js';
import { watchLatency } from './scenario.js';

export const watchLatencyEntry = defineScenario({
  scenario: watchLatency,
  options: watchLatencyOptions,
  parse: parseWatchLatency,
});
