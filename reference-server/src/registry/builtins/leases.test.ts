import { expect } from 'chai';
import type { KubeObject } from '../../api/types.js';
import { microTimeParseError } from '../decode-check.js';
import { leases } from './leases.js';

const lease = (spec: Record<string, unknown>): KubeObject => ({ metadata: { name: 'l' }, spec });
const errorsOf = (obj: KubeObject) =>
  leases.strategy.validateCreate(obj).map((e) => `${e.field}: ${e.detail}`);

describe('Lease', () => {
  it('validates durations and transitions as Kubernetes does', () => {
    expect(errorsOf(lease({ leaseDurationSeconds: 0, leaseTransitions: -1 }))).to.deep.equal([
      'spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0',
      'spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0',
    ]);
    expect(
      errorsOf(lease({ holderIdentity: 'a', leaseDurationSeconds: 15, leaseTransitions: 0 })),
    ).to.deep.equal([]);
  });

  it('drops strategy and preferredHolder on create (CoordinatedLeaderElection off), keeps stored ones', () => {
    const created = lease({ strategy: 'foo', preferredHolder: 'x', holderIdentity: 'a' });
    leases.strategy.prepareForCreate!(created);
    expect(created.spec).to.deep.equal({ holderIdentity: 'a' });
    const old = lease({ strategy: 'OldestEmulationVersion', preferredHolder: 'x' });
    const updated = lease({ strategy: 'bogus', preferredHolder: 'y' });
    leases.strategy.prepareForUpdate!(updated, old);
    expect(errorsOf(updated)).to.deep.equal([
      'spec.strategy.strategy: Unsupported value: "bogus": supported values: "OldestEmulationVersion"',
    ]);
  });

  it('writes MicroTimes as Go does: UTC with six fractional digits', async () => {
    const { microTime } = await import('./leases.js');
    expect(microTime('2026-11-21T13:00:05.123456+01:00')).to.equal('2026-11-21T12:00:05.123456Z');
    expect(microTime('2026-11-21T12:00:05.000100Z')).to.equal('2026-11-21T12:00:05.000100Z');
  });

  it("refuses MicroTimes without exactly six fractional digits, with Go's parse error (probed on kcp)", () => {
    expect(microTimeParseError('2026-11-21T12:00:05.123Z')).to.equal(
      'parsing time "2026-11-21T12:00:05.123Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse ".123Z" as ".000000"',
    );
    expect(microTimeParseError('2026-11-21T12:00:05Z')).to.equal(
      'parsing time "2026-11-21T12:00:05Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse "Z" as ".000000"',
    );
    expect(microTimeParseError('2026-11-21T13:00:05.1234567+01:00')).to.equal(
      'parsing time "2026-11-21T13:00:05.1234567+01:00" as "2006-01-02T15:04:05.000000Z07:00": cannot parse "7+01:00" as "Z07:00"',
    );
    expect(microTimeParseError('2026-11-21T12:00:05.123456Z')).to.equal(undefined);
  });

  it('prints Holder in tables', () => {
    expect(leases.columns[0]!.cell(lease({ holderIdentity: 'me' }))).to.equal('me');
  });
});
