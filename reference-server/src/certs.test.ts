import { expect } from 'chai';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { coversNames, ensureServingPKI, servingNames } from './certs.js';

describe('serving PKI', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kcp-harness-pki-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('generates a CA and a serving certificate signed by it, for localhost and loopback', async () => {
    const pki = await ensureServingPKI(dir, '127.0.0.1');
    const ca = new X509Certificate(pki.caPem);
    const serving = new X509Certificate(pki.certPem);
    expect(ca.ca).to.equal(true);
    expect(serving.ca).to.equal(false);
    expect(serving.verify(ca.publicKey)).to.equal(true);
    expect(serving.checkHost('localhost')).to.equal('localhost');
    expect(serving.checkIP('127.0.0.1')).to.equal('127.0.0.1');
    expect(coversNames(pki.certPem, servingNames('127.0.0.1'))).to.equal(true);
  });

  it('reuses both on the next start, and keeps the CA when a new address needs a new serving certificate', async () => {
    const first = await ensureServingPKI(dir, '127.0.0.1');
    const again = await ensureServingPKI(dir, '127.0.0.1');
    expect(again).to.deep.equal(first);
    const moved = await ensureServingPKI(dir, '127.0.0.2');
    expect(moved.caPem).to.equal(first.caPem);
    expect(moved.certPem).to.not.equal(first.certPem);
    expect(new X509Certificate(moved.certPem).checkIP('127.0.0.2')).to.equal('127.0.0.2');
    expect(new X509Certificate(moved.certPem).verify(new X509Certificate(first.caPem).publicKey)).to.equal(
      true,
    );
  });
});
