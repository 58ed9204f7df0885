import { expect } from 'chai';
import { leastSquares } from './fit.js';

describe('leastSquares', () => {
  it('recovers an exact line with R² 1', () => {
    const fit = leastSquares([
      [0, 100],
      [10, 150],
      [20, 200],
      [40, 300],
    ]);
    expect(fit?.slope).to.be.closeTo(5, 1e-9);
    expect(fit?.intercept).to.be.closeTo(100, 1e-9);
    expect(fit?.r2).to.be.closeTo(1, 1e-12);
    expect(fit?.n).to.equal(4);
  });

  it('fits noisy points with R² below 1', () => {
    // y = 2x + 1 with residuals +1, −1, −1, +1: the least-squares line stays 2x + 1.
    const fit = leastSquares([
      [0, 2],
      [1, 2],
      [2, 4],
      [3, 8],
    ]);
    expect(fit?.slope).to.be.closeTo(2, 1e-9);
    expect(fit?.intercept).to.be.closeTo(1, 1e-9);
    // SSres = 4, SStot = 24 (mean 4: 4 + 4 + 0 + 16).
    expect(fit?.r2).to.be.closeTo(1 - 4 / 24, 1e-9);
  });

  it('gives slope 0 and R² 1 for a flat series', () => {
    const fit = leastSquares([
      [0, 7],
      [5, 7],
    ]);
    expect(fit).to.deep.equal({ slope: 0, intercept: 7, r2: 1, n: 2 });
  });

  it('has no line for fewer than two points or a single x', () => {
    expect(leastSquares([])).to.equal(undefined);
    expect(leastSquares([[1, 2]])).to.equal(undefined);
    expect(
      leastSquares([
        [3, 1],
        [3, 9],
      ]),
    ).to.equal(undefined);
  });
});
