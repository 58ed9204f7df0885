// certificates.k8s.io/v1 CertificateSigningRequest, stored and approved but never signed
// (pkg/apis/certificates/validation; strategies in pkg/registry/certificates/certificates). The
// main resource only changes metadata; /approval changes the conditions, /status the status but
// not the Approved/Denied conditions. The requestor (spec.username/uid/groups/extra) is the
// creating user: admission/csr-requestor.ts sets it, since strategies do not see the caller.
// Table by printCertificateSigningRequest: Name, Age, SignerName, Requestor, RequestedDuration,
// Condition.

import { badRequest } from '../../api/status.js';
import type { KubeObject } from '../../api/types.js';
import { ageColumn, humanDuration } from '../columns.js';
import { type FieldError, forbiddenField, invalidValue, required, tooLong } from '../field-errors.js';
import type { ResourceType } from '../resource-type.js';
import { dns1123LabelErrors, dns1123SubdomainErrors } from '../validation.js';
import { decodeGoBase64, notSupported } from './go-compat.js';

type Fields = Record<string, unknown>;

interface Condition {
  type?: string;
  status?: string;
  lastUpdateTime?: string | null;
  lastTransitionTime?: string | null;
}

const isObject = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);
const specOf = (o: KubeObject): Fields => (isObject(o.spec) ? o.spec : {});
const statusOf = (o: KubeObject): Fields => (isObject(o.status) ? o.status : {});
const conditionsOf = (o: KubeObject): Condition[] => {
  const c = statusOf(o).conditions;
  return Array.isArray(c) ? (c as Condition[]) : [];
};

const validUsages = [
  'any',
  'cert sign',
  'client auth',
  'code signing',
  'content commitment',
  'crl sign',
  'data encipherment',
  'decipher only',
  'digital signature',
  'email protection',
  'encipher only',
  'ipsec end system',
  'ipsec tunnel',
  'ipsec user',
  'key agreement',
  'key encipherment',
  'microsoft sgc',
  'netscape sgc',
  'ocsp signing',
  's/mime',
  'server auth',
  'signing',
  'timestamping',
];
const trueOnlyTypes = ['Approved', 'Denied', 'Failed'];

/** The bytes of a []byte field sent as base64; a 400 with Go's message when it is not. */
function bytesOf(v: unknown): Buffer | undefined {
  if (typeof v !== 'string') return undefined;
  const r = decodeGoBase64(v);
  if ('errorAt' in r)
    throw badRequest(
      `CertificateSigningRequest in version "v1" cannot be handled as a CertificateSigningRequest: illegal base64 data at input byte ${r.errorAt}`,
    );
  return r.bytes;
}

/** certificates.ParseCSR's first check: a PEM block of type CERTIFICATE REQUEST. */
function requestError(request: unknown): string | undefined {
  const text = bytesOf(request)?.toString('latin1') ?? '';
  const block = /-----BEGIN ([^-\n]+)-----\r?\n([\s\S]*?)-----END \1-----/.exec(text);
  if (!block || block[1] !== 'CERTIFICATE REQUEST') return 'PEM block type must be CERTIFICATE REQUEST';
  return undefined;
}

/** ValidateSignerName. */
function signerNameErrors(signerName: string): FieldError[] {
  const field = 'spec.signerName';
  if (signerName === '') return [required(field)];
  const segments = signerName.split('/');
  if (segments.length !== 2)
    return [
      invalidValue(
        field,
        signerName,
        "must be a fully qualified domain and path of the form 'example.com/signer-name'",
      ),
    ];
  const [domain, path] = segments as [string, string];
  const out: FieldError[] = [];
  if (domain.length > 253) out.push(tooLong(field, 253));
  const domainLabels = domain.split('.');
  for (const label of domainLabels) {
    const errs = dns1123LabelErrors(label);
    if (errs.length === 0) continue;
    for (const e of errs)
      out.push(invalidValue(field, domain, `validating label ${JSON.stringify(label)}: ${e}`));
    break;
  }
  if (domainLabels.length < 2)
    out.push(invalidValue(field, domain, 'should be a domain with at least two segments separated by dots'));
  for (const label of path.split('.')) {
    const errs = dns1123SubdomainErrors(label);
    if (errs.length === 0) continue;
    for (const e of errs)
      out.push(invalidValue(field, path, `validating label ${JSON.stringify(label)}: ${e}`));
    break;
  }
  const max = 253 + 253 + 63 + 1 + 1;
  if (signerName.length > max) out.push(tooLong(field, max));
  return out;
}

function conditionErrors(obj: KubeObject): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  let approved = false;
  let denied = false;
  conditionsOf(obj).forEach((c, i) => {
    const path = `status.conditions[${i}]`;
    const type = c.type ?? '';
    if (type === '') out.push(required(`${path}.type`));
    const allowed = trueOnlyTypes.includes(type) ? ['True'] : ['False', 'True', 'Unknown'];
    if (!c.status) out.push(required(`${path}.status`));
    else if (!allowed.includes(c.status)) out.push(notSupported(`${path}.status`, c.status, allowed));
    if (type === 'Approved') {
      approved = true;
      if (denied)
        out.push(
          invalidValue('status.conditions', type, 'Approved and Denied conditions are mutually exclusive'),
        );
    }
    if (type === 'Denied') {
      denied = true;
      if (approved)
        out.push(
          invalidValue('status.conditions', type, 'Approved and Denied conditions are mutually exclusive'),
        );
    }
    if (seen.has(type))
      out.push({
        type: 'FieldValueDuplicate',
        field: `${path}.type`,
        detail: `Duplicate value: ${JSON.stringify(type)}`,
      });
    seen.add(type);
  });
  return out;
}

function csrErrors(obj: KubeObject): FieldError[] {
  const spec = specOf(obj);
  const out: FieldError[] = [];
  const problem = requestError(spec.request);
  if (problem) out.push(invalidValue('spec.request', spec.request ?? null, problem));
  const usages = Array.isArray(spec.usages) ? (spec.usages as string[]) : [];
  if (usages.length === 0) out.push(required('spec.usages'));
  usages.forEach((u, i) => {
    if (!validUsages.includes(u)) out.push(notSupported(`spec.usages[${i}]`, u, validUsages));
  });
  usages.forEach((u, i) => {
    if (usages.indexOf(u) !== i)
      out.push({
        type: 'FieldValueDuplicate',
        field: `spec.usages[${i}]`,
        detail: `Duplicate value: ${JSON.stringify(u)}`,
      });
  });
  const signerName = typeof spec.signerName === 'string' ? spec.signerName : '';
  if (signerName === 'kubernetes.io/legacy-unknown')
    out.push(
      invalidValue(
        'spec.signerName',
        signerName,
        'the legacy signerName is not allowed via this API version',
      ),
    );
  else out.push(...signerNameErrors(signerName));
  if (typeof spec.expirationSeconds === 'number' && spec.expirationSeconds < 600)
    out.push(
      invalidValue(
        'spec.expirationSeconds',
        spec.expirationSeconds,
        'may not specify a duration less than 600 seconds (10 minutes)',
      ),
    );
  out.push(...conditionErrors(obj));
  return out;
}

const ofType = (o: KubeObject, type: string) => conditionsOf(o).filter((c) => c.type === type);

/** validateCertificateSigningRequestUpdate's rules on conditions and the certificate. */
function updateErrors(obj: KubeObject, old: KubeObject, allowApproval: boolean): FieldError[] {
  const out = csrErrors(obj);
  for (const t of ['Approved', 'Denied', 'Failed'])
    if (ofType(obj, t).length < ofType(old, t).length)
      out.push(
        forbiddenField(
          'status.conditions',
          `updates may not remove a condition of type ${JSON.stringify(t)}`,
        ),
      );
  if (!allowApproval)
    for (const t of ['Approved', 'Denied']) {
      const before = ofType(old, t);
      const after = ofType(obj, t);
      if (after.length > before.length)
        out.push(
          forbiddenField('status.conditions', `updates may not add a condition of type ${JSON.stringify(t)}`),
        );
      else if (after.length === before.length && JSON.stringify(after) !== JSON.stringify(before))
        out.push(
          forbiddenField(
            'status.conditions',
            `updates may not modify a condition of type ${JSON.stringify(t)}`,
          ),
        );
    }
  // Only /status writes can change the certificate (the other paths keep the stored status).
  const oldCert = statusOf(old).certificate ?? '';
  if (oldCert !== '' && (statusOf(obj).certificate ?? '') !== oldCert)
    out.push(forbiddenField('status.certificate', 'updates may not modify existing certificate content'));
  return out;
}

function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** populateConditionTimestamps: unset times become now, or the transition time already recorded. */
function stampConditions(obj: KubeObject, old: KubeObject): void {
  for (const c of conditionsOf(obj)) {
    if (!c.lastUpdateTime) c.lastUpdateTime = now();
    if (!c.lastTransitionTime) {
      const same = conditionsOf(old).find(
        (o) => o.type === c.type && o.status === c.status && o.lastTransitionTime,
      );
      c.lastTransitionTime = same?.lastTransitionTime ?? now();
    }
  }
}

function statusCell(o: KubeObject): string {
  const types = conditionsOf(o).map((c) => c.type);
  let status = types.includes('Denied') ? 'Denied' : types.includes('Approved') ? 'Approved' : 'Pending';
  if (types.includes('Failed')) status += ',Failed';
  if (statusOf(o).certificate) status += ',Issued';
  return status;
}

export const certificateSigningRequests: ResourceType = {
  group: 'certificates.k8s.io',
  version: 'v1',
  storageVersion: true,
  names: {
    plural: 'certificatesigningrequests',
    singular: 'certificatesigningrequest',
    kind: 'CertificateSigningRequest',
    listKind: 'CertificateSigningRequestList',
    shortNames: ['csr'],
  },
  namespaced: false,
  verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
  subresources: ['approval', 'status'],
  nameValidation: 'PathSegmentName',
  fields: {
    spec: {
      struct: 'CertificateSigningRequestSpec',
      fields: {
        request: 'string',
        signerName: 'string',
        expirationSeconds: 'int32',
        usages: 'stringList',
        username: 'string',
        uid: 'string',
        groups: 'stringList',
        extra: 'object',
      },
    },
    status: {
      struct: 'CertificateSigningRequestStatus',
      fields: { conditions: 'list', certificate: 'string' },
    },
  },
  columns: [
    ageColumn,
    {
      name: 'SignerName',
      type: 'string',
      description:
        'Requested signer for the request. It is a qualified name in the form: `scope-hostname.io/name`. If empty, it will be defaulted:\n 1. If it\'s a kubelet client certificate, it is assigned\n    "kubernetes.io/kube-apiserver-client-kubelet".\n 2. If it\'s a kubelet serving certificate, it is assigned\n    "kubernetes.io/kubelet-serving".\n 3. Otherwise, it is assigned "kubernetes.io/legacy-unknown".\nDistribution of trust for signers happens out of band. You can select on this field using `spec.signerName`.',
      priority: 0,
      cell: (o) => (specOf(o).signerName as string | undefined) || '<none>',
    },
    {
      name: 'Requestor',
      type: 'string',
      description: 'Base64-encoded PKCS#10 CSR data',
      priority: 0,
      cell: (o) => (specOf(o).username as string | undefined) ?? '',
    },
    {
      name: 'RequestedDuration',
      type: 'string',
      description:
        'expirationSeconds is the requested duration of validity of the issued certificate. The certificate signer may issue a certificate with a different validity duration so a client must check the delta between the notBefore and and notAfter fields in the issued certificate to determine the actual duration.\n\nThe v1.22+ in-tree implementations of the well-known Kubernetes signers will honor this field as long as the requested duration is not greater than the maximum duration they will honor per the --cluster-signing-duration CLI flag to the Kubernetes controller manager.\n\nCertificate signers may not honor this field for various reasons:\n\n  1. Old signer that is unaware of the field (such as the in-tree\n     implementations prior to v1.22)\n  2. Signer whose configured maximum is shorter than the requested duration\n  3. Signer whose configured minimum is longer than the requested duration\n\nThe minimum valid value for expirationSeconds is 600, i.e. 10 minutes.',
      priority: 0,
      cell: (o) => {
        const s = specOf(o).expirationSeconds;
        return typeof s === 'number' ? humanDuration(s * 1000) : '<none>';
      },
    },
    {
      name: 'Condition',
      type: 'string',
      description: 'Conditions applied to the request, such as approval or denial.',
      priority: 0,
      cell: statusCell,
    },
  ],
  fieldLabelConversion: true,
  selectableFields: { 'spec.signerName': (o) => (specOf(o).signerName as string | undefined) ?? '' },
  strategy: {
    prepareForCreate: (obj) => {
      bytesOf(specOf(obj).request);
      // No pre-approved requests: the status starts empty.
      obj.status = {};
    },
    prepareForUpdate: (obj, old) => {
      // Only metadata changes through the main resource.
      obj.spec = old.spec;
      obj.status = old.status;
    },
    validateCreate: csrErrors,
    validateUpdate: (obj, old) => updateErrors(obj, old, false),
    subresourceUpdates: {
      approval: {
        prepareForUpdate: (obj, old) => {
          stampConditions(obj, old);
          const conditions = statusOf(obj).conditions;
          obj.spec = old.spec;
          obj.status = { ...statusOf(old) };
          if (conditions !== undefined) (obj.status as Fields).conditions = conditions;
          else delete (obj.status as Fields).conditions;
        },
        validateUpdate: (obj, old) => updateErrors(obj, old, true),
      },
    },
  },
};
