// The workspaces area: the Workspace/LogicalCluster lifecycle and addressing as kcp's e2e tests
// observe it (creation and type defaulting, phases, paths and names, initial content, types and
// initializers, deletion). Every test runs in a fresh workspace of its own under the run workspace.
export const AREA = 'workspaces';
