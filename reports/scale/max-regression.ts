// --max-regression takes a percentage (`20%`) or a fraction (`0.2`). A bare number above 1 is
// refused rather than guessed: `20` could mean 20% or 2000%, and a gate must not guess.

/** The allowance as a fraction, or an Error saying what was wrong with the text. */
export function parseMaxRegression(text: string): number | Error {
  const trimmed = text.trim();
  const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(trimmed);
  if (percent) return Number(percent[1]) / 100;
  if (/^\d*\.?\d+$/.test(trimmed)) {
    const fraction = Number(trimmed);
    if (fraction <= 1) return fraction;
    return new Error(`--max-regression: "${text}" is ambiguous; write ${trimmed}% or ${fraction / 100}`);
  }
  return new Error(`--max-regression: expected a percentage (20%) or a fraction (0.2), got "${text}"`);
}
