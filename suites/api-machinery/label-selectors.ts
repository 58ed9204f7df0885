import { expect } from 'chai';
import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import {
  configMap,
  configMapsPath,
  expectStatusCode,
  type ConfigMap,
  type KubeList,
} from '../framework/kube.js';
import { AREA } from './area.js';

// Every object carries set=<run-unique value>, so objects the server adds on its own (kcp puts a
// kube-root-ca.crt ConfigMap into every namespace) never match a selector below.
const OBJECTS: Record<string, Record<string, string>> = {
  a: { app: 'web', tier: 'front' },
  b: { app: 'db', tier: 'back' },
  c: { app: 'web' },
  d: {},
};

const CASES: [selector: string, expected: string[]][] = [
  ['app=web', ['a', 'c']],
  ['app==web', ['a', 'c']],
  ['app!=web', ['b', 'd']],
  ['app in (web,db)', ['a', 'b', 'c']],
  ['app notin (web)', ['b', 'd']],
  ['tier', ['a', 'b']],
  ['!tier', ['c', 'd']],
  ['app=web,tier=front', ['a']],
  ['app=web,!tier', ['c']],
  ['app=nothing', []],
];

export const labelSelectors: ConformanceTest = {
  id: `${AREA}/label-selectors`,
  area: AREA,
  description:
    'A list MUST return exactly the objects matching its labelSelector, for equality (=, ==, !=), set ' +
    '(in, notin) and existence (key, !key) requirements and their conjunctions.',
  level: 'MUST',
  features: [Feature.ConfigMaps, Feature.LabelSelectors],
  source: [
    'kubernetes: staging/src/k8s.io/apimachinery/pkg/labels/selector.go',
    'kubernetes: staging/src/k8s.io/apiserver/pkg/storage/selection_predicate.go',
    'kubernetes: test/e2e/common/node/configmap.go',
  ],
  async run({ client, namespace, uniqueName }) {
    const set = uniqueName('sel');
    const nameOf = (key: string): string => `${set}-${key}`;
    for (const [key, labels] of Object.entries(OBJECTS)) {
      expectStatusCode(
        await client.post(configMapsPath(namespace), configMap(nameOf(key), {}, { ...labels, set })),
        201,
      );
    }
    for (const [selector, expected] of CASES) {
      const labelSelector = `set=${set},${selector}`;
      const list = expectStatusCode(
        await client.get<KubeList<ConfigMap>>(configMapsPath(namespace), { query: { labelSelector } }),
        200,
      );
      const names = list.items.map((item) => item.metadata.name).sort();
      expect(names, `labelSelector=${labelSelector}`).to.deep.equal(expected.map(nameOf).sort());
    }
  },
};
