import type { GraphQLFormattedError } from 'graphql';

/** graphql-js's suggestions: ` Did you mean "x"?`, ` Did you mean the enum value "X"?`, ... at the end of a message. */
const SUGGESTION = /\s*Did you mean .+\?$/s;

/** graphql-js gives up on operations that repeat fields too often to compare (a field duplication flood) with this bare message. */
const VALIDATION_ABORTED = 'Validation aborted.';

/**
 * The last touch on every error the gateway answers, after formatGatewayError: messages that say
 * nothing are made to say what to fix, and with FIELD_SUGGESTIONS off, "Did you mean ...?" is cut
 * from every message (validation, variables, subgraph errors alike), so that field, type and enum
 * value names are not spelled out to whoever guesses near them.
 */
export function finishMessage(formatted: GraphQLFormattedError, options: { fieldSuggestions: boolean }): GraphQLFormattedError {
  let message = formatted.message;
  if (message === VALIDATION_ABORTED) {
    message = 'The operation repeats fields or fragments too often to be checked: ask for each field once';
  }
  if (!options.fieldSuggestions) message = message.replace(SUGGESTION, '');
  return message === formatted.message ? formatted : { ...formatted, message };
}
