// Admission runs after authorization and before storage, for writes. Plugins are plain async
// functions that throw an ApiError to refuse; they run in order and all must pass.

import type { KubeObject } from '../api/types.js';
import type { UserInfo } from '../authn/user.js';
import type { Scope } from '../registry/scope.js';

export interface AdmissionRequest {
  operation: 'create' | 'update' | 'delete';
  scope: Scope;
  name: string;
  /** The object to be written (create, update). */
  object?: KubeObject;
  /** The stored object (update, delete). */
  old?: KubeObject;
  user: UserInfo;
}

export type AdmissionPlugin = (r: AdmissionRequest) => Promise<void>;

export function admissionChain(plugins: AdmissionPlugin[]): AdmissionPlugin {
  return async (r) => {
    for (const p of plugins) await p(r);
  };
}
