// A virtual workspace: an API served under /services/<name>/<params...>/clusters/<x> that is no
// logical cluster of its own but a view over many (kcp pkg/virtual/framework). Each one resolves
// its URL parameters to what it serves and how it authorizes; filters/virtual-workspaces.ts puts
// that on the request, and the one handler chain does the rest.

import type { VirtualView } from '../server/context.js';

export interface VirtualWorkspace {
  /** What the workspace serves for these URL parameters; an ApiError when they name nothing. */
  resolve(params: readonly string[]): Promise<VirtualView>;
}
