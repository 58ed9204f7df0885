// Paged lists over HTTP against a server with a tiny history window: pages of one list come
// from one snapshot, past revisions can be listed exactly, and once the snapshot's revision is
// compacted the continue answers 410 Expired with a token that carries on at the latest revision
// (kcp v0.32 probed for every message and shape asserted here).
import { expect } from 'chai';
import { eventually } from '../../suites/framework/eventually.js';
import type { ClusterClient } from '../../suites/framework/http/client.js';
import { startServerWithClients, type ServerWithClients } from '../support/server-with-clients.js';

const CONFIGMAPS = '/api/v1/namespaces/default/configmaps';

interface ConfigMapList {
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  items: { metadata: { name: string; resourceVersion: string }; data?: Record<string, string> }[];
}

interface Status {
  kind: string;
  code: number;
  reason: string;
  message: string;
  metadata: { continue?: string };
  details?: { causes?: { reason: string; message: string }[]; retryAfterSeconds?: number };
}

describe('paged lists', function () {
  this.timeout(90_000);
  let env: ServerWithClients | undefined;
  let client: ClusterClient;

  const create = async (name: string, data: Record<string, string> = {}) => {
    const r = await client.post<{ metadata: { resourceVersion: string } }>(CONFIGMAPS, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name },
      data,
    });
    expect(r.status, r.text).to.equal(201);
    return r.body.metadata.resourceVersion;
  };
  const list = async (query: Record<string, string | number>) => {
    const r = await client.get<ConfigMapList>(CONFIGMAPS, { query });
    expect(r.status, r.text).to.equal(200);
    return r.body;
  };
  const names = (l: ConfigMapList) => l.items.map((i) => i.metadata.name);
  /** Writes unrelated objects until the store's compactor has dropped `revision`. */
  const compactPast = async (revision: string) => {
    let n = 0;
    await eventually(
      async () => {
        for (let i = 0; i < 5; i++) await create(`filler-${revision}-${n++}`);
        const r = await client.get<Status>(CONFIGMAPS, {
          query: { resourceVersion: revision, resourceVersionMatch: 'Exact' },
        });
        expect(r.status, r.text).to.equal(410);
      },
      { timeoutMs: 30_000, intervalMs: 200, consecutive: 1, description: `revision ${revision} compacted` },
    );
  };

  before(async function () {
    env = await startServerWithClients('paging', [
      '--watch-history-revisions',
      '40',
      '--compaction-interval',
      '1',
    ]);
    client = await env.client();
  });

  after(async () => env?.stop());

  it('serves every page at the first page resourceVersion while writes happen between pages', async () => {
    for (let i = 0; i < 6; i++) await create(`p-${i}`, { v: 'before' });
    const expected = names(await list({})).filter((n) => n.startsWith('p-'));
    expect(expected).to.deep.equal(['p-0', 'p-1', 'p-2', 'p-3', 'p-4', 'p-5']);
    const all = names(await list({}));

    const first = await list({ limit: 2 });
    expect(first.metadata.remainingItemCount).to.equal(all.length - 2);
    const seen = [...first.items];
    let token = first.metadata.continue;
    let pages = 1;
    while (token) {
      // A write of each kind before every following page, touching objects not returned yet.
      await create(`p-${pages}a`);
      const r = await client.request({
        method: 'PATCH',
        path: `${CONFIGMAPS}/p-5`,
        body: JSON.stringify({ data: { v: `after page ${pages}` } }),
        headers: { 'content-type': 'application/merge-patch+json' },
      });
      expect(r.status, r.text).to.equal(200);
      if (pages === 1) expect((await client.delete(`${CONFIGMAPS}/p-4`)).status).to.equal(200);

      const page = await list({ limit: 2, continue: token });
      expect(page.metadata.resourceVersion).to.equal(first.metadata.resourceVersion);
      seen.push(...page.items);
      token = page.metadata.continue;
      if (token) expect(page.metadata.remainingItemCount).to.equal(all.length - seen.length);
      else expect(page.metadata).to.not.have.property('remainingItemCount');
      pages++;
    }
    expect(pages).to.be.at.least(3);
    expect(seen.map((i) => i.metadata.name)).to.deep.equal(all);
    expect(seen.find((i) => i.metadata.name === 'p-5')?.data).to.deep.equal({ v: 'before' });

    const now = names(await list({}));
    expect(now).to.include('p-1a').and.not.include('p-4');
  });

  it('lists a past revision exactly, until it is compacted', async () => {
    const rv = await create('x-0');
    await create('x-1');
    expect((await client.delete(`${CONFIGMAPS}/x-0`)).status).to.equal(200);
    const past = await list({ resourceVersion: rv, resourceVersionMatch: 'Exact' });
    expect(past.metadata.resourceVersion).to.equal(rv);
    expect(names(past)).to.include('x-0').and.not.include('x-1');
    const legacy = await list({ resourceVersion: rv, limit: 500 });
    expect(names(legacy)).to.deep.equal(names(past));

    await compactPast(rv);
    const gone = await client.get<Status>(CONFIGMAPS, { query: { resourceVersion: rv, limit: 1 } });
    expect(gone.status).to.equal(410);
    expect(gone.body).to.include({
      reason: 'Expired',
      message: 'The resourceVersion for the provided list is too old.',
    });
  });

  it('answers a continue whose snapshot was compacted 410 Expired, with a token for the rest', async () => {
    for (let i = 0; i < 4; i++) await create(`e-${i}`);
    const first = await list({ limit: 1 });
    await compactPast(first.metadata.resourceVersion);

    const expired = await client.get<Status>(CONFIGMAPS, {
      query: { limit: 1, continue: first.metadata.continue! },
    });
    expect(expired.status, expired.text).to.equal(410);
    expect(expired.body).to.include({ kind: 'Status', code: 410, reason: 'Expired' });
    expect(expired.body.message).to.equal(
      'The provided continue parameter is too old to display a consistent list result. You can start a new ' +
        'list without the continue parameter, or use the continue token in this response to retrieve the ' +
        'remainder of the results. Continuing with the provided token results in an inconsistent list - ' +
        'objects that were created, modified, or deleted between the time the first chunk was returned and ' +
        'now may show up in the list.',
    );
    const next = expired.body.metadata.continue!;
    expect(JSON.parse(Buffer.from(next, 'base64url').toString())).to.include({ v: 'meta.k8s.io/v1', rv: -1 });

    // The inconsistent token resumes after the first page, at the latest revision.
    const rest = await list({ limit: 1000, continue: next });
    const current = await list({});
    const firstName = first.items[0]!.metadata.name;
    expect(names(rest)).to.deep.equal(names(current).filter((n) => n > firstName));
    expect(Number(rest.metadata.resourceVersion)).to.be.greaterThan(Number(first.metadata.resourceVersion));
  });

  it('answers versions ahead of the server 504 with Retry-After, and bad options as kube does', async () => {
    const current = (await list({})).metadata.resourceVersion;
    const ahead = String(Number(current) + 1000);
    for (const query of [
      { resourceVersion: ahead, resourceVersionMatch: 'Exact' },
      { resourceVersion: ahead },
      { resourceVersion: ahead, limit: 1 },
    ]) {
      const r = await client.get<Status>(CONFIGMAPS, { query, retry: false });
      expect(r.status, r.text).to.equal(504);
      expect(r.headers['retry-after']).to.equal('1');
      expect(r.body.message).to.match(
        new RegExp(`^Timeout: Too large resource version: ${ahead}, current: \\d+$`),
      );
      expect(r.body.details?.causes).to.deep.equal([
        { reason: 'ResourceVersionTooLarge', message: 'Too large resource version' },
      ]);
    }
    const get = await client.get<Status>(`${CONFIGMAPS}/p-0`, {
      query: { resourceVersion: ahead },
      retry: false,
    });
    expect(get.status, get.text).to.equal(504);
    const got = await client.get<Status>(`${CONFIGMAPS}/p-0`, { query: { resourceVersion: '1' } });
    expect(got.status, got.text).to.equal(200);

    const bad = await client.get<Status>(CONFIGMAPS, { query: { resourceVersionMatch: 'Exact' } });
    expect(bad.status).to.equal(422);
    const malformed = await client.get<Status>(CONFIGMAPS, { query: { limit: 1, continue: 'abc' } });
    expect(malformed.status).to.equal(400);
    expect(malformed.body.message).to.equal(
      "invalid continue token: continue key is not valid: invalid character 'i' looking for beginning of value",
    );
  });
});
