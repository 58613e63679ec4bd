import type { ApolloServerPlugin } from '@apollo/server';
import type { DocumentNode, GraphQLSchema } from 'graphql';

/** An operation the gateway executed: what was asked (document, operation, variables) and the data answered. */
export interface ExecutedOperation {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName: string | null;
  variables: Record<string, unknown>;
  data: Record<string, unknown> | null;
}

/**
 * Calls `onOperation` after each operation that reached execution (parsed, validated, within the
 * limits), whatever its errors. Tests use it to record the fields, arguments and enum values they
 * exercise (test/support/field-coverage.ts); the gateway's own process never sets it.
 */
export function operationHook<C extends object>(onOperation: (operation: ExecutedOperation) => void): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      let executed = false;
      return {
        async executionDidStart() {
          executed = true;
        },
        async willSendResponse(requestContext) {
          if (!executed || !requestContext.document) return;
          const body = requestContext.response.body;
          const data = body.kind === 'single' ? ((body.singleResult.data as Record<string, unknown> | null | undefined) ?? null) : null;
          onOperation({
            schema: requestContext.schema,
            document: requestContext.document,
            operationName: requestContext.operationName ?? null,
            variables: requestContext.request.variables ?? {},
            data,
          });
        },
      };
    },
  };
}
