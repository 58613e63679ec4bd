import { ArgsType, Field, ID } from 'type-graphql';
import { IsOptional, Matches } from 'class-validator';
import { PageArgs } from '@funds/graphql-kit';

@ArgsType()
export class AuditEventArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Only events about this node or anything under it (your scope unless given).' })
  nodeId?: string;

  @Field(() => String, { nullable: true, description: 'Only events of this mutation (e.g. enrolMember).' })
  @IsOptional()
  @Matches(/^[A-Za-z]{1,60}$/, { message: 'must be a mutation name (letters only)' })
  operation?: string;

  @Field(() => String, { nullable: true, description: 'Only events with this outcome: OK, or an error code such as FORBIDDEN.' })
  @IsOptional()
  @Matches(/^[A-Z][A-Z0-9_]{0,59}$/, { message: 'must be OK or an error code (capitals, digits, _)' })
  outcome?: string;

  @Field(() => String, { nullable: true, description: "Only events of this caller's subject." })
  @IsOptional()
  @Matches(/^[\x21-\x7e]{1,200}$/, { message: 'must be a subject as tokens carry it (printable characters, no spaces)' })
  subject?: string;
}
