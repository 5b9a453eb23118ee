/**
 * A QR credential (printed on a notice, photographed, shared) lets its holder report for that
 * one community and follow those reports, nothing more: no reading of residents, forms or lists.
 * Checked on the operation's root fields (through fragments), before any subgraph is called.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';
import { isIntakeCredential } from '../../platform/auth/intakeCredential';
import type { GatewayContext } from '../context';

/** What the intake page needs: report, read back its reports, the community list, the changes already recorded. */
export const QR_CREDENTIAL_ROOT_FIELDS: ReadonlySet<string> = new Set(['reportPopulationChange', 'intake', 'communities', 'populationChanges', '__typename']);

function rootFields(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, seen = new Set<string>()): string[] {
  return selectionSet.selections.flatMap((s) => {
    if (s.kind === Kind.FIELD) return [s.name.value];
    if (s.kind === Kind.INLINE_FRAGMENT) return rootFields(s.selectionSet, fragments, seen);
    const fragment = fragments.get(s.name.value);
    if (!fragment || seen.has(s.name.value)) return [];
    seen.add(s.name.value);
    return rootFields(fragment.selectionSet, fragments, seen);
  });
}

export function qrCredentialScopePlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation, document }) {
          if (!operation || !contextValue.caller || !isIntakeCredential(contextValue.caller)) return;
          const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
          const outside = rootFields(operation.selectionSet, fragments).filter((f) => !QR_CREDENTIAL_ROOT_FIELDS.has(f));
          if (outside.length) {
            throw new GraphQLError(`Forbidden: a QR credential may only report population changes and follow its reports; it may not ask for ${outside.join(', ')}.`, {
              extensions: { code: 'FORBIDDEN', http: { status: 403 } },
            });
          }
        },
      };
    },
  };
}
