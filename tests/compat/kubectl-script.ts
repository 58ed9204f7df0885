// The kubectl script of issue 6 as data: what a user types, in order, against one fresh
// workspace, and what kubectl must print. Every expectation was taken from kubectl 1.32 against
// a real kcp (v0.32, Kubernetes 1.36) and holds there unchanged (see kubectl-script.test.ts:
// KH_KUBECTL_SCRIPT_KUBECONFIG runs the same script against any endpoint).

export interface ScriptStep {
  title: string;
  args: string[];
  stdin?: string;
  /** Expected exit code (default 0). 'killed' for a bounded watch that is stopped at `watchMs`. */
  code?: number | 'killed';
  /** Each must match stdout. */
  stdout?: RegExp[];
  /** Each must match stderr. */
  stderr?: RegExp[];
  /** A watch: kill kubectl after this many ms; `during` runs meanwhile (after `startAfterMs`). */
  watchMs?: number;
  during?: { startAfterMs: number; args: string[] };
  /** Retry until the expectations hold (eventual consistency: GC, CRD establishment). */
  eventually?: boolean;
}

const configMap = (data: string): string => `apiVersion: v1
kind: ConfigMap
metadata:
  name: kh-app
  namespace: default
  labels: {app: kh}
data:
  a: "${data}"
`;

const applied = (manager: string, owner: string): string => `apiVersion: v1
kind: ConfigMap
metadata:
  name: kh-ssa
  namespace: default
data:
  owner: ${owner}
  ${manager}: "yes"
`;

const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.kh.example.com
spec:
  group: kh.example.com
  names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wdg]}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    subresources: {status: {}}
    additionalPrinterColumns:
    - {name: Size, type: integer, jsonPath: .spec.size}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              size: {type: integer, minimum: 1}
              color: {type: string, default: blue}
`;

const widget = (name: string, spec: string): string => `apiVersion: kh.example.com/v1
kind: Widget
metadata: {name: ${name}, namespace: default}
spec: ${spec}
`;

// What `kubectl get -o yaml` writes for several objects. kubectl cannot leave a List to
// server-side validation, so it validates the items itself against /openapi/v2, which it
// fetches in protobuf only.
const list = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: kh-list-cm, namespace: default}
  data: {k: v}
- apiVersion: v1
  kind: Secret
  metadata: {name: kh-list-secret, namespace: default}
  type: Opaque
  data: {k: dg==}
`;

/** Stands for the uid of ConfigMap kh-owner; the test reads it when a step's stdin needs it. */
export const OWNER_UID = '@OWNER_UID@';

const dependent = `apiVersion: v1
kind: ConfigMap
metadata:
  name: kh-dependent
  namespace: default
  ownerReferences:
  - {apiVersion: v1, kind: ConfigMap, name: kh-owner, uid: "${OWNER_UID}", blockOwnerDeletion: true}
data: {x: "1"}
`;

export const kubectlScript: readonly ScriptStep[] = [
  {
    title: 'api-resources lists the served types',
    args: ['api-resources', '--no-headers'],
    stdout: [
      /^configmaps\s+cm\s+v1\s+true\s+ConfigMap$/m,
      /^customresourcedefinitions\s+crd,crds\s/m,
      /^leases\s/m,
    ],
  },
  {
    title: 'apply (client-side) creates',
    args: ['apply', '-f', '-'],
    stdin: configMap('1'),
    stdout: [/^configmap\/kh-app created$/m],
  },
  {
    title: 'apply again is unchanged',
    args: ['apply', '-f', '-'],
    stdin: configMap('1'),
    stdout: [/^configmap\/kh-app unchanged$/m],
  },
  {
    title: 'apply a change configures',
    args: ['apply', '-f', '-'],
    stdin: configMap('2'),
    stdout: [/^configmap\/kh-app configured$/m],
  },
  {
    title: 'apply --server-side as alice',
    args: ['apply', '--server-side', '--field-manager=alice', '-f', '-'],
    stdin: applied('alice', 'alice'),
    stdout: [/^configmap\/kh-ssa serverside-applied$/m],
  },
  {
    title: 'apply --server-side as bob conflicts on the field alice owns',
    args: ['apply', '--server-side', '--field-manager=bob', '-f', '-'],
    stdin: applied('bob', 'bob'),
    code: 1,
    stderr: [/Apply failed with 1 conflict: conflict with "alice": \.data\.owner/],
  },
  {
    title: 'apply --server-side --force-conflicts takes the field',
    args: ['apply', '--server-side', '--field-manager=bob', '--force-conflicts', '-f', '-'],
    stdin: applied('bob', 'bob'),
    stdout: [/^configmap\/kh-ssa serverside-applied$/m],
  },
  {
    title: 'managedFields name both managers',
    args: [
      'get',
      'cm',
      'kh-ssa',
      '-o',
      'jsonpath={range .metadata.managedFields[*]}{.manager}/{.operation}{"\\n"}{end}',
    ],
    stdout: [/^alice\/Apply$/m, /^bob\/Apply$/m],
  },
  {
    title: 'patch --type merge',
    args: ['patch', 'cm', 'kh-app', '--type', 'merge', '-p', '{"data":{"m":"merge"}}'],
    stdout: [/^configmap\/kh-app patched$/m],
  },
  {
    title: 'patch --type json',
    args: ['patch', 'cm', 'kh-app', '--type', 'json', '-p', '[{"op":"add","path":"/data/j","value":"json"}]'],
    stdout: [/^configmap\/kh-app patched$/m],
  },
  {
    title: 'patch --type strategic',
    args: ['patch', 'cm', 'kh-app', '--type', 'strategic', '-p', '{"data":{"s":"smp"}}'],
    stdout: [/^configmap\/kh-app patched$/m],
  },
  {
    title: 'get -o json shows every patch',
    args: ['get', 'cm', 'kh-app', '-o', 'json'],
    stdout: [/"a": "2"/, /"m": "merge"/, /"j": "json"/, /"s": "smp"/, /"kind": "ConfigMap"/],
  },
  {
    title: 'get -o yaml',
    args: ['get', 'cm', 'kh-app', '-o', 'yaml'],
    stdout: [/^kind: ConfigMap$/m, /^ {2}name: kh-app$/m, /^ {4}app: kh$/m],
  },
  {
    title: 'get -o wide',
    args: ['get', 'cm', 'kh-app', '-o', 'wide'],
    stdout: [/^NAME\s+DATA\s+AGE$/m, /^kh-app\s+4\s+\d+s$/m],
  },
  {
    title: 'get -l selects by label',
    args: ['get', 'cm', '-l', 'app=kh', '--no-headers'],
    stdout: [/^kh-app\s+4\s/m],
  },
  {
    title: 'get --field-selector selects by name',
    args: ['get', 'cm', '--field-selector', 'metadata.name=kh-ssa', '--no-headers', '-o', 'name'],
    stdout: [/^configmap\/kh-ssa\n$/],
  },
  {
    title: 'explain reads the OpenAPI document',
    args: ['explain', 'configmap.data'],
    stdout: [/^KIND:\s+ConfigMap$/m, /^VERSION:\s+v1$/m, /^FIELD: data <map\[string\]string>$/m],
  },
  {
    title: 'create -f a List (kubectl validates its items against /openapi/v2 in protobuf)',
    args: ['create', '-f', '-'],
    stdin: list,
    stdout: [/^configmap\/kh-list-cm created$/m, /^secret\/kh-list-secret created$/m],
  },
  {
    title: 'apply -f the same List adopts both objects',
    args: ['apply', '-f', '-'],
    stdin: list,
    stdout: [/^configmap\/kh-list-cm configured$/m, /^secret\/kh-list-secret configured$/m],
    stderr: [/missing the kubectl\.kubernetes\.io\/last-applied-configuration annotation/],
  },
  {
    title: 'apply -f the List again is unchanged',
    args: ['apply', '-f', '-'],
    stdin: list,
    stdout: [/^configmap\/kh-list-cm unchanged$/m, /^secret\/kh-list-secret unchanged$/m],
  },
  {
    title: 'explain --output plaintext-openapiv2 reads /openapi/v2',
    args: ['explain', 'configmap', '--output', 'plaintext-openapiv2'],
    stdout: [/^KIND:\s+ConfigMap$/m, /^VERSION:\s+v1$/m, /^FIELDS:$/m, /^ {3}data\t<map\[string\]string>$/m],
  },
  {
    title: 'an owner for the cascade',
    args: ['create', 'configmap', 'kh-owner', '--from-literal=k=v'],
    stdout: [/^configmap\/kh-owner created$/m],
  },
  {
    title: 'its dependent (ownerReferences with the owner uid)',
    args: ['apply', '-f', '-'],
    stdin: dependent,
    stdout: [/^configmap\/kh-dependent created$/m],
  },
  {
    title: 'delete --cascade=foreground',
    args: ['delete', 'cm', 'kh-owner', '--cascade=foreground'],
    stdout: [/^configmap "kh-owner" deleted$/m],
  },
  {
    title: 'the dependent is gone',
    args: ['get', 'cm', 'kh-dependent'],
    code: 1,
    stderr: [/NotFound.*configmaps "kh-dependent" not found/],
    eventually: true,
  },
  {
    title: 'a CRD',
    args: ['apply', '-f', '-'],
    stdin: crd,
    stdout: [/^customresourcedefinition\.apiextensions\.k8s\.io\/widgets\.kh\.example\.com created$/m],
  },
  {
    title: 'the CRD becomes established',
    args: ['wait', '--for', 'condition=established', 'crd/widgets.kh.example.com', '--timeout=30s'],
    stdout: [/condition met/],
  },
  {
    title: 'a custom object (apply validates strictly: an unknown field is refused)',
    args: ['apply', '-f', '-'],
    stdin: widget('w1', '{size: 3, extra: dropped}'),
    code: 1,
    stderr: [
      /Widget in version "v1" cannot be handled as a Widget: strict decoding error: unknown field "spec.extra"/,
    ],
    eventually: true,
  },
  {
    title: 'create --validate=false prunes the unknown field and defaults the missing one',
    args: ['create', '--validate=false', '-f', '-'],
    stdin: widget('w1', '{size: 3, extra: dropped}'),
    stdout: [/^widget\.kh\.example\.com\/w1 created$/m],
  },
  {
    title: 'the stored object is pruned and defaulted',
    args: ['get', 'wdg', 'w1', '-o', 'jsonpath={.spec}'],
    stdout: [/^\{"color":"blue","size":3\}$/],
  },
  {
    title: 'schema validation refuses size 0',
    args: ['apply', '-f', '-'],
    stdin: widget('w2', '{size: 0}'),
    code: 1,
    stderr: [
      /The Widget "w2" is invalid: spec\.size: Invalid value: 0: spec\.size in body should be greater than or equal to 1/,
    ],
  },
  {
    title: 'patch the custom object',
    args: ['patch', 'widget', 'w1', '--type', 'merge', '-p', '{"spec":{"size":5}}'],
    stdout: [/^widget\.kh\.example\.com\/w1 patched$/m],
  },
  {
    title: 'printer columns of the CRD',
    args: ['get', 'widgets'],
    stdout: [/^NAME\s+SIZE$/m, /^w1\s+5$/m],
  },
  {
    title: 'explain a custom type',
    args: ['explain', 'widget.spec'],
    stdout: [/^KIND:\s+Widget$/m, /^FIELD: spec <Object>$/m, /^ {2}color\t<string>$/m],
  },
  {
    title: 'get -w shows a configmap created while it watches (bounded)',
    args: ['get', 'cm', '-w', '--output-watch-events'],
    watchMs: 4_000,
    during: { startAfterMs: 1_500, args: ['create', 'configmap', 'kh-watched', '--from-literal=a=b'] },
    code: 'killed',
    stdout: [/^EVENT\s+NAME\s+DATA\s+AGE$/m, /^ADDED\s+kh-app\s/m, /^ADDED\s+kh-watched\s+1\s/m],
  },
  {
    title: 'delete the CRD',
    args: ['delete', 'crd', 'widgets.kh.example.com'],
    stdout: [/deleted/],
  },
  {
    // The CRD goes only after its cleanup finalizer deleted every object of it.
    title: 'the CRD is gone once its objects are',
    args: ['get', 'crd', 'widgets.kh.example.com'],
    code: 1,
    stderr: [/NotFound.*"widgets\.kh\.example\.com" not found/],
    eventually: true,
  },
];
