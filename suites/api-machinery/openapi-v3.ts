import { expect } from 'chai';
import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { describeResponse, expectStatusCode } from '../framework/kube.js';
import { AREA } from './area.js';

interface Operation {
  'x-kubernetes-action'?: string;
  'x-kubernetes-group-version-kind'?: unknown;
  parameters?: { name?: string; in?: string }[];
}
interface Document {
  openapi?: string;
  paths?: Record<string, Record<string, Operation>>;
  components?: {
    schemas?: Record<string, { 'x-kubernetes-group-version-kind'?: unknown; properties?: object }>;
  };
}

function parseJson<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

export const openapiV3: ConformanceTest = {
  id: `${AREA}/openapi-v3`,
  area: AREA,
  description:
    'The workspace MUST serve OpenAPI v3: /openapi/v3 an index naming each group-version document by a ' +
    'hash (api/v1 included); the document at that URL is cacheable for good, carries the hash as ETag ' +
    '(304 on If-None-Match) and describes ConfigMap as io.k8s.api.core.v1.ConfigMap with its ' +
    'group-version-kind, and the PATCH operation of a configmap with its action, kind and the ' +
    'fieldValidation query parameter (what kubectl reads before leaving field validation to the server).',
  level: 'MUST',
  features: [Feature.OpenAPIv3, Feature.ConfigMaps],
  source: [
    'kubernetes: staging/src/k8s.io/apiserver/pkg/server/routes/openapi.go',
    'kubernetes: staging/src/k8s.io/apiserver/pkg/endpoints/installer.go',
    'kubernetes: staging/src/k8s.io/cli-runtime/pkg/resource/query_param_verifier_v3.go',
  ],
  async run({ client }) {
    // The index is JSON, but its Content-Type is not pinned: kube-apiserver serves it through
    // kube-aggregator with http.ServeContent, which sniffs text/plain (kube-aggregator
    // pkg/controllers/openapiv3/aggregator/aggregator.go handleDiscovery, 1.34.3-1.37.2); kcp
    // serves application/json.
    const indexResponse = await client.get('/openapi/v3');
    expectStatusCode(indexResponse, 200);
    const index = parseJson<{ paths?: Record<string, { serverRelativeURL?: string }> }>(indexResponse.text);
    const url = index?.paths?.['api/v1']?.serverRelativeURL ?? '';
    expect(url, 'api/v1 in the index').to.match(/^\/openapi\/v3\/api\/v1\?hash=[0-9A-F]+$/);
    const hash = url.slice(url.indexOf('hash=') + 'hash='.length);

    const response = await client.get<Document>(url);
    const doc = expectStatusCode(response, 200);
    expect(response.headers['content-type'], describeResponse(response)).to.equal('application/json');
    expect(response.headers['cache-control'], 'a hash-addressed document').to.equal('public, immutable');
    expect(response.headers['etag']).to.equal(`"${hash}"`);
    expect(doc?.openapi).to.equal('3.0.0');

    const configMap = doc?.components?.schemas?.['io.k8s.api.core.v1.ConfigMap'];
    expect(configMap?.['x-kubernetes-group-version-kind']).to.deep.equal([
      { group: '', version: 'v1', kind: 'ConfigMap' },
    ]);
    expect(configMap?.properties).to.include.keys('data', 'binaryData', 'immutable', 'metadata');

    const patch = doc?.paths?.['/api/v1/namespaces/{namespace}/configmaps/{name}']?.patch;
    expect(patch?.['x-kubernetes-action']).to.equal('patch');
    expect(patch?.['x-kubernetes-group-version-kind']).to.deep.equal({
      group: '',
      version: 'v1',
      kind: 'ConfigMap',
    });
    expect(patch?.parameters?.map((p) => `${p.in}:${p.name}`)).to.include('query:fieldValidation');

    const again = await client.get(url, { headers: { 'if-none-match': `"${hash}"` } });
    expect(again.status, describeResponse(again)).to.equal(304);
  },
};
