/**
 * The SDLs in schema/ are the contract: they must compose, the committed supergraph must be
 * exactly a fresh composition, and Resident must be one entity to which every department
 * contributes the fields the public contract names.
 */
import { buildASTSchema, parse, type GraphQLObjectType } from 'graphql';
import { composeSupergraph, readCommittedSupergraph, readSubgraphSdls } from '../scripts/composeSupergraph';
import { SERVICES } from '../platform/services';

describe('supergraph composition', () => {
  const fresh = composeSupergraph();

  it('has one SDL per subgraph service', () => {
    expect(readSubgraphSdls().map((s) => s.name).sort()).toEqual(SERVICES.filter((s) => s.kind === 'subgraph').map((s) => s.name).sort());
  });

  it('the committed supergraph equals a fresh composition', () => {
    expect(readCommittedSupergraph()).toBe(fresh);
  });

  it('fails, listing the errors, when two subgraphs disagree on a shared type', () => {
    const clash = readSubgraphSdls().map((s) => (s.name === 'health' ? { ...s, sdl: s.sdl.replace('monthlyAmount: Float', 'monthlyAmount: String') } : s));
    expect(() => composeSupergraph(clash)).toThrow(/Composition failed:\n- .*monthlyAmount/);
  });

  it('Resident carries the contract fields, each from the department that owns it', () => {
    const api = buildASTSchema(parse(fresh), { assumeValidSDL: true });
    const resident = api.getType('Resident') as GraphQLObjectType;
    const owner = (field: string) => {
      const node = resident.getFields()[field].astNode!;
      const join = node.directives?.find((d) => d.name.value === 'join__field');
      const graph = join?.arguments?.find((a) => a.name.value === 'graph')?.value;
      return graph && 'value' in graph ? String(graph.value) : undefined;
    };
    expect(owner('name')).toBe('COMMUNITY');
    expect(owner('address')).toBe('COMMUNITY');
    expect(owner('community')).toBe('COMMUNITY');
    expect(owner('subsistenceAllowance')).toBe('CIVIL_AFFAIRS');
    expect(owner('elderlySubsidy')).toBe('CIVIL_AFFAIRS');
    expect(owner('pension')).toBe('HRSS');
    expect(owner('vitalStatus')).toBe('HEALTH');
  });
});
