// The logical-cluster-isolation area: every workspace is its own API server. Same-named objects
// in sibling workspaces are independent, lists and watches never cross, each has its own
// namespaces and CRDs, and only system:masters may read across clusters (/clusters/*).
// resourceVersions of different workspaces are never compared here: kcp's are global, but
// nothing promises an order across logical clusters.
export const AREA = 'logical-cluster-isolation';
