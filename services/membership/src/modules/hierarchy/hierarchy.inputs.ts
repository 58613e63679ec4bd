import { Field, ID, InputType, Int } from 'type-graphql';
import { IsOptional, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { IsCalendarDate } from '@funds/graphql-kit';
import { VillageKind } from './hierarchy.enums';
import { Methodology } from '../policy/methodology';

@InputType({ description: 'Name of a new node.' })
class NamedInput {
  @Field(() => String, { description: 'Name in the local script (1-200 characters).' })
  @Length(1, 200)
  name!: string;

  @Field(() => String, { nullable: true, description: 'Name in Latin letters.' })
  @IsOptional()
  @Length(1, 200)
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

@InputType({ description: "Overrides of a methodology's preset policy; fields left out keep the preset." })
export class FundPolicyInput {
  @Field(() => Int, { nullable: true }) @IsOptional() @Min(1) @Max(10000) minMembers?: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @Min(1) @Max(10000) maxMembers?: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @Min(1) @Max(1000) minGroupSize?: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @Min(1) @Max(1000) maxGroupSize?: number;
  @Field(() => Int, { nullable: true, description: 'Most groups; send 0 to remove the limit.' })
  @IsOptional()
  @Min(0)
  @Max(1000)
  maxGroups?: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @Min(0) @Max(120) minAge?: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @Min(0) @Max(120) maxAge?: number;
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
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 200) name?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 200) nameLatin?: string;
  @Field(() => VillageKind, { nullable: true, description: 'Villages only.' }) @IsOptional() kind?: VillageKind;
}

@InputType({ description: 'Change the policy of a fund.' })
export class UpdateFundPolicyInput extends FundPolicyInput {
  @Field(() => ID) @IsUUID() fundId!: string;
}
