// api-binding as `kcp-harness bench api-binding` sees it.
import { defineScenario } from '../framework/registry.js';
import { apiBindingOptions, parseApiBinding } from './params.js';
import { apiBinding } from './scenario.js';

export const apiBindingEntry = defineScenario({
  scenario: apiBinding,
  options: apiBindingOptions,
  parse: parseApiBinding,
});
