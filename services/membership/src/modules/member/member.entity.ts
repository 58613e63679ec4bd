import { Directive, Field, ObjectType } from 'type-graphql';
import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, JoinColumn, ManyToOne, UpdateDateColumn } from 'typeorm';
import type Decimal from 'decimal.js';
import { DecimalScalar, decimalTransformer } from '@funds/money';
import { Node } from '../hierarchy/hierarchy-node';
import { InFund } from '../hierarchy/ancestry';
import { Group } from '../hierarchy/group.entity';
import { Fund } from '../hierarchy/fund.entity';
import { Province } from '../hierarchy/province.entity';
import { Village } from '../hierarchy/village.entity';
import { Partner } from '../partner/partner.entity';
import { ExitReason, Livelihood, MemberStatus, Sex } from './member.enums';

/**
 * One membership of one person in one fund. A person has at most one membership that is not
 * EXITED across the whole network (unique national id among live memberships).
 */
@Directive('@key(fields: "id")')
@ObjectType({ implements: Node, description: "A person's membership in a fund. Personal fields are hidden from dashboard viewers." })
@Entity({ name: 'member' })
@Index('member_live_national_id', ['countryCode', 'nationalId'], { unique: true, where: "status <> 'EXITED'" })
@Index(['fundId', 'familyName', 'givenName', 'id'])
@Index(['groupId'])
// Keysets of the export lists (Province/County/Village.members): WHERE <area>_id = $1 AND id > $2 ORDER BY id.
@Index(['villageId', 'id'])
@Index(['countyId', 'id'])
@Index(['provinceId', 'id'])
@Check('member_sex', `sex IN ('FEMALE', 'MALE')`)
@Check('member_status', `status IN ('ACTIVE', 'SUSPENDED', 'EXITED')`)
@Check('member_national_id_digits', `national_id ~ '^[0-9]+$'`)
@Check('member_exit_consistent', `(status = 'EXITED') = (exited_on IS NOT NULL)`)
// Its ancestry is its group's (when in one) and its fund's, and follows them when they move; its country is its province's.
@ForeignKey(
  () => Group,
  ['groupId', 'fundId', 'villageId', 'countyId', 'provinceId'],
  ['id', 'fundId', 'villageId', 'countyId', 'provinceId'],
  { name: 'member_group_ancestry', onDelete: 'RESTRICT', onUpdate: 'CASCADE' },
)
@ForeignKey(() => Fund, ['fundId', 'villageId', 'countyId', 'provinceId'], ['id', 'villageId', 'countyId', 'provinceId'], {
  name: 'member_fund_ancestry',
  onDelete: 'RESTRICT',
  onUpdate: 'CASCADE',
})
@ForeignKey(() => Province, ['provinceId', 'countryCode'], ['id', 'countryCode'], {
  name: 'member_province_country',
  onDelete: 'RESTRICT',
  onUpdate: 'CASCADE',
})
export class Member extends InFund(Node) {
  @Field(() => String, { description: 'Given name, in the local script.' })
  @Column('text')
  givenName!: string;

  @Field(() => String, { description: 'Family name, in the local script.' })
  @Column('text')
  familyName!: string;

  @Field(() => String, { nullable: true, description: 'Full name in Latin letters.' })
  @Column('text', { nullable: true })
  nameLatin!: string | null;

  @Field(() => String, { description: 'National id as validated for the country (digits only).' })
  @Column('text')
  nationalId!: string;

  @Column({ type: 'char', length: 2 })
  countryCode!: string;

  @Field(() => String, { description: 'Date of birth (YYYY-MM-DD).' })
  @Column('date')
  birthDate!: string;

  @Field(() => Sex)
  @Column('text')
  sex!: Sex;

  @Field(() => Boolean, { description: 'Heads a female-headed household (priority group).' })
  @Column('boolean', { default: false })
  femaleHeadOfHousehold!: boolean;

  @Field(() => Boolean, { description: 'Lives with a disability (priority group).' })
  @Column('boolean', { default: false })
  hasDisability!: boolean;

  @ManyToOne(() => Partner, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'referred_by_partner_id' })
  referredByPartnerRef?: Partner;
  @Column('uuid', { nullable: true })
  referredByPartnerId!: string | null;

  @ManyToOne(() => Village, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'residence_village_id' })
  residenceVillageRef?: Village;
  @Column('uuid', { nullable: true })
  residenceVillageId!: string | null;

  @Field(() => Livelihood, { nullable: true, description: 'Main livelihood activity.' })
  @Column('text', { nullable: true })
  livelihood!: Livelihood | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: "Monthly income when enrolling, in the fund's currency (baseline for impact).",
  })
  @Column('numeric', { nullable: true, transformer: decimalTransformer })
  baselineMonthlyIncome!: Decimal | null;

  @Field(() => String, { nullable: true, description: 'Phone number.' })
  @Column('text', { nullable: true })
  phone!: string | null;

  @Field(() => MemberStatus)
  @Column('text', { default: MemberStatus.ACTIVE })
  status!: MemberStatus;

  @Field(() => String, { description: 'Date the member joined this fund.' })
  @Column('date')
  joinedOn!: string;

  @Field(() => String, { nullable: true, description: 'Date the member left, when EXITED.' })
  @Column('date', { nullable: true })
  exitedOn!: string | null;

  @Field(() => ExitReason, { nullable: true, description: 'Why the member left, when EXITED.' })
  @Column('text', { nullable: true })
  exitReason!: ExitReason | null;

  @Field(() => String, { nullable: true, description: 'Why the member is suspended, when SUSPENDED.' })
  @Column('text', { nullable: true })
  suspensionReason!: string | null;

  @Column('uuid', { nullable: true })
  transferredFromId!: string | null;

  @ManyToOne(() => Group, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'group_id' })
  groupRef?: Group;
  @Column('uuid', { nullable: true })
  groupId!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  @Field(() => String, { description: 'Given and family name.' })
  get fullName(): string {
    return `${this.givenName} ${this.familyName}`;
  }
}
