// workspace-creation as `kcp-harness bench workspace-creation` sees it.
import { defineScenario } from '../framework/registry.js';
import { parseWorkspaceCreation, workspaceCreationOptions } from './parameters.js';
import { workspaceCreation } from './scenario.js';

export const workspaceCreationEntry = defineScenario({
  scenario: workspaceCreation,
  options: workspaceCreationOptions,
  parse: parseWorkspaceCreation,
});
