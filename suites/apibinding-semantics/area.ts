// The apibinding-semantics area ("APIs as a service"): a provider workspace exports an API
// (APIResourceSchema + APIExport) and consumer workspaces bind it (APIBinding), as kcp's e2e tests
// test/e2e/apibinding observe it: binding phases and conditions, identities, discovery, serving
// bound resources like CRDs, isolation between consumers and between identities, bind permission,
// naming conflicts, deletion, the maximal permission policy, status protection, the v1alpha1 and
// v1alpha2 views, endpoint slices and default bindings. Every test creates its provider and consumer
// workspaces inside its own workspace; only root's WorkspaceType universal is read (default bindings).
import { Feature, type FeatureName } from '../framework/features.js';

export const AREA = 'apibinding-semantics';

/** What nearly every test needs: workspaces for provider and consumer, exports, bindings, a namespace. */
export const BINDING_FEATURES: readonly FeatureName[] = [
  Feature.Workspaces,
  Feature.APIExports,
  Feature.APIBindings,
  Feature.Namespaces,
];
