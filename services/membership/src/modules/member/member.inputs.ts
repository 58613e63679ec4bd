import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { IsOptional, IsUUID, Length, Matches } from 'class-validator';
import type Decimal from 'decimal.js';
import { DecimalScalar } from '@funds/money';
import {
  DEFAULT_PAGE_SIZE,
  EXPORT_PAGE_SIZE,
  PageArgs,
  IsCalendarDate,
  IsFreeText,
  IsName,
  IsSearchText,
  FREE_TEXT_MAX,
  PERSON_NAME_MAX,
} from '@funds/graphql-kit';
import { ExitReason, Livelihood, MemberStatus, Sex } from './member.enums';

@InputType({ description: 'Details of a member that can be changed after enrolment.' })
class MemberDetailsInput {
  @Field(() => String, { nullable: true, description: 'Full name in Latin letters.' }) @IsOptional() @IsName() nameLatin?: string;
  @Field(() => Boolean, { nullable: true }) @IsOptional() femaleHeadOfHousehold?: boolean;
  @Field(() => Boolean, { nullable: true }) @IsOptional() hasDisability?: boolean;
  @Field(() => ID, { nullable: true, description: 'Partner that referred the person (e.g. the Welfare Organization).' })
  @IsOptional()
  @IsUUID()
  referredByPartnerId?: string;
  @Field(() => Livelihood, { nullable: true }) @IsOptional() livelihood?: Livelihood;
  @Field(() => DecimalScalar, { nullable: true, description: "Monthly income when enrolling, in the fund's currency." })
  @IsOptional()
  baselineMonthlyIncome?: Decimal;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^\+?[0-9 ()-]{6,20}$/, { message: 'phone must be 6-20 digits, spaces or dashes' })
  phone?: string;
}

@InputType({ description: "Enrol a person in a fund, checked against the fund's policy and the national id rules of its country." })
export class EnrolMemberInput extends MemberDetailsInput {
  @Field(() => ID) @IsUUID() fundId!: string;
  @Field(() => ID, { nullable: true, description: 'Group to place the member in (may be left out while the fund is forming).' })
  @IsOptional()
  @IsUUID()
  groupId?: string;
  @Field(() => String, { description: `Given name: at most ${PERSON_NAME_MAX} characters, at least one visible.` })
  @IsName(PERSON_NAME_MAX)
  givenName!: string;
  @Field(() => String, { description: `Family name: at most ${PERSON_NAME_MAX} characters, at least one visible.` })
  @IsName(PERSON_NAME_MAX)
  familyName!: string;
  @Field(() => String, { description: "National id: Iran's 10-digit national code, Vietnam's 12-digit citizen id." })
  @Length(1, 20)
  nationalId!: string;
  @Field(() => String, { description: 'Date of birth (YYYY-MM-DD).' }) @IsCalendarDate() birthDate!: string;
  @Field(() => Sex) sex!: Sex;
  @Field(() => String, { nullable: true, description: 'Day the membership starts (default today).' })
  @IsOptional()
  @IsCalendarDate()
  joinedOn?: string;
  @Field(() => ID, { nullable: true, description: "Village the person lives in (default: the fund's village)." })
  @IsOptional()
  @IsUUID()
  residenceVillageId?: string;
}

@InputType({ description: 'Change details of a member. Fields left out stay as they are.' })
export class UpdateMemberInput extends MemberDetailsInput {
  @Field(() => ID) @IsUUID() id!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsName(PERSON_NAME_MAX) givenName?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsName(PERSON_NAME_MAX) familyName?: string;
}

@InputType({ description: 'A member leaves the fund.' })
export class ExitMemberInput {
  @Field(() => ID) @IsUUID() id!: string;
  @Field(() => ExitReason) reason!: ExitReason;
  @Field(() => String, { nullable: true, description: 'Day the member left (default today).' })
  @IsOptional()
  @IsCalendarDate()
  exitedOn?: string;
}

@InputType({
  description:
    'Move a member to another group, in the same fund or another. A move to another fund ends this membership and opens a new one there, after the same eligibility checks.',
})
export class TransferMemberInput {
  @Field(() => ID) @IsUUID() memberId!: string;
  @Field(() => ID, { description: 'The group to move to.' }) @IsUUID() toGroupId!: string;
  @Field(() => String, { nullable: true, description: 'Day the move takes effect (default today).' })
  @IsOptional()
  @IsCalendarDate()
  effectiveOn?: string;
  @Field(() => ID, { nullable: true, description: 'New village of residence, when the member moved house.' })
  @IsOptional()
  @IsUUID()
  residenceVillageId?: string;
  @Field(() => String, { nullable: true, description: `Why (at most ${FREE_TEXT_MAX} characters).` })
  @IsOptional()
  @IsFreeText()
  reason?: string;
}

@ArgsType()
export class MemberListArgs extends PageArgs {
  @Field(() => [MemberStatus], { nullable: true, description: 'Only members with one of these statuses (default: all).' })
  status?: MemberStatus[];

  @Field(() => String, { nullable: true, description: 'Only members whose name, Latin name or national id contains this text.' })
  @IsOptional()
  @IsSearchText()
  search?: string;
}

@ArgsType()
export class AreaMemberArgs {
  @Field(() => Int, {
    nullable: true,
    description: `How many members to return (default ${DEFAULT_PAGE_SIZE}, at most ${EXPORT_PAGE_SIZE}: an export reads pages of ${EXPORT_PAGE_SIZE}).`,
  })
  first?: number;

  @Field(() => String, { nullable: true, description: 'Return the members after this cursor (from pageInfo.endCursor of this same list).' })
  after?: string;

  @Field(() => [MemberStatus], { nullable: true, description: 'Only members with one of these statuses (default: all).' })
  status?: MemberStatus[];
}
