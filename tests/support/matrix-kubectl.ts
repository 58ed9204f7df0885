// `kubectl auth can-i` for the authorization matrix: the same question the matrix asked by HTTP,
// asked through real kubectl (SelfSubjectAccessReview with --as/--as-group impersonation).
import { execFile } from 'node:child_process';
import type { MatrixUser } from './rbac-matrix-generator.js';
import type { RequestAttributes } from './rbac-rules.js';

export interface KubectlContext {
  binary: string;
  kubeconfigPath: string;
  context: string;
  /** e.g. https://127.0.0.1:6443/clusters/root:run:ws-a */
  server: string;
  cacheDir: string;
}

export interface CanIAnswer {
  allowed: boolean | undefined;
  exitCode: number | null;
  args: string[];
  output: string;
}

/** Whether kubectl can be run; resolves false when it is not installed. */
export function kubectlAvailable(binary: string): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(binary, ['version', '--client'], { timeout: 20_000 }, (error) => {
      resolve(!(error && (error as NodeJS.ErrnoException).code === 'ENOENT'));
    });
  });
}

/** The arguments after `kubectl auth can-i`, addressing exactly the given attributes. */
export function canIArgs(attributes: RequestAttributes): string[] {
  if (attributes.kind === 'nonResource') return [attributes.verb, attributes.path];
  const resource = attributes.apiGroup
    ? `${attributes.resource}.${attributes.apiGroup}`
    : attributes.resource;
  const args = [attributes.verb, attributes.name ? `${resource}/${attributes.name}` : resource];
  // kubectl sends the namespace it is given even for cluster-scoped resources; -A sends none.
  args.push(...(attributes.namespace ? ['--namespace', attributes.namespace] : ['--all-namespaces']));
  if (attributes.subresource) args.push('--subresource', attributes.subresource);
  return args;
}

/** Exit code 0 is "yes", 1 is "no" (also when the review itself was forbidden). */
export function kubectlCanI(
  ctx: KubectlContext,
  user: MatrixUser,
  attributes: RequestAttributes,
): Promise<CanIAnswer> {
  const args = [
    '--kubeconfig',
    ctx.kubeconfigPath,
    '--context',
    ctx.context,
    '--server',
    ctx.server,
    '--cache-dir',
    ctx.cacheDir,
    'auth',
    'can-i',
    ...canIArgs(attributes),
    '--as',
    user.name,
    ...user.groups.flatMap((g) => ['--as-group', g]),
  ];
  return new Promise((resolve) => {
    execFile(ctx.binary, args, { timeout: 30_000 }, (error, stdout, stderr) => {
      const exitCode = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      const allowed = exitCode === 0 ? true : exitCode === 1 ? false : undefined;
      resolve({ allowed, exitCode, args, output: `${stdout}${stderr}`.trim() });
    });
  });
}
