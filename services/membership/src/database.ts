import type { DataSource, Logger } from 'typeorm';
import { createServiceDataSource } from '@funds/db-kit';
import { Country } from './modules/hierarchy/country.entity';
import { Province } from './modules/hierarchy/province.entity';
import { County } from './modules/hierarchy/county.entity';
import { Village } from './modules/hierarchy/village.entity';
import { Fund } from './modules/hierarchy/fund.entity';
import { Group } from './modules/hierarchy/group.entity';
import { Member } from './modules/member/member.entity';
import { MemberTransfer } from './modules/member/member-transfer.entity';
import { Officer } from './modules/officer/officer.entity';
import { Partner, PartnerLink } from './modules/partner/partner.entity';
import { FormationStep } from './modules/formation/formation-step.entity';
import { ApiKey } from './modules/api-key/api-key.entity';
import { MEMBERSHIP_MIGRATIONS } from './migrations';

/** The Postgres schema this service owns; no other service reads or writes it. */
export const MEMBERSHIP_SCHEMA = 'membership';

export const MEMBERSHIP_ENTITIES = [
  Country,
  Province,
  County,
  Village,
  Fund,
  Group,
  Member,
  MemberTransfer,
  Officer,
  Partner,
  PartnerLink,
  FormationStep,
  ApiKey,
];

export function createMembershipDataSource(url: string, logger?: Logger, poolSize?: number): DataSource {
  return createServiceDataSource({
    url,
    poolSize,
    schema: MEMBERSHIP_SCHEMA,
    entities: MEMBERSHIP_ENTITIES,
    migrations: MEMBERSHIP_MIGRATIONS,
    logger,
    applicationName: 'membership',
  });
}
