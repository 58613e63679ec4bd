import { Directive, ObjectType } from 'type-graphql';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { HierarchyNode } from './hierarchy-node';
import { NodeLevel } from './hierarchy.enums';
import { Province } from './province.entity';

@Directive('@key(fields: "id")')
@ObjectType({ implements: HierarchyNode, description: 'A county (shahrestan, huyen) inside a province.' })
@Check('county_status', `status IN ('ACTIVE', 'ARCHIVED')`)
@Entity({ name: 'county' })
@Index(['provinceId', 'name', 'id'])
export class County extends HierarchyNode {
  @ManyToOne(() => Province, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'province_id' })
  provinceRef?: Province;

  @Column('uuid')
  provinceId!: string;

  static override readonly LEVEL = NodeLevel.COUNTY;
}
