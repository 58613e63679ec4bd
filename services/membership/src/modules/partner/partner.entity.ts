import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { NodeLevel } from '../hierarchy/hierarchy.enums';
import { PartnerKind, PartnerLinkKind } from './partner.enums';

@Directive('@key(fields: "id")')
@ObjectType({ description: 'An organisation that supports funds: a government body, NGO, bank or donor.' })
@Entity({ name: 'partner' })
/** Unique in its network over the normalised name (membership.name_key); made by a migration, an expression TypeORM does not model. */
@Index('partner_name_key', { synchronize: false })
export class Partner {
  @Field(() => ID)
  @PrimaryColumn('uuid')
  id!: string;

  @Field(() => String, { description: 'Name in the local script.' })
  @Column('text')
  name!: string;

  @Field(() => String, { nullable: true, description: 'Name in Latin letters.' })
  @Column('text', { nullable: true })
  nameLatin!: string | null;

  @Field(() => PartnerKind)
  @Column('text')
  kind!: PartnerKind;

  @Field(() => String, { nullable: true, description: 'Country it works in (ISO 3166-1 alpha-2), if one.' })
  @Column({ type: 'char', length: 2, nullable: true })
  countryCode!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

@ObjectType({ description: 'A relationship between a partner and a node of the network, with dates.' })
@Entity({ name: 'partner_link' })
@Index(['nodeId'])
@Index(['partnerId'])
export class PartnerLink {
  @Field(() => ID)
  @PrimaryColumn('uuid')
  id!: string;

  @ManyToOne(() => Partner, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'partner_id' })
  partnerRef?: Partner;
  @Column('uuid')
  partnerId!: string;

  @Field(() => ID, { description: 'The node the partner works with.' })
  @Column('uuid')
  nodeId!: string;

  @Field(() => NodeLevel, { description: 'Level of that node.' })
  @Column('text')
  nodeLevel!: NodeLevel;

  @Field(() => PartnerLinkKind)
  @Column('text')
  kind!: PartnerLinkKind;

  @Field(() => String, { description: 'First day of the relationship.' })
  @Column('date')
  startsOn!: string;

  @Field(() => String, { nullable: true, description: 'Last day, if it has ended.' })
  @Column('date', { nullable: true })
  endsOn!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
