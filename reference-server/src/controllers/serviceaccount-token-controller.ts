// Legacy service-account token Secrets, as Kubernetes' token controller keeps them
// (pkg/controller/serviceaccount/tokens_controller.go; kcp runs it per logical cluster). A
// Secret of type kubernetes.io/service-account-token names its ServiceAccount in the
// kubernetes.io/service-account.name annotation:
// - if that ServiceAccount does not exist (or has another UID than the
//   kubernetes.io/service-account.uid annotation says), the Secret is deleted;
// - otherwise empty data.token and data.namespace are filled in, data['ca.crt'] is set to the
//   CA clients should trust, and the ServiceAccount's UID is recorded in the annotation.
// Level-triggered: every token Secret is looked at on start and on every change, and the
// Secrets of a deleted ServiceAccount when it goes.

import type { KubeObject } from '../api/types.js';
import { signJwt } from '../authn/jwt.js';
import { legacyTokenClaims } from '../authn/service-account-claims.js';
import type { ServiceAccountKey } from '../authn/service-account-key.js';
import { secrets, secretTypes, serviceAccountNameAnnotation } from '../registry/builtins/secrets.js';
import { serviceaccounts } from '../registry/builtins/serviceaccounts.js';
import { decodeObject } from '../registry/codec.js';
import { deleteObject, listObjects, mutateObject } from '../registry/objects.js';
import { keyFor, type Scope } from '../registry/scope.js';
import { resourcePrefix } from '../storage/keys.js';
import type { Store } from '../storage/store.js';
import { informPrefix } from './informer.js';
import type { Controller } from './namespace-controller.js';
import { createWorkQueue } from './work-queue.js';

export const serviceAccountUIDAnnotation = 'kubernetes.io/service-account.uid';

/** /registry/core/<resource>/<cluster>/<namespace>/<name> → its three parts. */
function keyParts(key: string): { cluster: string; namespace: string; name: string } {
  const p = key.split('/');
  return { cluster: p[4] ?? '', namespace: p[5] ?? '', name: p[6] ?? '' };
}

function isTokenSecret(value: string): boolean {
  try {
    return (JSON.parse(value) as { type?: unknown }).type === secretTypes.serviceAccountToken;
  } catch {
    return false;
  }
}

type Data = Record<string, string | null>;

/** What the Secret lacks, as Kubernetes decides it (secretUpdateNeeded). */
function missing(secret: KubeObject, caBase64: string) {
  const data = (secret.data ?? {}) as Data;
  return { ca: data['ca.crt'] !== caBase64, namespace: !data.namespace, token: !data.token };
}

export async function startServiceAccountTokenController(o: {
  store: Store;
  /** The CA bundle put into every token Secret as ca.crt (PEM). */
  caPem: string;
  key: ServiceAccountKey;
  log: (msg: string) => void;
}): Promise<Controller> {
  const { store, key, log } = o;
  const caBase64 = Buffer.from(o.caPem).toString('base64');
  const queue = createWorkQueue((k) => reconcile(k), {
    concurrency: 4,
    onError: (k, e) => {
      log(`service-account token controller: ${k}: ${(e as Error).message}`);
      queue.addAfter(k, 1000);
    },
  });
  const queueKey = (p: { cluster: string; namespace: string; name: string }) =>
    `${p.cluster}/${p.namespace}/${p.name}`;

  /** The token Secrets of a namespace that name `serviceAccount`. */
  async function queueSecretsOf(cluster: string, namespace: string, serviceAccount: string): Promise<void> {
    const page = await listObjects(store, { type: secrets, cluster, namespace }, (s) => {
      return (
        s.type === secretTypes.serviceAccountToken &&
        s.metadata?.annotations?.[serviceAccountNameAnnotation] === serviceAccount
      );
    });
    for (const s of page.items) queue.add(queueKey({ cluster, namespace, name: s.metadata?.name ?? '' }));
  }

  const watchers = [
    await informPrefix(store, resourcePrefix({ group: '', resource: 'secrets' }), (k, value, e) => {
      if (e?.type !== 'delete' && isTokenSecret(value)) queue.add(queueKey(keyParts(k)));
    }),
    store.watch(resourcePrefix({ group: '', resource: 'serviceaccounts' }), await store.currentRevision(), {
      onEvent: (e) => {
        if (e.type !== 'delete') return;
        const p = keyParts(e.kv.key);
        queueSecretsOf(p.cluster, p.namespace, p.name).catch((err: unknown) =>
          log(
            `service-account token controller: listing secrets of ${queueKey(p)}: ${(err as Error).message}`,
          ),
        );
      },
    }),
  ];

  async function reconcile(k: string): Promise<void> {
    const [cluster = '', namespace = '', name = ''] = k.split('/');
    const scope: Scope = { type: secrets, cluster, namespace };
    const kv = await store.get(keyFor(scope, name));
    if (!kv) return;
    const secret = decodeObject(kv, secrets, cluster);
    if (secret.type !== secretTypes.serviceAccountToken || secret.metadata?.deletionTimestamp) return;
    const annotations = secret.metadata?.annotations ?? {};
    const saName = annotations[serviceAccountNameAnnotation] ?? '';
    const saUID = annotations[serviceAccountUIDAnnotation] ?? '';
    const saKV = saName
      ? await store.get(keyFor({ type: serviceaccounts, cluster, namespace }, saName))
      : undefined;
    const sa = saKV ? decodeObject(saKV, serviceaccounts, cluster) : undefined;
    if (!sa || (saUID && sa.metadata?.uid !== saUID)) {
      await deleteObject(store, scope, name, { preconditions: { uid: secret.metadata?.uid ?? '' } }).catch(
        (e: { code?: number }) => {
          // 404: gone already; 409: replaced by another Secret of that name, which gets its own turn.
          if (e.code !== 404 && e.code !== 409) throw e;
        },
      );
      return;
    }
    const need = missing(secret, caBase64);
    if (!need.ca && !need.namespace && !need.token) return;
    const identity = { cluster, namespace, name: saName, uid: sa.metadata?.uid ?? '' };
    await mutateObject(store, scope, name, (obj) => {
      if (obj.metadata?.uid !== secret.metadata?.uid) return false;
      const now = missing(obj, caBase64);
      const data = { ...((obj.data ?? {}) as Data) };
      if (now.ca) data['ca.crt'] = caBase64;
      if (now.namespace) data.namespace = Buffer.from(namespace).toString('base64');
      if (now.token) {
        const token = signJwt(legacyTokenClaims(identity, name), key.privateKey, key.keyId);
        data.token = Buffer.from(token).toString('base64');
      }
      obj.data = data;
      const meta = (obj.metadata ??= {});
      meta.annotations = {
        ...(meta.annotations ?? {}),
        [serviceAccountNameAnnotation]: identity.name,
        [serviceAccountUIDAnnotation]: identity.uid,
      };
    });
  }

  return {
    idle: () => queue.idle(),
    stop() {
      for (const w of watchers) w.cancel();
      queue.stop();
    },
  };
}
