import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Check, Column, Entity, ForeignKey, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { PartnerGrant } from '@funds/auth';
import { NodeLevel } from '../hierarchy/hierarchy.enums';
import { Partner } from '../partner/partner.entity';
import { Province } from '../hierarchy/province.entity';
import { County } from '../hierarchy/county.entity';
import { Village } from '../hierarchy/village.entity';
import { Fund } from '../hierarchy/fund.entity';
import { Group } from '../hierarchy/group.entity';
import { API_KEY_CHECKS } from './api-key.checks';

/** Each level of the key's node's ancestry references that level's row and follows it (a move carries its keys). */
const ANCESTRY = { onDelete: 'RESTRICT', onUpdate: 'CASCADE' } as const;
const checks = (target: Function) => {
  for (const [name, expression] of API_KEY_CHECKS) Check(name, expression)(target);
};

registerEnumType(PartnerGrant, {
  name: 'PartnerGrant',
  description:
    "What a partner app's API key allows under its node. PORTFOLIO_READ: the hierarchy and its counts, never members' personal data, no writes. FUND_WRITE: what a fund officer does in one fund (the key's node must be a fund).",
});

export enum ApiKeyStatus {
  ACTIVE = 'ACTIVE',
  EXPIRED = 'EXPIRED',
  REVOKED = 'REVOKED',
}
registerEnumType(ApiKeyStatus, { name: 'ApiKeyStatus', description: 'Whether a key is accepted now.' });

/**
 * A partner app's API key. The secret is never stored, only its SHA-256 (`secretHash`, never a
 * GraphQL field); the key itself is shown once, in createApiKey's answer. The row carries its
 * node's ancestry (its own id in its level's column) like every row of regional data: row-level
 * security keys on it and a move of the node carries it (foreign keys ON UPDATE CASCADE).
 */
@ObjectType({
  description:
    "A partner app's API key: who it is for, the node it is granted, its grants and its life (expiry, revocation). The key itself is shown once, when it is created, and never again.",
})
@Entity({ name: 'api_key' })
@Index('api_key_node', ['nodeId'])
@Index('api_key_partner', ['partnerId'])
@ForeignKey(() => Province, ['provinceId'], ['id'], { name: 'api_key_province', ...ANCESTRY })
@ForeignKey(() => County, ['countyId', 'provinceId'], ['id', 'provinceId'], { name: 'api_key_county_ancestry', ...ANCESTRY })
@ForeignKey(() => Village, ['villageId', 'countyId', 'provinceId'], ['id', 'countyId', 'provinceId'], {
  name: 'api_key_village_ancestry',
  ...ANCESTRY,
})
@ForeignKey(() => Fund, ['fundId', 'villageId', 'countyId', 'provinceId'], ['id', 'villageId', 'countyId', 'provinceId'], {
  name: 'api_key_fund_ancestry',
  ...ANCESTRY,
})
@ForeignKey(
  () => Group,
  ['groupId', 'fundId', 'villageId', 'countyId', 'provinceId'],
  ['id', 'fundId', 'villageId', 'countyId', 'provinceId'],
  { name: 'api_key_group_ancestry', ...ANCESTRY },
)
@checks
export class ApiKey {
  @Field(() => ID, {
    description: 'The key id: the part of the key after `fk_` and before the secret, and the `apikey:<id>` subject it acts as.',
  })
  @PrimaryColumn('uuid')
  id!: string;

  @ManyToOne(() => Partner, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'partner_id', foreignKeyConstraintName: 'api_key_partner_id_fkey' })
  partnerRef?: Partner;
  @Column('uuid')
  partnerId!: string;

  @Field(() => String, { description: 'What the key is for (the app, its environment), as the admin named it.' })
  @Column('text')
  name!: string;

  @Field(() => ID, { description: 'The node the key is granted: it acts at this node and under it, never elsewhere.' })
  @Column('uuid')
  nodeId!: string;

  @Field(() => NodeLevel, { description: 'Level of that node.' })
  @Column('text')
  nodeLevel!: NodeLevel;

  @Column('uuid') provinceId!: string;
  @Column('uuid', { nullable: true }) countyId!: string | null;
  @Column('uuid', { nullable: true }) villageId!: string | null;
  @Column('uuid', { nullable: true }) fundId!: string | null;
  @Column('uuid', { nullable: true }) groupId!: string | null;

  @Field(() => [PartnerGrant], { description: 'What the key allows.' })
  @Column('text', { array: true })
  grants!: PartnerGrant[];

  /** SHA-256 of the secret part of the key (32 bytes). Never exposed. */
  @Column('bytea', { select: false })
  secretHash?: Buffer;

  @Field(() => String, { description: 'Subject of the admin who created it.' })
  @Column('text')
  createdBy!: string;

  @Field(() => Date)
  @Column('timestamptz', { default: () => 'now()' })
  createdAt!: Date;

  @Field(() => Date, { description: 'From this instant the key is refused (API_KEY_EXPIRED).' })
  @Column('timestamptz')
  expiresAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it was revoked; from then on it is refused (API_KEY_REVOKED).' })
  @Column('timestamptz', { nullable: true })
  revokedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Subject of the admin who revoked it.' })
  @Column('text', { nullable: true })
  revokedBy!: string | null;

  @Field(() => Date, { nullable: true, description: 'When it was last accepted (to the minute): a key in use before you revoke it.' })
  @Column('timestamptz', { nullable: true })
  lastUsedAt!: Date | null;
}
