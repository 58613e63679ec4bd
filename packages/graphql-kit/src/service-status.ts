import { Ctx, Directive, Field, Int, ObjectType, Query, Resolver } from 'type-graphql';
import type { DataSource } from 'typeorm';

@Directive('@shareable')
@ObjectType({ description: 'Operational status of one subgraph: its database schema and the migrations applied to it.' })
export class ServiceStatus {
  @Field(() => String, { description: 'Service name.' }) service!: string;
  @Field(() => String, { description: 'The Postgres schema the service owns.' }) databaseSchema!: string;
  @Field(() => [String], { description: 'Migrations applied, oldest first.' }) migrations!: string[];
  @Field(() => Int, { description: 'Domain events waiting in its outbox.' }) outboxEvents!: number;
}

export async function readServiceStatus(db: DataSource, service: string, schema: string): Promise<ServiceStatus> {
  const migrations: { name: string }[] = await db.query(`SELECT name FROM "${schema}".migrations ORDER BY id`);
  const [{ n }]: { n: number }[] = await db.query(`SELECT count(*)::int AS n FROM "${schema}".outbox`);
  return { service, databaseSchema: schema, migrations: migrations.map((m) => m.name), outboxEvents: n };
}

/** A resolver class answering `<queryName>: ServiceStatus` for a service. */
export function serviceStatusResolver(queryName: string, service: string, schema: string) {
  @Resolver()
  class StatusResolver {
    @Query(() => ServiceStatus, { name: queryName, description: `Status of the ${service} subgraph (any signed-in caller).` })
    status(@Ctx() ctx: { db: DataSource }): Promise<ServiceStatus> {
      return readServiceStatus(ctx.db, service, schema);
    }
  }
  return StatusResolver;
}
