import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { IsOptional, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { PageArgs, IsCalendarDate } from '@funds/graphql-kit';
import { PartnerKind, PartnerLinkKind } from './partner.enums';

@InputType({ description: 'A new partner organisation.' })
export class CreatePartnerInput {
  @Field(() => String) @Length(1, 200) name!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 200) nameLatin?: string;
  @Field(() => PartnerKind) kind!: PartnerKind;
  @Field(() => String, { nullable: true, description: 'Country it works in, if only one.' })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/)
  countryCode?: string;
}

@InputType({ description: 'Record what a partner does for a node (finances, refers members, trains, facilitates).' })
export class LinkPartnerInput {
  @Field(() => ID) @IsUUID() partnerId!: string;
  @Field(() => ID, { description: 'A province, county, village, fund or group.' }) @IsUUID() nodeId!: string;
  @Field(() => PartnerLinkKind) kind!: PartnerLinkKind;
  @Field(() => String) @IsCalendarDate() startsOn!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsCalendarDate() endsOn?: string;
}

@ArgsType()
export class PartnerListArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'Only partners whose name contains this text.' })
  @IsOptional()
  @MaxLength(100)
  search?: string;
}
