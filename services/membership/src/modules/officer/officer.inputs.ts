import { Field, ID, InputType } from 'type-graphql';
import { IsOptional, IsUUID } from 'class-validator';
import { IsCalendarDate } from '@funds/graphql-kit';
import { OfficerRole } from './officer.enums';

@InputType({ description: 'Appoint an active member of a fund to a board role.' })
export class AppointOfficerInput {
  @Field(() => ID) @IsUUID() fundId!: string;
  @Field(() => ID) @IsUUID() memberId!: string;
  @Field(() => OfficerRole) role!: OfficerRole;
  @Field(() => String, { description: 'First day of the term (YYYY-MM-DD).' }) @IsCalendarDate() termStart!: string;
  @Field(() => String, { nullable: true, description: 'Planned last day of the term.' })
  @IsOptional()
  @IsCalendarDate()
  termEnd?: string;
}
