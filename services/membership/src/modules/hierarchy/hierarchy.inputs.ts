import { Field, ID, InputType, Int } from 'type-graphql';
import { IsOptional, IsUUID, Matches } from 'class-validator';
import { IsCalendarDate, IsName, NAME_MAX } from '@funds/graphql-kit';
import { VillageKind } from './hierarchy.enums';
import { Methodology } from '../policy/methodology';
import { POLICY_LIMITS } from '../policy/fund-policy';

@InputType({ description: 'Name of a new node.' })
class NamedInput {
  @Field(() => String, {
    description: `Name in the local script: at most ${NAME_MAX} characters, at least one visible; trimmed and NFC-normalised.`,
  })
  @IsName()
  name!: string;

  @Field(() => String, { nullable: true, description: `Name in Latin letters (same rules as name).` })
  @IsOptional()
  @IsName()
  nameLatin?: string;
}

@InputType({ description: 'A new province.' })
export class CreateProvinceInput extends NamedInput {
  @Field(() => String, { description: 'Country code: IR or VN.' })
  @Matches(/^[A-Z]{2}$/, { message: 'countryCode must be two capital letters (ISO 3166-1), e.g. IR' })
  countryCode!: string;
}

@InputType({ description: 'A new county in a province.' })
export class CreateCountyInput extends NamedInput {
  @Field(() => ID) @IsUUID() provinceId!: string;
}

@InputType({ description: 'A new village or neighbourhood in a county.' })
export class CreateVillageInput extends NamedInput {
  @Field(() => ID) @IsUUID() countyId!: string;
  @Field(() => VillageKind, { defaultValue: VillageKind.VILLAGE }) kind!: VillageKind;
}

/** The range of a policy number, for its description; POLICY_LIMITS is the rule (checked by policyProblem). */
const range = (field: keyof typeof POLICY_LIMITS) => `${POLICY_LIMITS[field].min}-${POLICY_LIMITS[field].max}`;

@InputType({
  description:
    "Overrides of a methodology's preset policy; fields left out keep the preset. createFund and updateFundPolicy check the result by the same rules (INVALID_POLICY naming the field).",
})
export class FundPolicyInput {
  @Field(() => Int, { nullable: true, description: `Members needed to activate (${range('minMembers')}).` }) minMembers?: number;
  @Field(() => Int, { nullable: true, description: `Most active members (${range('maxMembers')}).` }) maxMembers?: number;
  @Field(() => Int, { nullable: true, description: `Fewest members of a formed group (${range('minGroupSize')}).` }) minGroupSize?: number;
  @Field(() => Int, { nullable: true, description: `Most members of a group (${range('maxGroupSize')}).` }) maxGroupSize?: number;
  @Field(() => Int, { nullable: true, description: `Most groups (${range('maxGroups')}); send 0 to remove the limit.` })
  maxGroups?: number;
  @Field(() => Int, { nullable: true, description: `Youngest age at enrolment (${range('minAge')}).` }) minAge?: number;
  @Field(() => Int, { nullable: true, description: `Oldest age at enrolment (${range('maxAge')}).` }) maxAge?: number;
  @Field(() => Boolean, { nullable: true }) @IsOptional() womenOnly?: boolean;
  @Field(() => Boolean, { nullable: true }) @IsOptional() residenceRequired?: boolean;
}

@InputType({ description: 'A new fund in a village. It starts FORMING.' })
export class CreateFundInput extends NamedInput {
  @Field(() => ID) @IsUUID() villageId!: string;
  @Field(() => Methodology) methodology!: Methodology;

  @Field(() => String, { nullable: true, description: "Currency of the books (ISO 4217); default the country's (IRR, VND)." })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as IRR' })
  currency?: string;

  @Field(() => String, { nullable: true, description: 'Founding date (YYYY-MM-DD).' })
  @IsOptional()
  @IsCalendarDate()
  foundedOn?: string;

  @Field(() => FundPolicyInput, { nullable: true, description: "Overrides of the methodology's preset." })
  @IsOptional()
  policy?: FundPolicyInput;
}

@InputType({ description: 'A new group in a fund.' })
export class CreateGroupInput extends NamedInput {
  @Field(() => ID) @IsUUID() fundId!: string;
}

@InputType({ description: 'Rename a node or change its details. Fields left out stay as they are.' })
export class UpdateNodeInput {
  @Field(() => ID) @IsUUID() id!: string;
  @Field(() => String, { nullable: true, description: 'New name (the rules of a new name).' }) @IsOptional() @IsName() name?: string;
  @Field(() => String, { nullable: true, description: 'New Latin name.' }) @IsOptional() @IsName() nameLatin?: string;
  @Field(() => VillageKind, { nullable: true, description: 'Villages only.' }) @IsOptional() kind?: VillageKind;
}

@InputType({ description: 'Change the policy of a fund.' })
export class UpdateFundPolicyInput extends FundPolicyInput {
  @Field(() => ID) @IsUUID() fundId!: string;
}
