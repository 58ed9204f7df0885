import { expect } from 'chai';
import type { KubeObject } from '../../api/types.js';
import { certificateSigningRequests as csrs } from './certificates.js';

const pemRequest = Buffer.from(
  '-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n',
).toString('base64');
const csr = (spec: Record<string, unknown>, status: Record<string, unknown> = {}): KubeObject => ({
  metadata: { name: 'c' },
  spec: { request: pemRequest, signerName: 'example.com/signer', usages: ['client auth'], ...spec },
  status,
});
const errorsOf = (errs: { field: string; detail: string }[]) => errs.map((e) => `${e.field}: ${e.detail}`);

describe('CertificateSigningRequest', () => {
  it('validates request, usages, signerName and expirationSeconds (probed on kcp)', () => {
    expect(errorsOf(csrs.strategy.validateCreate(csr({})))).to.deep.equal([]);
    expect(
      errorsOf(
        csrs.strategy.validateCreate(
          csr({ request: 'aGVsbG8=', usages: ['any', 'any'], signerName: '', expirationSeconds: 5 }),
        ),
      ),
    ).to.deep.equal([
      'spec.request: Invalid value: "aGVsbG8=": PEM block type must be CERTIFICATE REQUEST',
      'spec.usages[1]: Duplicate value: "any"',
      'spec.signerName: Required value',
      'spec.expirationSeconds: Invalid value: 5: may not specify a duration less than 600 seconds (10 minutes)',
    ]);
  });

  it('changes only conditions through /approval, stamping their times', () => {
    const approval = csrs.strategy.subresourceUpdates!.approval!;
    const old = csr({ username: 'alice' });
    const next = csr({ signerName: 'other.com/x' }, { conditions: [{ type: 'Approved', status: 'True' }] });
    approval.prepareForUpdate(next, old);
    expect(next.spec).to.deep.equal(old.spec);
    const [condition] = (next.status as { conditions: Record<string, string>[] }).conditions;
    expect(condition).to.include({ type: 'Approved', status: 'True' });
    expect(condition!.lastUpdateTime).to.match(/Z$/);
    expect(errorsOf(approval.validateUpdate(next, old))).to.deep.equal([]);
    // The main resource and /status may not add or remove approval.
    expect(errorsOf(csrs.strategy.validateUpdate(old, next))).to.deep.equal([
      'status.conditions: Forbidden: updates may not remove a condition of type "Approved"',
    ]);
    expect(errorsOf(csrs.strategy.validateUpdate(next, old))).to.deep.equal([
      'status.conditions: Forbidden: updates may not add a condition of type "Approved"',
    ]);
  });

  it('prints Pending/Approved/Denied as kubectl does', () => {
    const cell = csrs.columns.find((c) => c.name === 'Condition')!.cell;
    expect(cell(csr({}))).to.equal('Pending');
    expect(cell(csr({}, { conditions: [{ type: 'Denied' }, { type: 'Failed' }] }))).to.equal('Denied,Failed');
    const duration = csrs.columns.find((c) => c.name === 'RequestedDuration')!.cell;
    expect(duration(csr({ expirationSeconds: 3600 }))).to.equal('60m');
  });
});
