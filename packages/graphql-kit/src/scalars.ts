import { registerEnumType } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import { Role } from '@funds/auth';

/** A calendar date, "YYYY-MM-DD", checked to be a real date. */
export const LocalDate = LocalDateResolver;

registerEnumType(Role, {
  name: 'Role',
  description:
    'What a caller may do: national admin (everything), regional admin (a province or county), fund officer (one fund), dashboard viewer (reads counts under a node).',
});
