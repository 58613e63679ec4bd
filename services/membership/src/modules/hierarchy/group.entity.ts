import { Directive, ObjectType } from 'type-graphql';
import { Check, Entity, Index } from 'typeorm';
import { HierarchyNode, Node } from './hierarchy-node';
import { InFund } from './ancestry';
import { NodeLevel } from './hierarchy.enums';

@Directive('@key(fields: "id")')
@ObjectType({ implements: [HierarchyNode, Node], description: 'A group inside a fund: joint liability and meetings.' })
@Check('group_status', `status IN ('ACTIVE', 'ARCHIVED')`)
@Entity({ name: 'member_group' })
@Index(['fundId', 'name', 'id'])
@Index(['villageId'])
@Index(['countyId'])
@Index(['provinceId'])
export class Group extends InFund(HierarchyNode) {
  static override readonly LEVEL = NodeLevel.GROUP;
}
