// memory-per-workspace as `kcp-harness bench memory-per-workspace` sees it.
import { defineScenario } from '../framework/registry.js';
import { memoryPerWorkspaceOptions, parseMemoryPerWorkspace } from './parameters.js';
import { memoryPerWorkspace } from './scenario.js';

export const memoryPerWorkspaceEntry = defineScenario({
  scenario: memoryPerWorkspace,
  options: memoryPerWorkspaceOptions,
  parse: parseMemoryPerWorkspace,
});
