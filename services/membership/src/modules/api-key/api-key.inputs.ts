import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { ArrayMaxSize, ArrayMinSize, IsUUID } from 'class-validator';
import { PartnerGrant } from '@funds/auth';
import { IsName, NAME_MAX, PageArgs } from '@funds/graphql-kit';

@InputType({ description: 'A new API key for a partner app, granted one node of your scope.' })
export class CreateApiKeyInput {
  @Field(() => ID, { description: 'The partner organisation the app belongs to.' }) @IsUUID() partnerId!: string;
  @Field(() => ID, { description: 'The node the key acts at (and under): a province, county, village, fund or group of your scope.' })
  @IsUUID()
  nodeId!: string;
  @Field(() => [PartnerGrant], { description: 'What the key allows: PORTFOLIO_READ, FUND_WRITE (on a fund only), or both.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(2)
  grants!: PartnerGrant[];
  @Field(() => String, { description: `What the key is for (the app, its environment): at most ${NAME_MAX} characters.` })
  @IsName()
  name!: string;
  @Field(() => Date, { description: 'When the key stops working: in the future, at most 366 days from now.' })
  expiresAt!: Date;
}

@ArgsType()
export class ApiKeyListArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Only keys granted this node or a node under it (your scope unless given).' })
  nodeId?: string;
}
