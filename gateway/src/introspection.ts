import { BREAK, DocumentNode, visit } from 'graphql';
import { Role } from '@funds/auth';
import type { IntrospectionMode } from '@funds/config';
import type { GatewayContext } from './context';
import { GatewayRefusal, RequestRule } from './refusal';

/** Roles that may read the schema when INTROSPECTION=admins. */
const SCHEMA_READERS: readonly Role[] = [Role.NATIONAL_ADMIN, Role.REGIONAL_ADMIN];

/** True when the document asks for the schema (`__schema` or `__type`, anywhere); `__typename` is not introspection of the schema. */
export function readsSchema(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/**
 * Who may introspect (INTROSPECTION): `open` lets anyone, also without a token (development: the
 * console's documentation pane works before signing in); `admins` refuses anonymous callers with
 * 401 UNAUTHENTICATED and every role but national and regional admins with 403 FORBIDDEN; `off`
 * refuses everyone with 403 FORBIDDEN. Checked before any subgraph is asked.
 */
export function introspectionAllowed(mode: IntrospectionMode): RequestRule<GatewayContext> {
  return ({ document, contextValue }) => {
    if (mode === 'open' || !readsSchema(document)) return;
    if (mode === 'off') throw new GatewayRefusal('FORBIDDEN', 'Reading the schema (introspection) is turned off on this server', 403);
    const identity = contextValue.identity;
    if (!identity) {
      throw new GatewayRefusal('UNAUTHENTICATED', 'Sign in as a national or regional admin to read the schema (introspection)', 401);
    }
    if (!SCHEMA_READERS.includes(identity.role)) {
      throw new GatewayRefusal('FORBIDDEN', 'Only national and regional admins may read the schema (introspection)', 403);
    }
  };
}
