import { Directive, ObjectType } from 'type-graphql';
import { Check, Entity, Index, Unique } from 'typeorm';
import { HierarchyNode, Node } from './hierarchy-node';
import { InProvince } from './ancestry';
import { NodeLevel } from './hierarchy.enums';

@Directive('@key(fields: "id")')
@ObjectType({ implements: [HierarchyNode, Node], description: 'A county (shahrestan, huyen) inside a province.' })
@Check('county_status', `status IN ('ACTIVE', 'ARCHIVED')`)
@Entity({ name: 'county' })
@Index(['provinceId', 'name', 'id'])
/** Unique in its province over the normalised name (membership.name_key); made by a migration, an expression TypeORM does not model. */
@Index('county_name_key', { synchronize: false })
/** Its ancestry as a key: villages reference it and follow a move of the county. */
@Unique('county_ancestry_key', ['id', 'provinceId'])
export class County extends InProvince(HierarchyNode) {
  static override readonly LEVEL = NodeLevel.COUNTY;
}
