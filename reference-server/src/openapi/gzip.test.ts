import { gunzipSync } from 'node:zlib';
import { expect } from 'chai';
import { acceptsGzip, gzipped } from './gzip.js';

describe('openapi v2 gzip', () => {
  it('compresses for gzip with a q above zero, in any case, and not for * or identity', () => {
    for (const h of ['gzip', 'gzip, deflate, br', 'GZIP', 'br;q=1, gzip;q=0.1', ' gzip ;q=1'])
      expect(acceptsGzip(h), h).to.equal(true);
    for (const h of [undefined, '', '*', 'identity', 'deflate', 'gzip;q=0', 'x-gzip'])
      expect(acceptsGzip(h), String(h)).to.equal(false);
  });

  it('compresses a document once and to its own bytes', () => {
    const doc = { body: Buffer.from('{"swagger":"2.0"}'.repeat(100)), hash: 'H' };
    const gz = gzipped(doc);
    expect(gzipped(doc)).to.equal(gz);
    expect(gunzipSync(gz).equals(doc.body)).to.equal(true);
    expect(gz.length).to.be.lessThan(doc.body.length);
  });
});
