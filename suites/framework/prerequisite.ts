// A test that needs something the user can supply but this run lacks (test users, an identity
// outside system:masters, ...) throws MissingPrerequisite: the runner reports it skipped with the
// reason, which names the flag to pass. It is not a failure: the target did nothing wrong. What the
// target itself does wrong (a refused grant, a wrong answer) stays a failure.

export class MissingPrerequisite extends Error {
  override readonly name = 'MissingPrerequisite';
}

export function isMissingPrerequisite(error: unknown): error is MissingPrerequisite {
  return error instanceof MissingPrerequisite;
}
