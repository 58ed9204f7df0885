// /version. kcp reports `<kubernetes version>+kcp-<kcp version>`; we report the Kubernetes API
// level we follow plus our own name and version, so reports can tell implementations apart.

import { readFileSync } from 'node:fs';

export const kubernetesVersion = { major: '1', minor: '36', patch: '0' };

function packageVersion(): string {
  try {
    const url = new URL('../../../package.json', import.meta.url);
    const pkg = JSON.parse(readFileSync(url, 'utf8')) as { version?: string };
    if (pkg.version) return pkg.version;
  } catch {
    // Built layout differs by one level; fall through.
  }
  try {
    const url = new URL('../../../../package.json', import.meta.url);
    return (JSON.parse(readFileSync(url, 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export const harnessVersion = packageVersion();

export function versionInfo() {
  return {
    major: kubernetesVersion.major,
    minor: kubernetesVersion.minor,
    emulationMajor: kubernetesVersion.major,
    emulationMinor: kubernetesVersion.minor,
    gitVersion: `v${kubernetesVersion.major}.${kubernetesVersion.minor}.${kubernetesVersion.patch}+kcp-harness-v${harnessVersion}`,
    gitCommit: '',
    gitTreeState: 'clean',
    buildDate: '',
    goVersion: '',
    compiler: 'node',
    platform: `${process.platform}/${process.arch}`,
  };
}
