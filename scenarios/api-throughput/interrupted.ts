// Ctrl-C during a scenario: the bench command aborts the context's signal and expects the
// scenario to return what it measured so far, marked partial, rather than throw. A step that
// fails BECAUSE of the abort is therefore noted and swallowed; any other failure still throws.
export async function unlessInterrupted<T>(
  signal: AbortSignal,
  notes: string[],
  step: string,
  fn: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await fn();
  } catch (error) {
    if (!signal.aborted) throw error;
    notes.push(`interrupted while ${step}`);
    return undefined;
  }
}
