import { Directive, Field, ObjectType } from 'type-graphql';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { HierarchyNode } from './hierarchy-node';
import { NodeLevel, VillageKind } from './hierarchy.enums';
import { County } from './county.entity';
import { Province } from './province.entity';

@Directive('@key(fields: "id")')
@ObjectType({ implements: HierarchyNode, description: 'A village or commune (rural), or a neighbourhood (urban), inside a county.' })
@Check('village_status', `status IN ('ACTIVE', 'ARCHIVED')`)
@Check('village_kind', `kind IN ('VILLAGE', 'NEIGHBORHOOD')`)
@Entity({ name: 'village' })
@Index(['countyId', 'name', 'id'])
@Index(['provinceId'])
export class Village extends HierarchyNode {
  @Field(() => VillageKind, { description: 'Rural village or urban neighbourhood.' })
  @Column('text', { default: VillageKind.VILLAGE })
  kind!: VillageKind;

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

  static override readonly LEVEL = NodeLevel.VILLAGE;
}
