// Which protobuf message carries which apiVersion/kind. The envelope names the kind; the
// object's own bytes do not, so this table is the only link between the two.

const core = 'k8s.io.api.core.v1';
const rbac = 'k8s.io.api.rbac.v1';
const coordination = 'k8s.io.api.coordination.v1';
const certificates = 'k8s.io.api.certificates.v1';
const authentication = 'k8s.io.api.authentication.v1';
const authorization = 'k8s.io.api.authorization.v1';
const meta = 'k8s.io.apimachinery.pkg.apis.meta.v1';

/** `apiVersion/kind` → full protobuf message name. */
export const protobufKinds: Readonly<Record<string, string>> = {
  'v1/ConfigMap': `${core}.ConfigMap`,
  'v1/Namespace': `${core}.Namespace`,
  'v1/Secret': `${core}.Secret`,
  'v1/ServiceAccount': `${core}.ServiceAccount`,
  'v1/Event': `${core}.Event`,
  'v1/ResourceQuota': `${core}.ResourceQuota`,
  'rbac.authorization.k8s.io/v1/Role': `${rbac}.Role`,
  'rbac.authorization.k8s.io/v1/ClusterRole': `${rbac}.ClusterRole`,
  'rbac.authorization.k8s.io/v1/RoleBinding': `${rbac}.RoleBinding`,
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': `${rbac}.ClusterRoleBinding`,
  'coordination.k8s.io/v1/Lease': `${coordination}.Lease`,
  'certificates.k8s.io/v1/CertificateSigningRequest': `${certificates}.CertificateSigningRequest`,
  'authentication.k8s.io/v1/SelfSubjectReview': `${authentication}.SelfSubjectReview`,
  'authentication.k8s.io/v1/TokenRequest': `${authentication}.TokenRequest`,
  'authorization.k8s.io/v1/SelfSubjectAccessReview': `${authorization}.SelfSubjectAccessReview`,
  'authorization.k8s.io/v1/SelfSubjectRulesReview': `${authorization}.SelfSubjectRulesReview`,
};

// Go clients register the meta/v1 option types under every group version they talk to, so a
// typed client deleting a Role labels its body `rbac.authorization.k8s.io/v1, DeleteOptions`
// and one deleting a ConfigMap `v1, DeleteOptions`. The message is the same whatever the label.
const anyGroupVersionKinds: Readonly<Record<string, string>> = {
  DeleteOptions: `${meta}.DeleteOptions`,
};

/** The message for a kind, or undefined when the server cannot read it from protobuf. */
export function protobufMessageFor(apiVersion: string, kind: string): string | undefined {
  return own(protobufKinds, `${apiVersion}/${kind}`) ?? own(anyGroupVersionKinds, kind);
}

// Kinds come from the client: `constructor` must not find Object.prototype's.
function own(table: Readonly<Record<string, string>>, key: string): string | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

// Every `apiVersion/kind` readable from protobuf; DeleteOptions, valid under any, as `any/DeleteOptions`.
export function supportedProtobufKinds(): string[] {
  return [...Object.keys(protobufKinds), ...Object.keys(anyGroupVersionKinds).map((k) => `any/${k}`)];
}
