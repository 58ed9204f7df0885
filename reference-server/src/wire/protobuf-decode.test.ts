import { expect } from 'chai';
import { k8sMessageType, k8sProtoRoot } from './k8s-proto-schema.js';
import { kubectlAvailable, kubectlPath, runKubectlAgainstCapture } from './kubectl-capture.js';
import { decodeProtobufBody, isProtobufContentType, ProtobufDecodeError } from './protobuf-decode.js';

const core = 'k8s.io.api.core.v1';
const meta = 'k8s.io.apimachinery.pkg.apis.meta.v1';
const magic = Buffer.from('k8s\0', 'latin1');

/** A body as a Go client frames it: prefix, then an Unknown around the object's own bytes. */
function frame(apiVersion: string, kind: string, typeName: string, object: Record<string, unknown>): Buffer {
  const raw = k8sMessageType(typeName).encode(object).finish();
  return envelope({ typeMeta: { apiVersion, kind }, raw, contentEncoding: '', contentType: '' });
}

function envelope(unknown: Record<string, unknown>): Buffer {
  const bytes = k8sMessageType('k8s.io.apimachinery.pkg.runtime.Unknown').encode(unknown).finish();
  return Buffer.concat([magic, bytes]);
}

/** ObjectMeta as Go writes it: every non-pointer field on the wire, empty or not. */
function goMeta(fields: Record<string, unknown>): Record<string, unknown> {
  const empty = { name: '', generateName: '', namespace: '', selfLink: '', uid: '', resourceVersion: '' };
  return { ...empty, generation: 0, creationTimestamp: {}, ...fields };
}

function decodeError(body: Buffer): ProtobufDecodeError {
  try {
    decodeProtobufBody(body);
  } catch (e) {
    expect(e).to.be.instanceOf(ProtobufDecodeError);
    return e as ProtobufDecodeError;
  }
  throw new Error('expected decodeProtobufBody to throw');
}

describe('wire: isProtobufContentType', () => {
  it('matches the Kubernetes protobuf media type, parameters and case aside', () => {
    expect(isProtobufContentType('application/vnd.kubernetes.protobuf')).to.equal(true);
    expect(isProtobufContentType('Application/VND.Kubernetes.Protobuf; charset=binary')).to.equal(true);
    expect(isProtobufContentType('application/json')).to.equal(false);
    expect(isProtobufContentType('application/vnd.kubernetes.protobuf+json')).to.equal(false);
    expect(isProtobufContentType('')).to.equal(false);
  });
});

describe('wire: decodeProtobufBody', () => {
  it('builds the schema once, on first use', () => {
    expect(k8sProtoRoot()).to.equal(k8sProtoRoot());
  });

  it('decodes a ConfigMap with labels, annotations, data, binaryData and immutable', () => {
    const body = frame('v1', 'ConfigMap', `${core}.ConfigMap`, {
      metadata: goMeta({
        name: 'cm',
        namespace: 'ns1',
        labels: { app: 'x', tier: 'web' },
        annotations: { note: 'hello' },
      }),
      data: { 'a.txt': 'one', b: '' },
      binaryData: { bin: Buffer.from([0, 1, 2, 255]) },
      immutable: true,
    });
    const decoded = decodeProtobufBody(body);
    expect(decoded.apiVersion).to.equal('v1');
    expect(decoded.kind).to.equal('ConfigMap');
    expect(decoded.object).to.deep.equal({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'cm',
        namespace: 'ns1',
        labels: { app: 'x', tier: 'web' },
        annotations: { note: 'hello' },
      },
      data: { 'a.txt': 'one', b: '' },
      binaryData: { bin: 'AAEC/w==' },
      immutable: true,
    });
  });

  it('keeps immutable: false (a pointer) and leaves it out when absent', () => {
    const set = frame('v1', 'ConfigMap', `${core}.ConfigMap`, {
      metadata: goMeta({ name: 'a' }),
      immutable: false,
    });
    expect(decodeProtobufBody(set).object).to.have.property('immutable', false);
    const unset = frame('v1', 'ConfigMap', `${core}.ConfigMap`, { metadata: goMeta({ name: 'a' }) });
    expect(decodeProtobufBody(unset).object).to.deep.equal({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'a' },
    });
  });

  it('decodes a Namespace, writing spec and status as objects like Go does', () => {
    const bare = frame('v1', 'Namespace', `${core}.Namespace`, { metadata: goMeta({ name: 'team-a' }) });
    expect(decodeProtobufBody(bare).object).to.deep.equal({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team-a' },
      spec: {},
      status: {},
    });

    const full = frame('v1', 'Namespace', `${core}.Namespace`, {
      metadata: goMeta({ name: 'team-b', creationTimestamp: { seconds: 1700000000, nanos: 999 } }),
      spec: { finalizers: ['kubernetes'] },
      status: {
        phase: 'Terminating',
        conditions: [
          {
            type: 'NamespaceDeletionContentFailure',
            status: 'False',
            lastTransitionTime: { seconds: 86400 },
          },
        ],
      },
    });
    expect(decodeProtobufBody(full).object).to.deep.equal({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team-b', creationTimestamp: '2023-11-14T22:13:20Z' },
      spec: { finalizers: ['kubernetes'] },
      status: {
        phase: 'Terminating',
        conditions: [
          {
            type: 'NamespaceDeletionContentFailure',
            status: 'False',
            lastTransitionTime: '1970-01-02T00:00:00Z',
          },
        ],
      },
    });
  });

  it('decodes a Secret with type, data as base64 and stringData', () => {
    const body = frame('v1', 'Secret', `${core}.Secret`, {
      metadata: goMeta({ name: 's', namespace: 'default' }),
      type: 'kubernetes.io/basic-auth',
      data: { username: Buffer.from('admin'), password: Buffer.from('p@ss\n') },
      stringData: { extra: 'plain' },
    });
    expect(decodeProtobufBody(body).object).to.deep.equal({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's', namespace: 'default' },
      type: 'kubernetes.io/basic-auth',
      data: { username: 'YWRtaW4=', password: 'cEBzcwo=' },
      stringData: { extra: 'plain' },
    });
  });

  it('decodes DeleteOptions with preconditions and propagationPolicy under any group version', () => {
    const options = {
      gracePeriodSeconds: 0,
      preconditions: { uid: 'u-1', resourceVersion: '42' },
      propagationPolicy: 'Foreground',
      dryRun: ['All'],
    };
    const expected = {
      gracePeriodSeconds: 0,
      preconditions: { uid: 'u-1', resourceVersion: '42' },
      propagationPolicy: 'Foreground',
      dryRun: ['All'],
    };
    for (const apiVersion of ['v1', 'meta.k8s.io/v1', 'rbac.authorization.k8s.io/v1']) {
      const body = frame(apiVersion, 'DeleteOptions', `${meta}.DeleteOptions`, options);
      expect(decodeProtobufBody(body).object).to.deep.equal({
        apiVersion,
        kind: 'DeleteOptions',
        ...expected,
      });
    }
    const empty = frame('v1', 'DeleteOptions', `${meta}.DeleteOptions`, { preconditions: {} });
    expect(decodeProtobufBody(empty).object).to.deep.equal({
      apiVersion: 'v1',
      kind: 'DeleteOptions',
      preconditions: {},
    });
  });

  it('decodes owner references, managed fields and int64 metadata', () => {
    const body = frame('v1', 'ConfigMap', `${core}.ConfigMap`, {
      metadata: goMeta({
        name: 'owned',
        generation: 3,
        deletionGracePeriodSeconds: 0,
        deletionTimestamp: { seconds: 1 },
        finalizers: ['example.com/f'],
        ownerReferences: [
          { apiVersion: 'v1', kind: 'Namespace', name: 'ns', uid: '', controller: false },
          { apiVersion: 'v1', kind: 'ConfigMap', name: 'p', uid: 'u' },
        ],
        managedFields: [
          {
            manager: 'kubectl',
            operation: 'Update',
            apiVersion: 'v1',
            time: { seconds: 1700000000 },
            fieldsType: 'FieldsV1',
            fieldsV1: { Raw: Buffer.from('{"f:data":{"f:k":{}}}') },
            subresource: '',
          },
        ],
      }),
    });
    expect(decodeProtobufBody(body).object.metadata).to.deep.equal({
      name: 'owned',
      generation: 3,
      deletionTimestamp: '1970-01-01T00:00:01Z',
      deletionGracePeriodSeconds: 0,
      finalizers: ['example.com/f'],
      ownerReferences: [
        { apiVersion: 'v1', kind: 'Namespace', name: 'ns', uid: '', controller: false },
        { apiVersion: 'v1', kind: 'ConfigMap', name: 'p', uid: 'u' },
      ],
      managedFields: [
        {
          manager: 'kubectl',
          operation: 'Update',
          apiVersion: 'v1',
          time: '2023-11-14T22:13:20Z',
          fieldsType: 'FieldsV1',
          fieldsV1: { 'f:data': { 'f:k': {} } },
        },
      ],
    });
  });

  it('decodes a Lease, MicroTime to six fractional digits', () => {
    const body = frame('coordination.k8s.io/v1', 'Lease', 'k8s.io.api.coordination.v1.Lease', {
      metadata: goMeta({ name: 'leader', namespace: 'kube-system' }),
      spec: {
        holderIdentity: 'node-1',
        leaseDurationSeconds: 15,
        renewTime: { seconds: 1700000000, nanos: 123456789 },
        acquireTime: { seconds: 1700000000, nanos: 0 },
        leaseTransitions: 0,
      },
    });
    expect(decodeProtobufBody(body).object).to.deep.equal({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'leader', namespace: 'kube-system' },
      spec: {
        holderIdentity: 'node-1',
        leaseDurationSeconds: 15,
        acquireTime: '2023-11-14T22:13:20.000000Z',
        renewTime: '2023-11-14T22:13:20.123456Z',
        leaseTransitions: 0,
      },
    });
  });

  it('writes RBAC fields without omitempty even when empty', () => {
    const body = frame('rbac.authorization.k8s.io/v1', 'RoleBinding', 'k8s.io.api.rbac.v1.RoleBinding', {
      metadata: goMeta({ name: 'rb', namespace: 'ns' }),
      subjects: [{ kind: 'ServiceAccount', apiGroup: '', name: 'default', namespace: 'ns' }],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' },
    });
    expect(decodeProtobufBody(body).object).to.deep.equal({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'rb', namespace: 'ns' },
      subjects: [{ kind: 'ServiceAccount', name: 'default', namespace: 'ns' }],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' },
    });
    const role = frame('rbac.authorization.k8s.io/v1', 'Role', 'k8s.io.api.rbac.v1.Role', {
      metadata: goMeta({ name: 'r' }),
      rules: [{ apiGroups: [''], resources: ['pods'] }],
    });
    expect(decodeProtobufBody(role).object.rules).to.deep.equal([
      { verbs: null, apiGroups: [''], resources: ['pods'] },
    ]);
  });

  it('decodes ResourceQuota quantities as strings', () => {
    const body = frame('v1', 'ResourceQuota', `${core}.ResourceQuota`, {
      metadata: goMeta({ name: 'q' }),
      spec: { hard: { pods: { string: '10' }, 'requests.memory': { string: '1Gi' } } },
    });
    expect(decodeProtobufBody(body).object).to.deep.equal({
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'q' },
      spec: { hard: { pods: '10', 'requests.memory': '1Gi' } },
      status: {},
    });
  });

  it('takes apiVersion and kind from defaults when the envelope leaves them empty', () => {
    const raw = k8sMessageType(`${core}.ConfigMap`)
      .encode({ metadata: goMeta({ name: 'd' }) })
      .finish();
    const body = envelope({ typeMeta: { apiVersion: '', kind: '' }, raw });
    expect(decodeProtobufBody(body, { apiVersion: 'v1', kind: 'ConfigMap' }).object).to.deep.equal({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'd' },
    });
    expect(decodeError(body).reason).to.equal('Malformed');
  });

  it('skips fields it does not know, as from a newer client', () => {
    const known = k8sMessageType(`${core}.ConfigMap`)
      .encode({ metadata: goMeta({ name: 'n' }) })
      .finish();
    const extra = Buffer.from([0xa2, 0x06, 0x03, 0x61, 0x62, 0x63]); // field 100, bytes "abc"
    const raw = Buffer.concat([known, extra]);
    const body = envelope({ typeMeta: { apiVersion: 'v1', kind: 'ConfigMap' }, raw });
    expect(decodeProtobufBody(body).object).to.deep.equal({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'n' },
    });
  });

  it('refuses kinds it has no schema for with UnsupportedKind (415)', () => {
    for (const [apiVersion, kind] of [
      ['v1', 'Pod'],
      ['apps/v1', 'ConfigMap'],
      ['v1', 'constructor'],
      ['v1', 'toString'],
    ] as const) {
      const e = decodeError(envelope({ typeMeta: { apiVersion, kind }, raw: new Uint8Array(0) }));
      expect(e.reason).to.equal('UnsupportedKind');
      expect(e.code).to.equal(415);
      expect(e.gvk).to.deep.equal({ apiVersion, kind });
    }
  });

  it('refuses malformed bodies with Malformed (400)', () => {
    const good = frame('v1', 'ConfigMap', `${core}.ConfigMap`, {
      metadata: goMeta({ name: 'x' }),
      data: { k: 'v' },
    });
    const bodies = [
      Buffer.alloc(0),
      Buffer.from('{"kind":"ConfigMap"}'),
      Buffer.from('k8s\x01', 'latin1'), // an encoding byte we do not know
      magic,
      good.subarray(0, good.length - 3), // truncated
      Buffer.concat([magic, Buffer.from([0x0f])]), // wire type 7 does not exist
      frame('v1', 'ConfigMap', `${core}.ConfigMap`, {
        metadata: goMeta({ managedFields: [{ fieldsV1: { Raw: Buffer.from('{not json') } }] }),
      }),
    ];
    for (const body of bodies) {
      const e = decodeError(body);
      expect(e.reason, body.toString('hex')).to.equal('Malformed');
      expect(e.code).to.equal(400);
    }
  });
});

describe('wire: bodies from a real kubectl', function () {
  before(function () {
    if (kubectlAvailable()) return;
    // CI must prove the decoder against a real client; a laptop without kubectl may skip.
    if (process.env.CI === 'true') throw new Error(`kubectl not found at ${kubectlPath}`);
    this.skip();
  });

  /** Runs kubectl, answering its write with the JSON we decoded from it (or the decode error). */
  async function capture(args: string[]): Promise<{ decoded: Record<string, unknown>; stdout: string }> {
    const run = await runKubectlAgainstCapture(args, (write) => {
      try {
        return { code: 201, body: decodeProtobufBody(write.body).object };
      } catch (e) {
        return {
          code: 415,
          body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: String(e) },
        };
      }
    });
    expect(run.write, run.stderr).to.not.equal(undefined);
    expect(run.write!.method).to.equal('POST');
    expect(isProtobufContentType(run.write!.contentType), run.write!.contentType).to.equal(true);
    expect(run.write!.accept).to.include('application/json');
    expect(run.exitCode, run.stderr).to.equal(0);
    return { decoded: decodeProtobufBody(run.write!.body).object, stdout: run.stdout };
  }

  it('decodes `kubectl create configmap` and kubectl accepts the JSON answer', async () => {
    const { decoded, stdout } = await capture([
      'create',
      'configmap',
      'probe',
      '--from-literal=k=v',
      '--from-literal=other=two words',
      '-n',
      'default',
    ]);
    expect(decoded).to.deep.equal({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'probe', namespace: 'default' },
      data: { k: 'v', other: 'two words' },
    });
    expect(stdout.trim()).to.equal('configmap/probe created');
  });

  // The strongest check: what kubectl sends as protobuf, decoded, equals what the same
  // command would send as JSON, as shown by its own client-side dry run.
  const parityCommands = [
    ['create', 'secret', 'generic', 's1', '--from-literal=a=b', '--type=Opaque', '-n', 'default'],
    ['create', 'serviceaccount', 'sa1', '-n', 'default'],
    ['create', 'role', 'r1', '--verb=get,list', '--resource=configmaps', '-n', 'default'],
    ['create', 'clusterrole', 'cr1', '--verb=get', '--non-resource-url=/healthz'],
    ['create', 'rolebinding', 'rb1', '--role=r1', '--serviceaccount=default:sa1', '-n', 'default'],
    ['create', 'clusterrolebinding', 'crb1', '--clusterrole=view', '--user=alice', '--group=devs'],
    [
      'create',
      'quota',
      'q1',
      '--hard=pods=2,requests.memory=1Gi',
      '--scopes=NotTerminating',
      '-n',
      'default',
    ],
  ];
  for (const args of parityCommands) {
    it(`decodes \`kubectl ${args.slice(0, 2).join(' ')}\` to what its JSON dry run prints`, async () => {
      const dry = await runKubectlAgainstCapture([...args, '--dry-run=client', '-o', 'json'], () => ({
        code: 500,
        body: {},
      }));
      expect(dry.exitCode, dry.stderr).to.equal(0);
      const expected = JSON.parse(dry.stdout) as { metadata: Record<string, unknown> };
      // Go of kubectl's vintage writes the zero creationTimestamp as null; we leave it out.
      expect(expected.metadata.creationTimestamp).to.equal(null);
      delete expected.metadata.creationTimestamp;
      const { decoded } = await capture(args);
      expect(decoded).to.deep.equal(expected);
    });
  }

  it('decodes `kubectl create namespace`', async () => {
    const { decoded, stdout } = await capture(['create', 'namespace', 'probe']);
    expect(decoded).to.deep.equal({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'probe' },
      spec: {},
      status: {},
    });
    expect(stdout.trim()).to.equal('namespace/probe created');
  });
});
