import type { MemberStateValue } from '@funds/events';
import type { Member } from './member.entity';

/**
 * A membership as membership's events carry it: where it is, its status and dates, and the few
 * facts aggregates count (sex, female-headed household, disability as a yes/no, referral
 * partner, livelihood). Never names, national id, phone, birth date, income or a suspension's
 * reason (the catalogue in @funds/events refuses any other field).
 */
export function memberState(m: Member): MemberStateValue {
  return {
    id: m.id,
    fundId: m.fundId,
    groupId: m.groupId,
    countryCode: m.countryCode,
    provinceId: m.provinceId,
    countyId: m.countyId,
    villageId: m.villageId,
    status: m.status,
    joinedOn: m.joinedOn,
    exitedOn: m.exitedOn,
    exitReason: m.exitReason,
    sex: m.sex,
    femaleHeadedHousehold: m.femaleHeadOfHousehold,
    hasDisability: m.hasDisability,
    referredByPartnerId: m.referredByPartnerId,
    livelihood: m.livelihood,
    transferredFromId: m.transferredFromId,
  };
}
