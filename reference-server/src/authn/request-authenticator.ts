// The server's authenticator, in kube-apiserver's order: client certificate first, then bearer
// tokens (static tokens, then service-account JWTs). The first that authenticates wins.

import type { KubeObject } from '../api/types.js';
import { secrets } from '../registry/builtins/secrets.js';
import { mutateObject } from '../registry/objects.js';
import type { Store } from '../storage/store.js';
import { unionAuthenticator, type RequestAuthenticator } from './authenticator.js';
import {
  legacyTokenLastUsedLabel,
  serviceAccountTokenAuthenticator,
} from './service-account-authenticator.js';
import type { ServiceAccountKey } from './service-account-key.js';
import { bearerTokenAuthenticator, staticTokenAuthenticator } from './token-authenticator.js';
import type { UserInfo } from './user.js';
import { x509Authenticator } from './x509-authenticator.js';

/** Labels a legacy token's Secret with the day it was last used, as kube-apiserver does. */
async function markLegacyTokenUsed(
  store: Store,
  cluster: string,
  secret: KubeObject,
  day: string,
): Promise<void> {
  const namespace = secret.metadata?.namespace ?? '';
  await mutateObject(store, { type: secrets, cluster, namespace }, secret.metadata?.name ?? '', (obj) => {
    const meta = (obj.metadata ??= {});
    if (meta.uid !== secret.metadata?.uid) return false;
    meta.labels = { ...(meta.labels ?? {}), [legacyTokenLastUsedLabel]: day };
  });
}

export function createRequestAuthenticator(o: {
  /** Admin identities and --token-auth-file users. */
  staticTokens: ReadonlyMap<string, UserInfo>;
  store: Store;
  serviceAccountKey: ServiceAccountKey;
}): RequestAuthenticator {
  const tokens = unionAuthenticator([
    staticTokenAuthenticator(o.staticTokens),
    serviceAccountTokenAuthenticator({
      store: o.store,
      key: o.serviceAccountKey,
      markLegacyTokenUsed: (cluster, secret, day) => markLegacyTokenUsed(o.store, cluster, secret, day),
    }),
  ]);
  return unionAuthenticator([x509Authenticator, bearerTokenAuthenticator(tokens)]);
}
