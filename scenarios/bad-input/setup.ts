// The workspaces a corpus run writes into: fresh ones under a parent, Ready, each with the
// canary user's read access (run-corpus.ts), made with plain requests so any target works.

import { setTimeout as delay } from 'node:timers/promises';
import { canaryObjects, type CorpusTarget } from './run-corpus.js';
import { sendRaw } from './send-raw.js';

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

export async function prepareWorkspaces(
  target: Omit<CorpusTarget, 'workspaces'>,
  parent: string,
  names: string[],
  timeoutMs = 60_000,
): Promise<string[]> {
  const send = (method: string, path: string, body?: unknown) =>
    sendRaw(
      target.agent,
      {
        method,
        url: `${target.origin}${path}`,
        headers: { ...target.auth, ...JSON_HEADERS },
        body: body === undefined ? undefined : Buffer.from(JSON.stringify(body)),
      },
      30_000,
      1 << 20,
    );
  const collection = `/clusters/${parent}/apis/tenancy.kcp.io/v1alpha1/workspaces`;
  for (const name of names) {
    const created = await send('POST', collection, {
      apiVersion: 'tenancy.kcp.io/v1alpha1',
      kind: 'Workspace',
      metadata: { name },
    });
    if (created.status !== 201)
      throw new Error(`create workspace ${name}: ${created.status} ${created.excerpt}`);
  }
  const deadline = Date.now() + timeoutMs;
  for (const name of names) {
    while (phaseOf((await send('GET', `${collection}/${name}`)).excerpt) !== 'Ready') {
      if (Date.now() > deadline) throw new Error(`workspace ${name} not Ready within ${timeoutMs} ms`);
      await delay(200);
    }
  }
  const paths = names.map((name) => `${parent}:${name}`);
  for (const path of paths)
    for (const object of canaryObjects()) {
      const reply = await send('POST', `/clusters/${path}${object.path}`, object.body);
      if (reply.status !== 201)
        throw new Error(`canary ${object.path} in ${path}: ${reply.status} ${reply.excerpt}`);
    }
  return paths;
}

function phaseOf(text: string): string | undefined {
  try {
    return (JSON.parse(text) as { status?: { phase?: string } }).status?.phase;
  } catch {
    return undefined;
  }
}
