import { Directive, Field, ObjectType } from 'type-graphql';
import { Check, Column, Entity, ForeignKey, Index, Unique } from 'typeorm';
import { HierarchyNode, Node } from './hierarchy-node';
import { InCounty } from './ancestry';
import { NodeLevel, VillageKind } from './hierarchy.enums';
import { County } from './county.entity';

@Directive('@key(fields: "id")')
@ObjectType({
  implements: [HierarchyNode, Node],
  description: 'A village or commune (rural), or a neighbourhood (urban), inside a county.',
})
@Check('village_status', `status IN ('ACTIVE', 'ARCHIVED')`)
@Check('village_kind', `kind IN ('VILLAGE', 'NEIGHBORHOOD')`)
@Entity({ name: 'village' })
@Index(['countyId', 'name', 'id'])
@Index(['provinceId'])
/** Unique in its county over the normalised name (membership.name_key); made by a migration, an expression TypeORM does not model. */
@Index('village_name_key', { synchronize: false })
@Unique('village_ancestry_key', ['id', 'countyId', 'provinceId'])
@ForeignKey(() => County, ['countyId', 'provinceId'], ['id', 'provinceId'], {
  name: 'village_county_ancestry',
  onDelete: 'RESTRICT',
  onUpdate: 'CASCADE',
})
export class Village extends InCounty(HierarchyNode) {
  @Field(() => VillageKind, { description: 'Rural village or urban neighbourhood.' })
  @Column('text', { default: VillageKind.VILLAGE })
  kind!: VillageKind;

  static override readonly LEVEL = NodeLevel.VILLAGE;
}
