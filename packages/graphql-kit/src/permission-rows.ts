import { GraphQLSchema, isObjectType } from 'graphql';
import { PERMISSIONS } from '@funds/auth';

/**
 * Every permission-table row of `service` names an operation `schema` has: a row with a typo, or
 * left behind by a renamed field, stops the service at start instead of guarding nothing.
 */
export function assertPermissionRows(schema: GraphQLSchema, service: string): void {
  for (const p of PERMISSIONS.filter((row) => row.service === service)) {
    const [typeName, fieldName] = p.kind === 'field' ? p.operation.split('.') : [p.kind === 'query' ? 'Query' : 'Mutation', p.operation];
    const type = schema.getType(typeName);
    if (!isObjectType(type) || !type.getFields()[fieldName]) {
      throw new Error(`The permission table has a rule for ${p.operation}, which the ${service} schema does not have`);
    }
  }
}
