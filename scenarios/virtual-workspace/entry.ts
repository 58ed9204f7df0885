// virtual-workspace as `kcp-harness bench virtual-workspace` sees it.
import { defineScenario } from '../framework/registry.js';
import { parseVirtualWorkspace, virtualWorkspaceOptions } from './params.js';
import { virtualWorkspace } from './scenario.js';

export const virtualWorkspaceEntry = defineScenario({
  scenario: virtualWorkspace,
  options: virtualWorkspaceOptions,
  parse: parseVirtualWorkspace,
});
