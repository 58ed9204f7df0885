// bad-input as `kcp-harness bench bad-input` sees it.
import { defineScenario } from '../framework/registry.js';
import { badInputOptions, parseBadInput } from './params.js';
import { badInput } from './scenario.js';

export const badInputEntry = defineScenario({
  scenario: badInput,
  options: badInputOptions,
  parse: parseBadInput,
});
