// The requestor of a CertificateSigningRequest is whoever creates it: kube's CSR strategy
// overwrites spec.username/uid/groups/extra with the request's user (PrepareForCreate). Our
// strategies do not see the caller, so this admission step does it before the write.

import type { AdmissionPlugin } from './admission.js';

export const csrRequestor: AdmissionPlugin = async (r) => {
  const t = r.scope.type;
  if (
    r.operation !== 'create' ||
    t.group !== 'certificates.k8s.io' ||
    t.names.plural !== 'certificatesigningrequests'
  )
    return;
  if (!r.object) return;
  const spec = (r.object.spec ??= {});
  if (typeof spec !== 'object' || Array.isArray(spec)) return;
  const s = spec as Record<string, unknown>;
  delete s.username;
  delete s.uid;
  delete s.groups;
  delete s.extra;
  if (r.user.name) s.username = r.user.name;
  if (r.user.uid) s.uid = r.user.uid;
  if (r.user.groups.length > 0) s.groups = [...r.user.groups];
  const extra = r.user.extra ?? {};
  if (Object.keys(extra).length > 0) s.extra = structuredClone(extra);
};
