import { Directive, ObjectType } from 'type-graphql';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { HierarchyNode } from './hierarchy-node';
import { NodeLevel } from './hierarchy.enums';
import { County } from './county.entity';
import { Fund } from './fund.entity';
import { Province } from './province.entity';
import { Village } from './village.entity';

@Directive('@key(fields: "id")')
@ObjectType({ implements: HierarchyNode, description: 'A group inside a fund: joint liability and meetings.' })
@Check('group_status', `status IN ('ACTIVE', 'ARCHIVED')`)
@Entity({ name: 'member_group' })
@Index(['fundId', 'name', 'id'])
@Index(['villageId'])
@Index(['countyId'])
@Index(['provinceId'])
export class Group extends HierarchyNode {
  @ManyToOne(() => Province, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'province_id' })
  provinceRef?: Province;

  @Column('uuid')
  provinceId!: string;

  @ManyToOne(() => County, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'county_id' })
  countyRef?: County;

  @Column('uuid')
  countyId!: string;

  @ManyToOne(() => Village, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'village_id' })
  villageRef?: Village;

  @Column('uuid')
  villageId!: string;

  @ManyToOne(() => Fund, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'fund_id' })
  fundRef?: Fund;

  @Column('uuid')
  fundId!: string;

  static override readonly LEVEL = NodeLevel.GROUP;
}
