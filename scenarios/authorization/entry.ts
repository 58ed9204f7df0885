// authorization as `kcp-harness bench authorization` sees it.
import { defineScenario } from '../framework/registry.js';
import { authorizationOptions, parseAuthorization } from './params.js';
import { authorization } from './scenario.js';

export const authorizationEntry = defineScenario({
  scenario: authorization,
  options: authorizationOptions,
  parse: parseAuthorization,
});
