import { Field, ID, InputType } from 'type-graphql';
import { IsISO8601, IsOptional, IsUUID } from 'class-validator';
import { OfficerRole } from './officer.enums';

@InputType({ description: 'Appoint an active member of a fund to a board role.' })
export class AppointOfficerInput {
  @Field(() => ID) @IsUUID() fundId!: string;
  @Field(() => ID) @IsUUID() memberId!: string;
  @Field(() => OfficerRole) role!: OfficerRole;
  @Field(() => String, { description: 'First day of the term (YYYY-MM-DD).' }) @IsISO8601({ strict: true }) termStart!: string;
  @Field(() => String, { nullable: true, description: 'Planned last day of the term.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  termEnd?: string;
}
