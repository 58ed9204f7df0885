import { expect } from 'chai';
import { negotiateDiscovery, parseAccept } from './negotiation.js';

// kubectl 1.32's discovery Accept header, as sent to kcp (kubectl api-resources -v=8).
const KUBECTL =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,' +
  'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';
const V2 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

describe('negotiateDiscovery', () => {
  it('serves aggregated discovery to kubectl and to a client asking only for v2', () => {
    expect(negotiateDiscovery(KUBECTL)).to.equal('aggregated');
    expect(negotiateDiscovery(V2)).to.equal('aggregated');
    expect(negotiateDiscovery(`${V2};profile=nopeer`)).to.equal('aggregated');
  });

  it('serves aggregated even when plain JSON comes first or ranks higher (kcp does)', () => {
    expect(negotiateDiscovery(`application/json,${V2}`)).to.equal('aggregated');
    expect(negotiateDiscovery(`${V2};q=0.5,application/json`)).to.equal('aggregated');
  });

  it('serves legacy discovery without an aggregated clause', () => {
    expect(negotiateDiscovery(undefined)).to.equal('legacy');
    expect(negotiateDiscovery('')).to.equal('legacy');
    expect(negotiateDiscovery('application/json')).to.equal('legacy');
    expect(negotiateDiscovery('*/*')).to.equal('legacy');
    expect(negotiateDiscovery('application/json, */*')).to.equal('legacy');
  });

  it('refuses clients that accept only kinds or versions it does not serve', () => {
    expect(negotiateDiscovery(V2.replace('v=v2', 'v=v2beta1'))).to.equal('not-acceptable');
    expect(negotiateDiscovery(V2.replace('v=v2', 'v=v3'))).to.equal('not-acceptable');
    expect(negotiateDiscovery(V2.replace('as=APIGroupDiscoveryList', 'as=Foo'))).to.equal('not-acceptable');
    expect(negotiateDiscovery(`${V2.replace('v=v2', 'v=v2beta1')},application/json`)).to.equal('legacy');
  });

  it('does not answer an aggregated clause for a media type it cannot write', () => {
    expect(
      negotiateDiscovery(V2.replace('application/json', 'application/vnd.kubernetes.protobuf')),
    ).to.equal('not-acceptable');
  });
});

describe('parseAccept', () => {
  it('ranks by q, then concrete types before wildcards, keeping ties in order', () => {
    const ranked = parseAccept('*/*;q=0.9, text/*, application/json;q=0.9, application/yaml');
    expect(ranked.map((c) => `${c.type}/${c.subType}`)).to.deep.equal([
      'application/yaml',
      'text/*',
      'application/json',
      '*/*',
    ]);
  });

  it('skips malformed ranges', () => {
    expect(parseAccept('application, a/b/c, ,application/json').map((c) => c.subType)).to.deep.equal([
      'json',
    ]);
  });
});
