import { GraphQLSchema, defaultFieldResolver, isObjectType } from 'graphql';
import { DomainError } from './errors';

/** Postgres text cannot hold U+0000, and an unpaired surrogate is not text at all. */
// eslint-disable-next-line no-control-regex -- finding NUL is the point
export const NOT_TEXT = /\u0000|\p{Cs}/u;

/** The path of the first string under `value` that Postgres cannot store (NUL) or that is not well-formed Unicode. */
function firstUnstorable(value: unknown, path: string): string | null {
  if (typeof value === 'string') return NOT_TEXT.test(value) ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = firstUnstorable(value[i], path ? `${path}.${i}` : String(i));
      if (found !== null) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== null && proto !== Object.prototype) return null; // scalars parsed to objects (Decimal) hold no text
    for (const [key, child] of Object.entries(value)) {
      const found = firstUnstorable(child, path ? `${path}.${key}` : key);
      if (found !== null) return found;
    }
  }
  return null;
}

/**
 * Refuses, in every field of the schema that takes arguments, a string argument (at any depth of
 * an input object or list) holding a NUL character or an unpaired surrogate, with INVALID_INPUT
 * naming the field as validation does (`name`, `policy.note`, or the argument's own name). One
 * guard for every input, present and future, so Postgres never sees such text (it refuses NUL,
 * which used to surface as an internal error). Wraps the resolvers in place, keeping federation's
 * own (`_entities`) covered too.
 */
export function refuseUnstorableText(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.args.length === 0) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args: Record<string, unknown>, context, info) => {
        for (const [name, value] of Object.entries(args)) {
          const isInput = value !== null && typeof value === 'object' && !Array.isArray(value);
          const path = firstUnstorable(value, isInput ? '' : name);
          if (path !== null) {
            throw new DomainError(
              'INVALID_INPUT',
              `Invalid ${path}: text must not contain the NUL character (U+0000) or unpaired surrogates`,
              path,
            );
          }
        }
        return resolve(source, args, context, info);
      };
    }
  }
  return schema;
}
