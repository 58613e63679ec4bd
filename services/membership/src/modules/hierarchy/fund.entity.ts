import { Directive, Field, ObjectType } from 'type-graphql';
import { Check, Column, Entity, ForeignKey, Index, Unique } from 'typeorm';
import { HierarchyNode, Node } from './hierarchy-node';
import { InVillage } from './ancestry';
import { NodeLevel } from './hierarchy.enums';
import { Village } from './village.entity';
import { Methodology } from '../policy/methodology';
import { FundPolicy } from '../policy/fund-policy';

@Directive('@key(fields: "id")')
@ObjectType({
  implements: [HierarchyNode, Node],
  description: "A fund: the book-keeping unit that holds the members' money. A self-help or savings group is a fund with one group.",
})
@Check('fund_status', `status IN ('FORMING', 'ACTIVE', 'ARCHIVED')`)
@Check('fund_methodology', `methodology IN ('MICRO_FUND', 'SELF_HELP_GROUP', 'SAVINGS_GROUP')`)
@Entity({ name: 'fund' })
@Index(['villageId', 'name', 'id'])
@Index(['countyId'])
@Index(['provinceId'])
/** Unique in its village over the normalised name (membership.name_key); made by a migration, an expression TypeORM does not model. */
@Index('fund_name_key', { synchronize: false })
@Unique('fund_ancestry_key', ['id', 'villageId', 'countyId', 'provinceId'])
@ForeignKey(() => Village, ['villageId', 'countyId', 'provinceId'], ['id', 'countyId', 'provinceId'], {
  name: 'fund_village_ancestry',
  onDelete: 'RESTRICT',
  onUpdate: 'CASCADE',
})
@Check('fund_policy_members', '"policy_max_members" >= "policy_min_members" AND "policy_min_members" >= 1')
@Check('fund_policy_groups', '"policy_max_group_size" >= "policy_min_group_size" AND "policy_min_group_size" >= 1')
@Check('fund_policy_ages', '"policy_max_age" >= "policy_min_age" AND "policy_min_age" >= 0')
export class Fund extends InVillage(HierarchyNode) {
  @Field(() => Methodology, { description: 'How the fund works.' })
  @Column('text')
  methodology!: Methodology;

  @Field(() => String, { description: 'Currency of its books (ISO 4217).' })
  @Column({ type: 'char', length: 3 })
  currency!: string;

  @Field(() => String, { nullable: true, description: 'Date the fund was founded (YYYY-MM-DD).' })
  @Column('date', { nullable: true })
  foundedOn!: string | null;

  @Field(() => String, { nullable: true, description: 'Date the fund became active.' })
  @Column('date', { nullable: true })
  activatedOn!: string | null;

  @Column('int') policyMinMembers!: number;
  @Column('int') policyMaxMembers!: number;
  @Column('int') policyMinGroupSize!: number;
  @Column('int') policyMaxGroupSize!: number;
  @Column('int', { nullable: true }) policyMaxGroups!: number | null;
  @Column('int') policyMinAge!: number;
  @Column('int') policyMaxAge!: number;
  @Column('boolean') policyWomenOnly!: boolean;
  @Column('boolean') policyResidenceRequired!: boolean;

  static override readonly LEVEL = NodeLevel.FUND;

  get policy(): FundPolicy {
    return Object.assign(new FundPolicy(), {
      methodology: this.methodology,
      minMembers: this.policyMinMembers,
      maxMembers: this.policyMaxMembers,
      minGroupSize: this.policyMinGroupSize,
      maxGroupSize: this.policyMaxGroupSize,
      maxGroups: this.policyMaxGroups,
      minAge: this.policyMinAge,
      maxAge: this.policyMaxAge,
      womenOnly: this.policyWomenOnly,
      residenceRequired: this.policyResidenceRequired,
    });
  }

  set policy(p: Omit<FundPolicy, 'methodology'>) {
    this.policyMinMembers = p.minMembers;
    this.policyMaxMembers = p.maxMembers;
    this.policyMinGroupSize = p.minGroupSize;
    this.policyMaxGroupSize = p.maxGroupSize;
    this.policyMaxGroups = p.maxGroups;
    this.policyMinAge = p.minAge;
    this.policyMaxAge = p.maxAge;
    this.policyWomenOnly = p.womenOnly;
    this.policyResidenceRequired = p.residenceRequired;
  }
}
