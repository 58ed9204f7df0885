// Events (both APIs), ResourceQuotas, CertificateSigningRequests and admissionregistration.k8s.io
// on the reference server over HTTPS. Expected answers are what kcp answered for the same
// requests (see the task report).
import { expect } from 'chai';
import type { ClusterClient } from '../../suites/framework/http/client.js';
import { startServerWithClients, type ServerWithClients } from '../support/server-with-clients.js';

type Obj = Record<string, unknown> & {
  metadata: { name: string; namespace?: string; generation?: number; resourceVersion?: string };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
};
interface Table {
  columnDefinitions: { name: string; priority: number }[];
  rows: { cells: unknown[] }[];
}
interface Invalid {
  message: string;
  details: { causes: { field: string; message: string }[] };
}

const tableAccept = { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' };
const coreEvents = '/api/v1/namespaces/default/events';
const v1Events = '/apis/events.k8s.io/v1/namespaces/default/events';
const quotas = '/api/v1/namespaces/default/resourcequotas';
const csrs = '/apis/certificates.k8s.io/v1/certificatesigningrequests';
const admission = '/apis/admissionregistration.k8s.io/v1';

// A syntactically valid PEM CSR (the server checks the PEM block, not the signature).
const csrRequest = Buffer.from(
  '-----BEGIN CERTIFICATE REQUEST-----\nMIIBAA==\n-----END CERTIFICATE REQUEST-----\n',
).toString('base64');

describe('built-in types: events, quotas, CSRs, admissionregistration', function () {
  this.timeout(60_000);
  let env: ServerWithClients | undefined;
  let client: ClusterClient;

  before(async function () {
    env = await startServerWithClients('builtin-types');
    client = await env.client();
  });
  after(async () => env?.stop());

  const tableOf = async (path: string) => {
    const r = await client.get<Table>(path, { headers: tableAccept });
    expect(r.status, r.text).to.equal(200);
    return r.body;
  };
  const causesOf = (r: { status: number; body: unknown; text: string }) => {
    expect(r.status, r.text).to.equal(422);
    return (r.body as Invalid).details.causes.map((c) => `${c.field}: ${c.message}`);
  };

  describe('Events', () => {
    it('reads a core Event through events.k8s.io/v1 and back, one storage', async () => {
      const created = await client.post<Obj>(coreEvents, {
        metadata: { name: 'ev1' },
        involvedObject: { kind: 'ConfigMap', name: 'cm1', namespace: 'default', fieldPath: 'data' },
        reason: 'Testing',
        message: 'hello',
        source: { component: 'comp', host: 'node1' },
        count: 3,
        type: 'Normal',
        firstTimestamp: '2026-11-21T13:00:00Z',
      });
      expect(created.status, created.text).to.equal(201);
      expect(created.body).to.include({ eventTime: null, lastTimestamp: null, reportingComponent: '' });
      const v1 = await client.get<Obj>(`${v1Events}/ev1`);
      expect(v1.body).to.include({ apiVersion: 'events.k8s.io/v1', note: 'hello', deprecatedCount: 3 });
      expect(v1.body.deprecatedSource).to.deep.equal({ component: 'comp', host: 'node1' });
      expect(v1.body.metadata.resourceVersion).to.equal(created.body.metadata.resourceVersion);

      const written = await client.post<Obj>(v1Events, {
        metadata: { name: 'ev2' },
        eventTime: '2026-11-21T13:00:00.123456Z',
        reportingController: 'example.com/ctl',
        reportingInstance: 'i-1',
        action: 'Create',
        reason: 'Created',
        regarding: { kind: 'ConfigMap', name: 'cm1', namespace: 'default' },
        note: 'from v1',
        type: 'Warning',
      });
      expect(written.status, written.text).to.equal(201);
      const core = await client.get<Obj>(`${coreEvents}/ev2`);
      expect(core.body).to.include({ message: 'from v1', reportingComponent: 'example.com/ctl' });

      const names = async (path: string, fieldSelector: string) =>
        (await client.get<{ items: Obj[] }>(path, { query: { fieldSelector } })).body.items.map(
          (i) => i.metadata.name,
        );
      expect(await names(coreEvents, 'involvedObject.name=cm1')).to.deep.equal(['ev1', 'ev2']);
      expect(await names(coreEvents, 'source=example.com/ctl')).to.deep.equal(['ev2']);
      expect(await names(v1Events, 'regarding.fieldPath=data')).to.deep.equal(['ev1']);
      expect(await names(v1Events, 'reportingController=example.com/ctl')).to.deep.equal(['ev2']);
      const bad = await client.get(v1Events, { query: { fieldSelector: 'involvedObject.name=cm1' } });
      expect(bad.status).to.equal(400);
      expect(bad.text).to.include('field label not supported: involvedObject.name');
    });

    it('validates with the legacy rules on core and the strict rules on events.k8s.io', async () => {
      expect(
        causesOf(
          await client.post(coreEvents, {
            metadata: { name: 'bad' },
            involvedObject: { kind: 'ConfigMap', name: 'cm1', namespace: 'other' },
          }),
        ),
      ).to.deep.equal(['involvedObject.namespace: Invalid value: "other": does not match event.namespace']);
      expect(causesOf(await client.post(v1Events, { metadata: { name: 'bad' } }))).to.deep.equal([
        'eventTime: Required value',
        'type: Invalid value: "": has invalid value: ',
      ]);
    });

    it('prints Tables as kubectl shows them: Last Seen first, Name last at priority 1', async () => {
      const table = await tableOf(coreEvents);
      expect(table.columnDefinitions.map((c) => `${c.name}/${c.priority}`)).to.deep.equal([
        'Last Seen/0',
        'Type/0',
        'Reason/0',
        'Object/0',
        'Subobject/1',
        'Source/1',
        'Message/0',
        'First Seen/1',
        'Count/1',
        'Name/1',
      ]);
      const row = table.rows.find((r) => r.cells[9] === 'ev1')!;
      expect(row.cells.slice(1, 7)).to.deep.equal([
        'Normal',
        'Testing',
        'configmap/cm1',
        'data',
        'comp, node1',
        'hello',
      ]);
      expect(row.cells[8]).to.equal(3);
      expect((await tableOf(v1Events)).rows.map((r) => r.cells[9])).to.deep.equal(['ev1', 'ev2']);
    });
  });

  describe('ResourceQuota', () => {
    it('keeps count/* usage in status and refuses creates beyond it with 403', async () => {
      const created = await client.post<Obj>(quotas, {
        metadata: { name: 'q' },
        spec: { hard: { 'count/configmaps': '2', secrets: '1', cpu: '1.5' } },
      });
      expect(created.status, created.text).to.equal(201);
      expect(created.body.spec).to.deep.equal({
        hard: { 'count/configmaps': '2', cpu: '1500m', secrets: '1' },
      });
      // kube-root-ca.crt is one configmap already.
      let status: Record<string, unknown> | undefined;
      for (let i = 0; i < 50 && !status?.used; i++) {
        status = (await client.get<Obj>(`${quotas}/q`)).body.status;
        if (!status?.used) await new Promise((r) => setTimeout(r, 100));
      }
      expect(status).to.deep.equal({
        hard: { 'count/configmaps': '2', cpu: '1500m', secrets: '1' },
        used: { 'count/configmaps': '1' },
      });
      expect(
        (await client.post('/api/v1/namespaces/default/configmaps', { metadata: { name: 'c1' } })).status,
      ).to.equal(201);
      const refused = await client.post<{ message: string; reason: string }>(
        '/api/v1/namespaces/default/configmaps',
        { metadata: { name: 'c2' } },
      );
      expect(refused.status).to.equal(403);
      expect(refused.body.message).to.equal(
        'configmaps "c2" is forbidden: exceeded quota: q, requested: count/configmaps=1, used: count/configmaps=2, limited: count/configmaps=2',
      );
      // Legacy names are not counted by kcp's quota controller, nor enforced.
      for (const name of ['s1', 's2'])
        expect(
          (await client.post('/api/v1/namespaces/default/secrets', { metadata: { name } })).status,
        ).to.equal(201);
      const table = await tableOf(quotas);
      expect(table.rows[0]!.cells.slice(0, 3)).to.deep.equal([
        'q',
        'count/configmaps: 2/2, cpu: 0/1500m, secrets: 0/1',
        '',
      ]);
    });

    it('validates resource names and quantities', async () => {
      expect(
        causesOf(
          await client.post(quotas, {
            metadata: { name: 'bad' },
            spec: { hard: { configmaps: '-1', foo: '1' } },
          }),
        ),
      ).to.deep.equal([
        'spec.hard[configmaps]: Invalid value: "-1": must be greater than or equal to 0',
        'spec.hard[foo]: Invalid value: "foo": must be a standard resource type or fully qualified',
        'spec.hard[foo]: Invalid value: "foo": must be a standard resource for quota',
      ]);
      const r = await client.post(quotas, { metadata: { name: 'bad' }, spec: { hard: { cpu: 'abc' } } });
      expect(r.status).to.equal(400);
      expect(r.text).to.include('quantities must match the regular expression');
    });
  });

  describe('CertificateSigningRequest', () => {
    it('records the requestor, approves through /approval only, and prints the condition', async () => {
      const created = await client.post<Obj>(csrs, {
        metadata: { name: 'csr1' },
        spec: {
          request: csrRequest,
          signerName: 'example.com/signer',
          usages: ['client auth'],
          username: 'fake',
        },
      });
      expect(created.status, created.text).to.equal(201);
      expect(created.body.spec!.username).to.equal('kcp-admin');
      expect(created.body.status).to.deep.equal({});
      const approved = {
        ...created.body,
        status: { conditions: [{ type: 'Approved', status: 'True', reason: 'Test' }] },
      };
      const viaStatus = await client.put(`${csrs}/csr1/status`, approved);
      expect(causesOf(viaStatus)).to.deep.equal([
        'status.conditions: Forbidden: updates may not add a condition of type "Approved"',
      ]);
      const viaApproval = await client.put<Obj>(`${csrs}/csr1/approval`, approved);
      expect(viaApproval.status, viaApproval.text).to.equal(200);
      const table = await tableOf(csrs);
      expect(table.rows[0]!.cells.slice(2)).to.deep.equal([
        'example.com/signer',
        'kcp-admin',
        '<none>',
        'Approved',
      ]);
      expect(
        causesOf(
          await client.post(csrs, {
            metadata: { name: 'bad' },
            spec: { request: 'aGVsbG8=', usages: ['x'] },
          }),
        ),
      ).to.deep.equal([
        'spec.request: Invalid value: "aGVsbG8=": PEM block type must be CERTIFICATE REQUEST',
        'spec.usages[0]: Unsupported value: "x": supported values: "any", "cert sign", "client auth", "code signing", "content commitment", "crl sign", "data encipherment", "decipher only", "digital signature", "email protection", "encipher only", "ipsec end system", "ipsec tunnel", "ipsec user", "key agreement", "key encipherment", "microsoft sgc", "netscape sgc", "ocsp signing", "s/mime", "server auth", "signing", "timestamping"',
        'spec.signerName: Required value',
      ]);
    });
  });

  describe('admissionregistration.k8s.io', () => {
    it('stores defaulted webhook configurations and policies, with generations and Tables', async () => {
      const hook = await client.post<Obj>(`${admission}/validatingwebhookconfigurations`, {
        metadata: { name: 'v' },
        webhooks: [
          {
            name: 'a.example.com',
            clientConfig: { service: { namespace: 'default', name: 'svc' } },
            sideEffects: 'None',
            admissionReviewVersions: ['v1'],
          },
        ],
      });
      expect(hook.status, hook.text).to.equal(201);
      expect(hook.body.metadata.generation).to.equal(1);
      expect((hook.body.webhooks as Obj[])[0]).to.deep.include({ failurePolicy: 'Fail', timeoutSeconds: 10 });
      expect(
        (await tableOf(`${admission}/validatingwebhookconfigurations`)).rows[0]!.cells.slice(0, 2),
      ).to.deep.equal(['v', 1]);
      const policy = await client.post<Obj>(`${admission}/validatingadmissionpolicies`, {
        metadata: { name: 'p' },
        spec: { matchConstraints: { resourceRules: [] }, validations: [{ expression: 'true' }] },
      });
      expect(policy.status, policy.text).to.equal(201);
      expect(policy.body.status).to.deep.equal({});
      const binding = await client.post<Obj>(`${admission}/validatingadmissionpolicybindings`, {
        metadata: { name: 'b' },
        spec: { policyName: 'p', validationActions: ['Deny'] },
      });
      expect(binding.status, binding.text).to.equal(201);
      expect(
        (await tableOf(`${admission}/validatingadmissionpolicybindings`)).rows[0]!.cells.slice(0, 3),
      ).to.deep.equal(['b', 'p', '<unset>']);
      expect(
        causesOf(
          await client.post(`${admission}/mutatingadmissionpolicybindings`, {
            metadata: { name: 'b' },
            spec: {},
          }),
        ),
      ).to.deep.equal(['spec.policyName: Required value']);
      expect(
        causesOf(
          await client.post(`${admission}/mutatingwebhookconfigurations`, {
            metadata: { name: 'm' },
            webhooks: [
              {
                name: 'a.example.com',
                clientConfig: { url: 'https://x.example.com' },
                sideEffects: 'Some',
                admissionReviewVersions: ['v1'],
              },
            ],
          }),
        ),
      ).to.deep.equal([
        'webhooks[0].sideEffects: Unsupported value: "Some": supported values: "None", "NoneOnDryRun"',
      ]);
    });
  });
});
