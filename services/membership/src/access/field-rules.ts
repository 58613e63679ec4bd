import { GraphQLSchema, defaultFieldResolver, isObjectType } from 'graphql';
import { PERMISSIONS } from '@funds/auth';
import type { MembershipContext } from '../context';
import { NodeLevel } from '../modules/hierarchy/hierarchy.enums';
import { AncestryColumns, refOf } from '@funds/graphql-kit';

/** Field rules enforced on plain fields of these types, with the node each row's rule is checked on. */
const FIELD_TARGET: Record<string, (root: AncestryColumns) => ReturnType<typeof refOf>> = {
  Member: (member) => refOf(NodeLevel.MEMBER, member),
};

/**
 * Puts the permission table's field rules on the schema: every `Type.field` row of a type in
 * FIELD_TARGET (Member's personal data) authorizes before the field resolves, so a caller the
 * table refuses gets FORBIDDEN on that field (with `field` set to it) and never its value. A row
 * that names a field the schema does not have stops the server from starting.
 * (Relation fields such as Fund.members and Officer.member authorize in their resolvers.)
 */
export function enforceFieldRules(schema: GraphQLSchema): GraphQLSchema {
  for (const { operation } of PERMISSIONS.filter((p) => p.kind === 'field' && (p.service ?? 'membership') === 'membership')) {
    const [typeName, fieldName] = operation.split('.');
    const type = schema.getType(typeName);
    const field = isObjectType(type) ? type.getFields()[fieldName] : undefined;
    if (!field) throw new Error(`The permission table has a rule for ${operation}, which the membership schema does not have`);
    const target = FIELD_TARGET[typeName];
    if (!target) continue;
    const resolve = field.resolve ?? defaultFieldResolver;
    field.resolve = (root, args, ctx: MembershipContext, info) => {
      ctx.access.authorize(operation, target(root as AncestryColumns), fieldName);
      return resolve(root, args, ctx, info);
    };
  }
  return schema;
}
