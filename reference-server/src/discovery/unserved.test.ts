import { expect } from 'chai';
import { builtinTypes } from '../registry/catalog.js';
import type { ResourceType } from '../registry/resource-type.js';
import { acceptsLegacyDiscovery } from './negotiation.js';
import { isCompiledInGroup } from './unserved.js';

describe('unserved discovery', () => {
  it('counts built-in groups as compiled in, kcp groups, CRD groups and unknown groups not', () => {
    for (const group of ['rbac.authorization.k8s.io', 'apiextensions.k8s.io', 'events.k8s.io'])
      expect(isCompiledInGroup(builtinTypes, group), group).to.equal(true);
    for (const group of ['tenancy.kcp.io', 'core.kcp.io', 'apps', 'nonexistent.example.com'])
      expect(isCompiledInGroup(builtinTypes, group), group).to.equal(false);
    const crd = { ...builtinTypes[0]!, group: 'example.com', schema: { type: 'object' } } as ResourceType;
    expect(isCompiledInGroup([...builtinTypes, crd], 'example.com')).to.equal(false);
  });

  it('legacy documents take any Accept but one asking only for transformed kinds', () => {
    const v2 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
    expect(acceptsLegacyDiscovery(undefined)).to.equal(true);
    expect(acceptsLegacyDiscovery('*/*')).to.equal(true);
    expect(acceptsLegacyDiscovery(`${v2},application/json`)).to.equal(true);
    expect(acceptsLegacyDiscovery(v2)).to.equal(false);
  });
});
