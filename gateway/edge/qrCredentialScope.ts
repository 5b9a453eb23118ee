/**
 * A QR credential (printed on a notice, photographed, shared) lets its holder report for that
 * one community and follow those reports, nothing more: no reading of residents, forms or lists.
 * Checked here on the operation's root fields (through fragments), before any subgraph is called;
 * the subgraphs check every field again (platform/auth/fieldPolicy.ts, QR_CREDENTIAL_FIELDS).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';
import { isIntakeCredential } from '../../platform/auth/intakeCredential';
import { QR_CREDENTIAL_ROOT_FIELDS } from '../../platform/auth/permissions';
import type { GatewayContext } from '../context';

const allowedAtRoot = (field: string) => field === '__typename' || QR_CREDENTIAL_ROOT_FIELDS.has(field);

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
          const outside = rootFields(operation.selectionSet, fragments).filter((f) => !allowedAtRoot(f));
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
