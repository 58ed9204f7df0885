import { expect } from 'chai';
import { base62, defaultBindingName, exportLabelValue, identityHash, newIdentityKey } from './hashes.js';

describe('apis.kcp.io hashes', () => {
  it('base62 reads bytes as one big-endian number, as Go big.Int.Text(62)', () => {
    expect(base62(Uint8Array.from([0]))).to.equal('0');
    expect(base62(Uint8Array.from([61]))).to.equal('Z');
    expect(base62(Uint8Array.from([62]))).to.equal('10');
    expect(base62(Uint8Array.from([1, 0]))).to.equal('48'); // 256 = 4*62 + 8
  });

  it('identity keys are 43 base64url characters and hash to 64 hex digits', () => {
    const key = newIdentityKey();
    expect(key).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(identityHash(key)).to.match(/^[0-9a-f]{64}$/);
    expect(identityHash(Buffer.from(key))).to.equal(identityHash(key));
  });

  it('the export label and default binding names are stable and lowercase where kcp lowercases', () => {
    expect(exportLabelValue('root', 'tenancy.kcp.io')).to.equal(exportLabelValue('root', 'tenancy.kcp.io'));
    expect(exportLabelValue('root', 'a')).to.not.equal(exportLabelValue('root', 'b'));
    expect(defaultBindingName('abc', 'root', 'tenancy.kcp.io')).to.match(/^tenancy\.kcp\.io-[0-9a-z]{5}$/);
  });
});

describe('default binding names, as kcp v0.32 made them', () => {
  it('match the names a real kcp gave a new workspace', () => {
    // kcp v0.32.0-162: workspace root:hashcheck, logical cluster dsxw4lrjdu4jaj5b.
    expect(defaultBindingName('dsxw4lrjdu4jaj5b', 'root', 'tenancy.kcp.io')).to.equal('tenancy.kcp.io-82eez');
    expect(defaultBindingName('dsxw4lrjdu4jaj5b', 'root', 'topology.kcp.io')).to.equal(
      'topology.kcp.io-3yx5s',
    );
  });
});

describe('the export label, as kcp v0.32 set it', () => {
  it('matches the label of a default binding to root:tenancy.kcp.io', () => {
    expect(exportLabelValue('root', 'tenancy.kcp.io')).to.equal('bmCdly9xXiUpEHe3ypvDwvXMTfoVZUE92mqAQf');
  });
});
