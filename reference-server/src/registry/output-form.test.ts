import { expect } from 'chai';
import { ApiError } from '../api/status.js';
import { negotiateOutput, outputFor } from './output-form.js';

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io';
const PARTIAL = 'application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io';
const PARTIAL_LIST = 'application/json;as=PartialObjectMetadataList;v=v1beta1;g=meta.k8s.io';

function refusal(fn: () => unknown): { code: number; message: string } {
  try {
    fn();
  } catch (e) {
    expect(e).to.be.instanceOf(ApiError);
    const status = (e as ApiError).status;
    return { code: status.code ?? 0, message: status.message ?? '' };
  }
  throw new Error('expected a refusal');
}

describe('output negotiation (Accept)', () => {
  it('answers the plain object without Accept, for JSON and for wildcards', () => {
    for (const accept of [undefined, '', 'application/json', '*/*', 'application/*', 'application/json, */*'])
      expect(negotiateOutput(accept), String(accept)).to.deep.equal({ form: 'object' });
  });

  it('takes the first acceptable clause: kubectl get asks for a Table, then JSON', () => {
    expect(negotiateOutput(`${TABLE},application/json`)).to.deep.equal({ form: 'table' });
    expect(negotiateOutput(`application/json,${TABLE}`)).to.deep.equal({ form: 'object' });
    expect(negotiateOutput(`${PARTIAL_LIST},application/json`)).to.deep.equal({
      form: 'partialList',
      version: 'v1beta1',
    });
  });

  it('orders by q before position, and never takes q=0', () => {
    expect(negotiateOutput(`application/json;q=0.5,${TABLE}`)).to.deep.equal({ form: 'table' });
    expect(refusal(() => negotiateOutput(`${TABLE};q=0`)).code).to.equal(406);
  });

  it('skips transformations it does not know, falling back to later clauses or 406', () => {
    const unknown = 'application/json;as=NoSuchThing;v=v1;g=meta.k8s.io';
    expect(negotiateOutput(`${unknown},application/json`)).to.deep.equal({ form: 'object' });
    expect(refusal(() => negotiateOutput(unknown))).to.deep.equal({
      code: 406,
      message: 'only the following media types are accepted: application/json',
    });
    expect(refusal(() => negotiateOutput('application/json;as=Table;v=v1;g=other.io')).code).to.equal(406);
    expect(refusal(() => negotiateOutput('text/html')).code).to.equal(406);
  });

  it('refuses a list form for one object and an object form for a list, as transformObject does', () => {
    expect(outputFor(PARTIAL, false, 'ConfigMap')).to.deep.equal({ form: 'partial', version: 'v1' });
    expect(refusal(() => outputFor(PARTIAL, true, 'ConfigMapList'))).to.deep.equal({
      code: 406,
      message: 'you requested PartialObjectMetadata, but the requested object is a list (ConfigMapList)',
    });
    expect(refusal(() => outputFor(PARTIAL_LIST, false, 'ConfigMap'))).to.deep.equal({
      code: 406,
      message: 'you requested PartialObjectMetadataList, but the requested object is not a list (ConfigMap)',
    });
  });
});
