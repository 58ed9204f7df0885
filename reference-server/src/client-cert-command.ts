// `kcp-harness client-cert`: a kubeconfig for a client-certificate user of a reference server,
// signed by the CA in its root directory (what the server verifies client certificates with
// unless it runs with --client-ca-file). CN is the user name, each O a group.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { parse, stringify } from 'yaml';
import { issueClientCertificate } from './certs.js';
import { writeFileAtomic } from './files.js';

interface ClientCertFlags {
  rootDirectory: string;
  user: string;
  group: string[];
  uid?: string;
  days: number;
  server?: string;
  output: string;
}

/** The server URL of admin.kubeconfig's `root` cluster. */
function rootClusterURL(dir: string): string {
  const kc = parse(readFileSync(join(dir, 'admin.kubeconfig'), 'utf8')) as {
    clusters?: { name: string; cluster?: { server?: string } }[];
  };
  const server = kc.clusters?.find((c) => c.name === 'root')?.cluster?.server;
  if (!server) throw new Error(`${join(dir, 'admin.kubeconfig')} has no cluster "root"`);
  return server;
}

async function writeClientKubeconfig(o: ClientCertFlags): Promise<void> {
  const server = o.server ?? rootClusterURL(o.rootDirectory);
  const cert = await issueClientCertificate(o.rootDirectory, {
    user: o.user,
    groups: o.group,
    ...(o.uid ? { uid: o.uid } : {}),
    validForMs: o.days * 24 * 3600 * 1000,
  });
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'root', cluster: { server, 'certificate-authority-data': b64(cert.caPem) } }],
    users: [
      {
        name: o.user,
        user: { 'client-certificate-data': b64(cert.certPem), 'client-key-data': b64(cert.keyPem) },
      },
    ],
    contexts: [{ name: 'root', context: { cluster: 'root', user: o.user } }],
    'current-context': 'root',
  };
  writeFileAtomic(o.output, stringify(doc), 0o600);
  process.stdout.write(`Wrote ${o.output} (user ${o.user}, groups ${o.group.join(',') || 'none'})\n`);
}

export function clientCertCommand(): Command {
  return new Command('client-cert')
    .description("write a kubeconfig whose user is a client certificate signed by a reference server's CA")
    .option(
      '--root-directory <dir>',
      "the server's root directory (ca.crt, ca.key, admin.kubeconfig)",
      '.kcp',
    )
    .requiredOption('--user <name>', 'user name (certificate CN)')
    .option(
      '--group <group>',
      'a group (certificate O); repeatable',
      (g: string, all: string[]) => [...all, g],
      [],
    )
    .option('--uid <uid>', 'user UID (Kubernetes UID subject attribute)')
    .option(
      '--days <n>',
      'validity in days',
      (v: string) => {
        if (!/^[1-9]\d*$/.test(v)) throw new InvalidArgumentError('must be a positive integer');
        return Number(v);
      },
      365,
    )
    .option('--server <url>', "server URL (default: admin.kubeconfig's root cluster)")
    .requiredOption('--output <file>', 'kubeconfig to write')
    .action((o: ClientCertFlags) => writeClientKubeconfig(o));
}
