import { ObjectType, Directive } from 'type-graphql';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { HierarchyNode } from './hierarchy-node';
import { NodeLevel } from './hierarchy.enums';
import { Country } from './country.entity';

@Directive('@key(fields: "id")')
@ObjectType({ implements: HierarchyNode, description: 'A province (ostan, tinh): the top of the network in one country.' })
@Check('province_status', `status IN ('ACTIVE', 'ARCHIVED')`)
@Entity({ name: 'province' })
@Index(['countryCode', 'name'])
/** Unique in its country over the normalised name (membership.name_key); made by a migration, an expression TypeORM does not model. */
@Index('province_name_key', { synchronize: false })
@Unique('province_country_key', ['id', 'countryCode'])
export class Province extends HierarchyNode {
  @ManyToOne(() => Country, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'country_code' })
  countryRef?: Country;

  @Column({ type: 'char', length: 2 })
  countryCode!: string;

  static override readonly LEVEL = NodeLevel.PROVINCE;
}
