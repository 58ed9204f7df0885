// Definitions of the discovery documents (/api, /apis, /apis/<group>, /<group-version>/) and of
// /version, which the root documents of the OpenAPI index describe.

import { bool, metaV1, object, ref, refList, str, stringList, type Schema } from './schema-dsl.js';

const apiVersion = str('APIVersion is the versioned schema of this representation of an object.');
const kindField = str('Kind is the REST resource this object represents, in CamelCase.');
const gvk = (k: string) => [{ group: '', version: 'v1', kind: k }];
const required = (s: Schema): Schema => ({ ...s, default: '' });

export const discoveryDefinitions: Record<string, Schema> = {
  [`${metaV1}APIResourceList`]: {
    ...object(
      'The resources served in one group version.',
      {
        apiVersion,
        groupVersion: required(str('The group version the resources belong to.')),
        kind: kindField,
        resources: refList(`${metaV1}APIResource`, 'The resources.'),
      },
      ['groupVersion', 'resources'],
    ),
    'x-kubernetes-group-version-kind': gvk('APIResourceList'),
  },
  [`${metaV1}APIResource`]: object(
    'One served resource.',
    {
      categories: stringList('Groups of resources the resource belongs to, e.g. "all".'),
      group: str('The group of the resource, when it differs from the list it appears in.'),
      kind: required(str('The kind of the resource.')),
      name: required(str('The plural name of the resource.')),
      namespaced: { ...bool('Whether the resource is namespaced.'), default: false },
      shortNames: stringList('Short aliases of the resource.'),
      singularName: required(str('The singular name of the resource.')),
      storageVersionHash: str('A hash of the storage version, for detecting changes.'),
      verbs: stringList('The verbs the resource supports.'),
      version: str('The version of the resource, when it differs from the list it appears in.'),
    },
    ['name', 'singularName', 'namespaced', 'kind', 'verbs'],
  ),
  [`${metaV1}APIVersions`]: {
    ...object(
      'The versions of the legacy core API at /api.',
      {
        apiVersion,
        kind: kindField,
        serverAddressByClientCIDRs: refList(
          `${metaV1}ServerAddressByClientCIDR`,
          'Server addresses by client network.',
        ),
        versions: stringList('The versions served.'),
      },
      ['versions', 'serverAddressByClientCIDRs'],
    ),
    'x-kubernetes-group-version-kind': gvk('APIVersions'),
  },
  [`${metaV1}ServerAddressByClientCIDR`]: object(
    'The server address clients in a network should use.',
    {
      clientCIDR: required(str('The client network.')),
      serverAddress: required(str('host:port of the server.')),
    },
    ['clientCIDR', 'serverAddress'],
  ),
  [`${metaV1}APIGroupList`]: {
    ...object(
      'The API groups served at /apis.',
      { apiVersion, groups: refList(`${metaV1}APIGroup`, 'The groups.'), kind: kindField },
      ['groups'],
    ),
    'x-kubernetes-group-version-kind': gvk('APIGroupList'),
  },
  [`${metaV1}APIGroup`]: {
    ...object(
      'One API group and its versions.',
      {
        apiVersion,
        kind: kindField,
        name: required(str('The name of the group.')),
        preferredVersion: ref(`${metaV1}GroupVersionForDiscovery`, 'The version clients should prefer.'),
        serverAddressByClientCIDRs: refList(
          `${metaV1}ServerAddressByClientCIDR`,
          'Server addresses by client network.',
        ),
        versions: refList(`${metaV1}GroupVersionForDiscovery`, 'The versions served.'),
      },
      ['name', 'versions'],
    ),
    'x-kubernetes-group-version-kind': gvk('APIGroup'),
  },
  [`${metaV1}GroupVersionForDiscovery`]: object(
    'One version of a group.',
    {
      groupVersion: required(str('"group/version".')),
      version: required(str('The version.')),
    },
    ['groupVersion', 'version'],
  ),
  'io.k8s.apimachinery.pkg.version.Info': object(
    'The version of the server.',
    Object.fromEntries(
      [
        'buildDate',
        'compiler',
        'gitCommit',
        'gitTreeState',
        'gitVersion',
        'goVersion',
        'major',
        'minor',
        'platform',
      ].map((k) => [k, required(str(`The ${k} of the build.`))]),
    ),
    [
      'major',
      'minor',
      'gitVersion',
      'gitCommit',
      'gitTreeState',
      'buildDate',
      'goVersion',
      'compiler',
      'platform',
    ],
  ),
};
