/**
 * Error messages leave the gateway without the values a request carried: graphql-js echoes an
 * invalid variable or literal in its message ('Variable "$input" got invalid value { idNumber:
 * ..., name: ... }'), which would put ID numbers and names into answers and into anything that
 * logs them. The path and the rule stay, so the caller still knows what to fix; anything shaped
 * like an ID number is masked as a last line of defence. In production no message suggests
 * anything: graphql-js's "Did you mean …?" (field, argument, type and enum-value names, in
 * validation and in variable coercion alike) would let a caller read the schema back without
 * introspection.
 */
import type { GraphQLFormattedError } from 'graphql';
import { redact } from '../../platform/logger';

export function withoutEchoedValues(message: string): string {
  return redact(
    message
      // 'got invalid value <value> at "input.name"; ...' / 'got invalid value <value>; ...'
      .replace(/got invalid value .+?(?= at "|; |$)/s, 'got an invalid value')
      // 'Int cannot represent non-integer value: "x"', 'ID cannot represent value: {...}'
      .replace(/(cannot represent [^:]*?value): .*?(?=; |$)/gs, '$1')
      // 'Expected value of type "Date", found "..."'
      .replace(/(Expected value of type "[^"]+"), found .*?(?=; |$)/gs, '$1'),
  );
}

/** graphql-js's suggestions: ' Did you mean "code"?', ' Did you mean the enum value "A" or "B"?'. */
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

export function withoutSuggestions(message: string): string {
  return message.replace(SUGGESTION, '');
}

export function formatEdgeError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  return { ...formatted, message: withoutEchoedValues(formatted.message) };
}

/** The gateway's formatError: values never echoed; suggestions dropped when `production`. */
export function edgeErrorFormatter(production: boolean): (formatted: GraphQLFormattedError) => GraphQLFormattedError {
  if (!production) return formatEdgeError;
  return (formatted) => {
    const clean = formatEdgeError(formatted);
    return { ...clean, message: withoutSuggestions(clean.message) };
  };
}
