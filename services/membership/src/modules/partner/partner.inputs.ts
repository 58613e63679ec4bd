import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { IsOptional, IsUUID, Matches } from 'class-validator';
import { PageArgs, IsCalendarDate, IsName, IsSearchText, NAME_MAX } from '@funds/graphql-kit';
import { PartnerKind, PartnerLinkKind } from './partner.enums';

@InputType({ description: 'A new partner organisation.' })
export class CreatePartnerInput {
  @Field(() => String, { description: `Name: at most ${NAME_MAX} characters, at least one visible.` }) @IsName() name!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsName() nameLatin?: string;
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
  @IsSearchText()
  search?: string;
}
