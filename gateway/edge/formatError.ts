/**
 * Error messages leave the gateway without the values a request carried: graphql-js echoes an
 * invalid variable or literal in its message ('Variable "$input" got invalid value { idNumber:
 * ..., name: ... }'), which would put ID numbers and names into answers and into anything that
 * logs them. The path and the rule stay, so the caller still knows what to fix; anything shaped
 * like an ID number is masked as a last line of defence.
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

export function formatEdgeError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  return { ...formatted, message: withoutEchoedValues(formatted.message) };
}
