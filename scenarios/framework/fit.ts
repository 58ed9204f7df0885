// Ordinary least squares for a straight line y = slope·x + intercept, with the coefficient of
// determination R² saying how well a line explains the points (1: perfectly; near 0: not at all).
// Memory per workspace is the slope of RSS over workspace count.

export interface LinearFit {
  slope: number;
  intercept: number;
  /** 1 − SSres/SStot; 1 when every point lies on the line (also when all y are equal). */
  r2: number;
  /** Number of points fitted. */
  n: number;
}

/** undefined when no line is determined: fewer than two points, or all x equal. */
export function leastSquares(points: readonly (readonly [number, number])[]): LinearFit | undefined {
  const n = points.length;
  if (n < 2) return undefined;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / n;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const [x, y] of points) {
    sxx += (x - meanX) ** 2;
    sxy += (x - meanX) * (y - meanY);
    syy += (y - meanY) ** 2;
  }
  if (sxx === 0) return undefined;
  const slope = sxy / sxx;
  const intercept = meanY - slope * meanX;
  const ssRes = points.reduce((sum, [x, y]) => sum + (y - (slope * x + intercept)) ** 2, 0);
  const r2 = syy === 0 ? 1 : 1 - ssRes / syy;
  return { slope, intercept, r2, n };
}
