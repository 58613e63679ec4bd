import { Directive, ObjectType } from 'type-graphql';
import { Check, Entity, ForeignKey, Index, Unique } from 'typeorm';
import { HierarchyNode, Node } from './hierarchy-node';
import { InFund } from './ancestry';
import { NodeLevel } from './hierarchy.enums';
import { Fund } from './fund.entity';

@Directive('@key(fields: "id")')
@ObjectType({ implements: [HierarchyNode, Node], description: 'A group inside a fund: joint liability and meetings.' })
@Check('group_status', `status IN ('ACTIVE', 'ARCHIVED')`)
@Entity({ name: 'member_group' })
@Index(['fundId', 'name', 'id'])
@Index(['villageId'])
@Index(['countyId'])
@Index(['provinceId'])
/** Unique in its fund over the normalised name (membership.name_key); made by a migration, an expression TypeORM does not model. */
@Index('group_name_key', { synchronize: false })
@Unique('group_ancestry_key', ['id', 'fundId', 'villageId', 'countyId', 'provinceId'])
@ForeignKey(() => Fund, ['fundId', 'villageId', 'countyId', 'provinceId'], ['id', 'villageId', 'countyId', 'provinceId'], {
  name: 'group_fund_ancestry',
  onDelete: 'RESTRICT',
  onUpdate: 'CASCADE',
})
export class Group extends InFund(HierarchyNode) {
  static override readonly LEVEL = NodeLevel.GROUP;
}
