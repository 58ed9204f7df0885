// The garbage collector's picture of who owns whom: only objects that carry ownerReferences
// are in it (as dependents), indexed by the uid of each owner they name within their logical
// cluster. Owners themselves are not stored: their existence is read from the store when it
// matters. A logical cluster where nothing has ownerReferences costs nothing here.

import type { OwnerReference } from '../registry/owner-references.js';

export interface DependentNode {
  /** Store key of the dependent. */
  key: string;
  cluster: string;
  uid: string;
  refs: OwnerReference[];
}

export interface DependencyGraph {
  get(key: string): DependentNode | undefined;
  /** Records the dependent's current references (none: it leaves the graph). Returns the previous node. */
  set(node: DependentNode): DependentNode | undefined;
  remove(key: string): DependentNode | undefined;
  /** Dependents naming owner `uid` in `cluster`. */
  dependentsOf(cluster: string, uid: string): DependentNode[];
  /** Whether any dependent in `cluster` names an owner (a cheap test before decoding events). */
  hasDependentsIn(cluster: string): boolean;
  size(): number;
}

const ownerKey = (cluster: string, uid: string) => `${cluster}/${uid}`;

export function createDependencyGraph(): DependencyGraph {
  const nodes = new Map<string, DependentNode>();
  const byOwner = new Map<string, Set<string>>();
  const perCluster = new Map<string, number>();

  const unlink = (node: DependentNode) => {
    for (const ref of node.refs) {
      const k = ownerKey(node.cluster, ref.uid);
      const set = byOwner.get(k);
      if (!set?.delete(node.key)) continue;
      if (set.size === 0) byOwner.delete(k);
      const n = (perCluster.get(node.cluster) ?? 1) - 1;
      if (n <= 0) perCluster.delete(node.cluster);
      else perCluster.set(node.cluster, n);
    }
  };
  const link = (node: DependentNode) => {
    for (const ref of node.refs) {
      const k = ownerKey(node.cluster, ref.uid);
      let set = byOwner.get(k);
      if (!set) byOwner.set(k, (set = new Set()));
      if (set.has(node.key)) continue;
      set.add(node.key);
      perCluster.set(node.cluster, (perCluster.get(node.cluster) ?? 0) + 1);
    }
  };

  return {
    get: (key) => nodes.get(key),
    set(node) {
      const previous = nodes.get(node.key);
      if (previous) unlink(previous);
      if (node.refs.length === 0) nodes.delete(node.key);
      else {
        nodes.set(node.key, node);
        link(node);
      }
      return previous;
    },
    remove(key) {
      const previous = nodes.get(key);
      if (previous) {
        unlink(previous);
        nodes.delete(key);
      }
      return previous;
    },
    dependentsOf(cluster, uid) {
      const keys = byOwner.get(ownerKey(cluster, uid));
      return keys ? [...keys].map((k) => nodes.get(k)!).filter(Boolean) : [];
    },
    hasDependentsIn: (cluster) => perCluster.has(cluster),
    size: () => nodes.size,
  };
}
