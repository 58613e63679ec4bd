import { Ctx, Directive, Field, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { SYSTEM_SCOPE, ScopedDatabase, ScopedDb } from '@funds/db-kit';

@Directive('@shareable')
@ObjectType({ description: 'Operational status of one subgraph: its database schema and the migrations applied to it.' })
export class ServiceStatus {
  @Field(() => String, { description: 'Service name.' }) service!: string;
  @Field(() => String, { description: 'The Postgres schema the service owns.' }) databaseSchema!: string;
  @Field(() => [String], { description: 'Migrations applied, oldest first.' }) migrations!: string[];
  @Field(() => Int, { description: 'Domain events waiting in its outbox.' }) outboxEvents!: number;
}

/**
 * Operational figures, not regional data: read in the platform's own scope (only it reads the
 * outbox under row-level security), whoever asks.
 */
export function readServiceStatus(db: ScopedDatabase, service: string, schema: string): Promise<ServiceStatus> {
  return db.read(SYSTEM_SCOPE, async (em) => {
    const migrations: { name: string }[] = await em.query(`SELECT name FROM "${schema}".migrations ORDER BY id`);
    const [{ n }]: { n: number }[] = await em.query(`SELECT count(*)::int AS n FROM "${schema}".outbox`);
    return { service, databaseSchema: schema, migrations: migrations.map((m) => m.name), outboxEvents: n };
  });
}

/** A resolver class answering `<queryName>: ServiceStatus` for a service. */
export function serviceStatusResolver(queryName: string, service: string, schema: string) {
  @Resolver()
  class StatusResolver {
    @Query(() => ServiceStatus, { name: queryName, description: `Status of the ${service} subgraph (any signed-in caller).` })
    status(@Ctx() ctx: { db: ScopedDatabase | ScopedDb }): Promise<ServiceStatus> {
      return readServiceStatus(ctx.db instanceof ScopedDb ? ctx.db.database : ctx.db, service, schema);
    }
  }
  return StatusResolver;
}
