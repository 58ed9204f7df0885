// The Kubernetes protobuf messages the reference server can read, written out by hand as
// proto2 text. Only field names, numbers and types are facts taken from Kubernetes (its
// generated.proto files); every message lists just the fields we turn into JSON, so a newer
// client's extra fields are skipped by the decoder, as a Go server of our vintage would.
//
// Field names are the JSON names (Kubernetes uses the same spelling for both), so decoding
// keeps case. The `(json)` option records what the Go JSON tag does with a zero value, because
// Go clients write every non-pointer field on the wire, empty or not, and proto2 presence
// alone would turn `name: ""` into a field a JSON client never sends:
//   (absent)            omitempty: left out when empty, zero or false
//   "always"            no omitempty: always written; a zero scalar as its zero, an empty
//                       list or map as null (a nil Go slice/map)
//   "presence"          a Go pointer: written exactly when it is on the wire
// A singular message field without an option is a Go struct value, always written as an object.

import protobuf from 'protobufjs';

/** Name of the field option that carries the JSON rule above. */
export const jsonRuleOption = '(json)';

const runtime = `
syntax = "proto2";
package k8s.io.apimachinery.pkg.runtime;

// Note the order: apiVersion is 1 here, unlike meta/v1 TypeMeta.
message TypeMeta {
  optional string apiVersion = 1;
  optional string kind = 2;
}

message Unknown {
  optional TypeMeta typeMeta = 1;
  optional bytes raw = 2;
  optional string contentEncoding = 3;
  optional string contentType = 4;
}
`;

const resource = `
syntax = "proto2";
package k8s.io.apimachinery.pkg.api.resource;

message Quantity {
  optional string string = 1;
}
`;

const metaV1 = `
syntax = "proto2";
package k8s.io.apimachinery.pkg.apis.meta.v1;

message Time {
  optional int64 seconds = 1;
  optional int32 nanos = 2;
}

message MicroTime {
  optional int64 seconds = 1;
  optional int32 nanos = 2;
}

message FieldsV1 {
  optional bytes Raw = 1;
}

message OwnerReference {
  optional string kind = 1 [(json) = "always"];
  optional string name = 3 [(json) = "always"];
  optional string uid = 4 [(json) = "always"];
  optional string apiVersion = 5 [(json) = "always"];
  optional bool controller = 6 [(json) = "presence"];
  optional bool blockOwnerDeletion = 7 [(json) = "presence"];
}

message ManagedFieldsEntry {
  optional string manager = 1;
  optional string operation = 2;
  optional string apiVersion = 3;
  optional Time time = 4 [(json) = "presence"];
  optional string fieldsType = 6;
  optional FieldsV1 fieldsV1 = 7 [(json) = "presence"];
  optional string subresource = 8;
}

message ObjectMeta {
  optional string name = 1;
  optional string generateName = 2;
  optional string namespace = 3;
  optional string selfLink = 4;
  optional string uid = 5;
  optional string resourceVersion = 6;
  optional int64 generation = 7;
  optional Time creationTimestamp = 8;
  optional Time deletionTimestamp = 9 [(json) = "presence"];
  optional int64 deletionGracePeriodSeconds = 10 [(json) = "presence"];
  map<string, string> labels = 11;
  map<string, string> annotations = 12;
  repeated OwnerReference ownerReferences = 13;
  repeated string finalizers = 14;
  repeated ManagedFieldsEntry managedFields = 17;
}

message LabelSelectorRequirement {
  optional string key = 1 [(json) = "always"];
  optional string operator = 2 [(json) = "always"];
  repeated string values = 3;
}

message LabelSelector {
  map<string, string> matchLabels = 1;
  repeated LabelSelectorRequirement matchExpressions = 2;
}

message Preconditions {
  optional string uid = 1 [(json) = "presence"];
  optional string resourceVersion = 2 [(json) = "presence"];
}

message DeleteOptions {
  optional int64 gracePeriodSeconds = 1 [(json) = "presence"];
  optional Preconditions preconditions = 2 [(json) = "presence"];
  optional bool orphanDependents = 3 [(json) = "presence"];
  optional string propagationPolicy = 4 [(json) = "presence"];
  repeated string dryRun = 5;
  optional bool ignoreStoreReadErrorWithClusterBreakingPotential = 6 [(json) = "presence"];
}
`;

const coreV1 = `
syntax = "proto2";
package k8s.io.api.core.v1;

message ConfigMap {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  map<string, string> data = 2;
  map<string, bytes> binaryData = 3;
  optional bool immutable = 4 [(json) = "presence"];
}

message NamespaceSpec {
  repeated string finalizers = 1;
}

message NamespaceCondition {
  optional string type = 1 [(json) = "always"];
  optional string status = 2 [(json) = "always"];
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time lastTransitionTime = 4;
  optional string reason = 5;
  optional string message = 6;
}

message NamespaceStatus {
  optional string phase = 1;
  repeated NamespaceCondition conditions = 2;
}

message Namespace {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  optional NamespaceSpec spec = 2;
  optional NamespaceStatus status = 3;
}

message Secret {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  map<string, bytes> data = 2;
  optional string type = 3;
  map<string, string> stringData = 4;
  optional bool immutable = 5 [(json) = "presence"];
}

message ObjectReference {
  optional string kind = 1;
  optional string namespace = 2;
  optional string name = 3;
  optional string uid = 4;
  optional string apiVersion = 5;
  optional string resourceVersion = 6;
  optional string fieldPath = 7;
}

message LocalObjectReference {
  optional string name = 1;
}

message ServiceAccount {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  repeated ObjectReference secrets = 2;
  repeated LocalObjectReference imagePullSecrets = 3;
  optional bool automountServiceAccountToken = 4 [(json) = "presence"];
}

message EventSource {
  optional string component = 1;
  optional string host = 2;
}

message EventSeries {
  optional int32 count = 1;
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime lastObservedTime = 2;
}

message Event {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  optional ObjectReference involvedObject = 2;
  optional string reason = 3;
  optional string message = 4;
  optional EventSource source = 5;
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time firstTimestamp = 6;
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time lastTimestamp = 7;
  optional int32 count = 8;
  optional string type = 9;
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime eventTime = 10;
  optional EventSeries series = 11 [(json) = "presence"];
  optional string action = 12;
  optional ObjectReference related = 13 [(json) = "presence"];
  optional string reportingComponent = 14 [(json) = "always"];
  optional string reportingInstance = 15 [(json) = "always"];
}

message ScopedResourceSelectorRequirement {
  optional string scopeName = 1 [(json) = "always"];
  optional string operator = 2 [(json) = "always"];
  repeated string values = 3;
}

message ScopeSelector {
  repeated ScopedResourceSelectorRequirement matchExpressions = 1;
}

message ResourceQuotaSpec {
  map<string, .k8s.io.apimachinery.pkg.api.resource.Quantity> hard = 1;
  repeated string scopes = 2;
  optional ScopeSelector scopeSelector = 3 [(json) = "presence"];
}

message ResourceQuotaStatus {
  map<string, .k8s.io.apimachinery.pkg.api.resource.Quantity> hard = 1;
  map<string, .k8s.io.apimachinery.pkg.api.resource.Quantity> used = 2;
}

message ResourceQuota {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  optional ResourceQuotaSpec spec = 2;
  optional ResourceQuotaStatus status = 3;
}
`;

const rbacV1 = `
syntax = "proto2";
package k8s.io.api.rbac.v1;

message PolicyRule {
  repeated string verbs = 1 [(json) = "always"];
  repeated string apiGroups = 2;
  repeated string resources = 3;
  repeated string resourceNames = 4;
  repeated string nonResourceURLs = 5;
}

message Subject {
  optional string kind = 1 [(json) = "always"];
  optional string apiGroup = 2;
  optional string name = 3 [(json) = "always"];
  optional string namespace = 4;
}

message RoleRef {
  optional string apiGroup = 1 [(json) = "always"];
  optional string kind = 2 [(json) = "always"];
  optional string name = 3 [(json) = "always"];
}

message AggregationRule {
  repeated .k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelector clusterRoleSelectors = 1;
}

message Role {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  repeated PolicyRule rules = 2 [(json) = "always"];
}

message ClusterRole {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  repeated PolicyRule rules = 2 [(json) = "always"];
  optional AggregationRule aggregationRule = 3 [(json) = "presence"];
}

message RoleBinding {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  repeated Subject subjects = 2;
  optional RoleRef roleRef = 3;
}

message ClusterRoleBinding {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  repeated Subject subjects = 2;
  optional RoleRef roleRef = 3;
}
`;

const coordinationV1 = `
syntax = "proto2";
package k8s.io.api.coordination.v1;

// Every spec field is a Go pointer.
message LeaseSpec {
  optional string holderIdentity = 1 [(json) = "presence"];
  optional int32 leaseDurationSeconds = 2 [(json) = "presence"];
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime acquireTime = 3 [(json) = "presence"];
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime renewTime = 4 [(json) = "presence"];
  optional int32 leaseTransitions = 5 [(json) = "presence"];
  optional string strategy = 6 [(json) = "presence"];
  optional string preferredHolder = 7 [(json) = "presence"];
}

message Lease {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  optional LeaseSpec spec = 2;
}
`;

// `kubectl certificate approve|deny` writes the whole object to /approval. spec.extra is left
// out: the server replaces the requestor fields with the caller's on create anyway.
const certificatesV1 = `
syntax = "proto2";
package k8s.io.api.certificates.v1;

message CertificateSigningRequestSpec {
  optional bytes request = 1 [(json) = "always"];
  optional string signerName = 7 [(json) = "always"];
  optional int32 expirationSeconds = 8 [(json) = "presence"];
  repeated string usages = 5;
  optional string username = 2;
  optional string uid = 3;
  repeated string groups = 4;
}

message CertificateSigningRequestCondition {
  optional string type = 1 [(json) = "always"];
  optional string status = 6 [(json) = "always"];
  optional string reason = 2;
  optional string message = 3;
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time lastUpdateTime = 4;
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time lastTransitionTime = 5;
}

message CertificateSigningRequestStatus {
  repeated CertificateSigningRequestCondition conditions = 1;
  optional bytes certificate = 2;
}

message CertificateSigningRequest {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  optional CertificateSigningRequestSpec spec = 2;
  optional CertificateSigningRequestStatus status = 3;
}
`;

// Only what clients send: `kubectl auth whoami` posts an empty review (status is the answer,
// computed by the server, so its message is not needed to read requests).
const authenticationV1 = `
syntax = "proto2";
package k8s.io.api.authentication.v1;

message SelfSubjectReview {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
}

// Its Go field is named uID in generated.proto, but only the number is on the wire; the name
// here is the JSON name, uid.
message BoundObjectReference {
  optional string kind = 1;
  optional string apiVersion = 2;
  optional string name = 3;
  optional string uid = 4;
}

// kubectl create token. audiences has no omitempty; expirationSeconds and boundObjectRef are
// Go pointers.
message TokenRequestSpec {
  repeated string audiences = 1 [(json) = "always"];
  optional int64 expirationSeconds = 4 [(json) = "presence"];
  optional BoundObjectReference boundObjectRef = 3 [(json) = "presence"];
}

message TokenRequest {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  optional TokenRequestSpec spec = 2;
}
`;

// `kubectl auth can-i` posts SelfSubjectAccessReviews, `can-i --list` SelfSubjectRulesReviews.
// SubjectAccessReview's map<string, ExtraValue> has a JSON form (a plain list) this decoder does
// not produce, so (Local)SubjectAccessReviews are read from JSON only.
const authorizationV1 = `
syntax = "proto2";
package k8s.io.api.authorization.v1;

message ResourceAttributes {
  optional string namespace = 1;
  optional string verb = 2;
  optional string group = 3;
  optional string version = 4;
  optional string resource = 5;
  optional string subresource = 6;
  optional string name = 7;
}

message NonResourceAttributes {
  optional string path = 1;
  optional string verb = 2;
}

message SelfSubjectAccessReviewSpec {
  optional ResourceAttributes resourceAttributes = 1 [(json) = "presence"];
  optional NonResourceAttributes nonResourceAttributes = 2 [(json) = "presence"];
}

message SelfSubjectAccessReview {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  optional SelfSubjectAccessReviewSpec spec = 2;
}

message SelfSubjectRulesReviewSpec {
  optional string namespace = 1;
}

message SelfSubjectRulesReview {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  optional SelfSubjectRulesReviewSpec spec = 2;
}
`;

/** One proto file per package: protobufjs takes a single `package` per parsed text. */
export const k8sProtoSources: readonly string[] = [
  runtime,
  resource,
  metaV1,
  coreV1,
  rbacV1,
  coordinationV1,
  certificatesV1,
  authenticationV1,
  authorizationV1,
];

let root: protobuf.Root | undefined;

/** The parsed, resolved schema. Built on first use: most requests are JSON and never need it. */
export function k8sProtoRoot(): protobuf.Root {
  if (!root) {
    const r = new protobuf.Root();
    for (const text of k8sProtoSources) protobuf.parse(text, r, { keepCase: true });
    r.resolveAll(); // fails here, not mid-request, if a type name is wrong
    root = r;
  }
  return root;
}

/** A message type by its full name without the leading dot, e.g. `k8s.io.api.core.v1.ConfigMap`. */
export function k8sMessageType(fullName: string): protobuf.Type {
  return k8sProtoRoot().lookupType(fullName);
}
