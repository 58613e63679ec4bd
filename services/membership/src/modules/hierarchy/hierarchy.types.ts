import { ArgsType, Field } from 'type-graphql';
export { NodeStats, AncestorRef } from './node-stats.type';
import { IsOptional } from 'class-validator';
import { IsSearchText, PageArgs, connectionType } from '@funds/graphql-kit';
import { NodeStatus } from './hierarchy.enums';
import { Province } from './province.entity';
import { County } from './county.entity';
import { Village } from './village.entity';
import { Fund } from './fund.entity';
import { Group } from './group.entity';

@ArgsType()
export class NodeListArgs extends PageArgs {
  @Field(() => [NodeStatus], { nullable: true, description: 'Only nodes with one of these statuses (default: all).' })
  status?: NodeStatus[];

  @Field(() => String, { nullable: true, description: 'Only nodes whose name or Latin name contains this text (case-insensitive).' })
  @IsOptional()
  @IsSearchText()
  search?: string;
}

export const ProvinceConnection = connectionType(Province, 'Province');
export const CountyConnection = connectionType(County, 'County');
export const VillageConnection = connectionType(Village, 'Village');
export const FundConnection = connectionType(Fund, 'Fund');
export const GroupConnection = connectionType(Group, 'Group');
