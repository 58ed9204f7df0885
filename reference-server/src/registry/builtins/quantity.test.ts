import { expect } from 'chai';
import { canonicalQuantity, isNegative, isWhole, parseQuantity } from './quantity.js';

const canonical = (s: string) => canonicalQuantity(parseQuantity(s)!);

describe('resource quantities', () => {
  it('writes quantities back canonical, as Go does (probed on kcp)', () => {
    expect(canonical('1.5')).to.equal('1500m');
    expect(canonical('2048Ki')).to.equal('2Mi');
    expect(canonical('2000')).to.equal('2k');
    expect(canonical('1000m')).to.equal('1');
    expect(canonical('1Gi')).to.equal('1Gi');
    expect(canonical('0')).to.equal('0');
    expect(canonical('1e3')).to.equal('1e3');
  });

  it("refuses what Go's ParseQuantity refuses", () => {
    for (const bad of ['abc', '', '1x', '--1', '.']) expect(parseQuantity(bad), bad).to.equal(undefined);
    expect(parseQuantity(5)).to.not.equal(undefined);
  });

  it('knows sign and integrality', () => {
    expect(isNegative(parseQuantity('-1')!)).to.equal(true);
    expect(isWhole(parseQuantity('1.5')!)).to.equal(false);
    expect(isWhole(parseQuantity('2k')!)).to.equal(true);
  });
});
