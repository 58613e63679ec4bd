import { registerEnumType } from 'type-graphql';
import { Role } from '@funds/auth';

registerEnumType(Role, {
  name: 'Role',
  description:
    'What a caller may do: national admin (everything), regional admin (a province or county), fund officer (one fund), dashboard viewer (reads counts under a node).',
});
