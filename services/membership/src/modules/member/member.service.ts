import { Not } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type Decimal from 'decimal.js';
import { isUniqueViolation, isUuid, uuid7, ScopedDatabase } from '@funds/db-kit';
import { membershipEvents } from '@funds/events';
import { Access, DomainError, NodeRef, notFound } from '@funds/graphql-kit';
import { fitsCurrency } from '@funds/money';
import { NodeLevel, NodeStatus } from '../hierarchy/hierarchy.enums';
import { requireNode } from '../hierarchy/hierarchy.service';
import { BusinessCalendar } from '../hierarchy/business-calendar';
import { Fund } from '../hierarchy/fund.entity';
import { Group } from '../hierarchy/group.entity';
import { Partner } from '../partner/partner.entity';
import { Member } from './member.entity';
import { MemberTransfer } from './member-transfer.entity';
import { MemberStatus, ExitReason } from './member.enums';
import { EnrolMemberInput, ExitMemberInput, TransferMemberInput, UpdateMemberInput } from './member.inputs';
import { eligibilityProblem } from './eligibility';
import { validateNationalId } from './national-id';
import { memberState } from './member.events';
import { recordMembershipEvents } from '../hierarchy/hierarchy.events';

const S = 'membership';

interface Placement {
  fund: Fund;
  fundRef: NodeRef;
  group: Group | null;
  liveMembers: number;
  liveGroupMembers: number | null;
}

/**
 * Where a member is placed, with the counts the limits are checked against. The caller holds the
 * fund row's lock (requireNode with 'update'), so no one else changes those counts meanwhile.
 */
async function placement(
  em: EntityManager,
  access: Access,
  fundRef: NodeRef,
  groupId: string | null | undefined,
  groupField: string,
): Promise<Placement> {
  const fund = await em.findOneByOrFail(Fund, { id: fundRef.id });
  if (fund.status === NodeStatus.ARCHIVED) throw new DomainError('FUND_CLOSED', 'This fund is closed and takes no members', 'fundId');
  let group: Group | null = null;
  if (groupId) {
    // Locked after its fund, as every write here locks: funds, then members, then groups.
    await requireNode(em, access, groupId, [NodeLevel.GROUP], groupField);
    group = await em.findOneByOrFail(Group, { id: groupId });
    if (group.fundId !== fund.id) throw new DomainError('GROUP_NOT_IN_FUND', 'The group belongs to another fund', groupField);
    if (group.status === NodeStatus.ARCHIVED) throw new DomainError('PARENT_ARCHIVED', 'The group is archived', groupField);
  }
  const [counts] = await em.query(
    `SELECT count(*)::int AS fund_n, count(*) FILTER (WHERE group_id = $2)::int AS group_n
       FROM ${S}.member WHERE fund_id = $1 AND status <> 'EXITED'`,
    [fund.id, group?.id ?? null],
  );
  return { fund, fundRef, group, liveMembers: counts.fund_n, liveGroupMembers: group ? counts.group_n : null };
}

/**
 * A village of residence the caller named: it must be one the caller may open (node(id)), or the
 * fund's own village, and lie in the fund's country. Otherwise `Member.residenceVillage` would open
 * a village outside the caller's scope, with its counts, funds and officers.
 */
async function residenceVillage(em: EntityManager, access: Access, id: string, fundRef: NodeRef, field: string): Promise<string> {
  // Not locked: the member only references it (its foreign key keeps it), and a lock here, after
  // the fund's, would wait on a move of that village which waits on the fund.
  // The fund's own village may be named by whoever manages the fund (a fund officer cannot open
  // it, and row-level security does not let it read its row): it is in the fund's country.
  if (id === fundRef.villageId) return id;
  const village = await requireNode(em, null, id, [NodeLevel.VILLAGE], field, 'none');
  if (!access.canSee(village)) throw notFound('village', id, field);
  if (village.countryCode !== fundRef.countryCode)
    throw new DomainError('RESIDENCE_OUTSIDE_COUNTRY', "The village of residence must be in the fund's country", field);
  return village.id;
}

async function assertPartner(em: EntityManager, id: string | undefined | null, field: string): Promise<void> {
  if (id && !(await em.existsBy(Partner, { id }))) throw notFound('partner', id, field);
}

function assertIncome(fund: Fund, income: Decimal | null | undefined): void {
  if (!income) return;
  if (income.isNegative()) throw new DomainError('INVALID_AMOUNT', 'Income cannot be negative', 'baselineMonthlyIncome');
  if (!fitsCurrency(income, fund.currency))
    throw new DomainError(
      'INVALID_AMOUNT',
      `Amounts in ${fund.currency} have no more decimals than the currency allows`,
      'baselineMonthlyIncome',
    );
}

/** Ends the board terms a member holds (on exit or transfer out). */
async function endOffices(em: EntityManager, memberId: string, day: string): Promise<void> {
  await em.query(`UPDATE ${S}.officer SET ended_on = GREATEST($2::date, term_start) WHERE member_id = $1 AND ended_on IS NULL`, [
    memberId,
    day,
  ]);
}

export class MemberService {
  constructor(
    private readonly db: ScopedDatabase,
    /** Default effective days are today in the fund's country. */
    private readonly calendar = new BusinessCalendar(),
  ) {}

  /**
   * A membership the caller may see (else NOT_FOUND, as for an id that does not exist), its row
   * locked unless `lock` is false; its ref read once the lock is held.
   */
  private async lockMember(
    em: EntityManager,
    access: Access,
    id: string,
    field = 'id',
    lock = true,
  ): Promise<{ member: Member; ref: NodeRef }> {
    const missing = () => notFound('member', id, field);
    if (!isUuid(id)) throw missing();
    const read = async () => {
      const member = await em.findOneBy(Member, { id });
      if (!member || !access.canSee(memberRef(member))) throw missing();
      return { member, ref: memberRef(member) };
    };
    // Checked before the lock, so no wait on a row outside the scope tells that it exists.
    const seen = await read();
    if (!lock) return seen;
    await em.query(`SELECT 1 FROM ${S}.member WHERE id = $1 FOR UPDATE`, [id]);
    return read();
  }

  enrol(access: Access, input: EnrolMemberInput): Promise<Member> {
    return this.db.transaction(access.dbScope, async (em) => {
      const fundRef = await requireNode(em, access, input.fundId, [NodeLevel.FUND], 'fundId', 'update');
      access.authorize('enrolMember', fundRef, 'fundId');
      const place = await placement(em, access, fundRef, input.groupId, 'groupId');
      const joinedOn = input.joinedOn ?? (await this.calendar.todayInCountry(em, fundRef.countryCode));
      const id = validateNationalId(fundRef.countryCode as 'IR' | 'VN', input.nationalId, { birthDate: input.birthDate, sex: input.sex });
      if (!id.ok) throw new DomainError(id.code, id.message, 'nationalId');
      const residenceVillageId = input.residenceVillageId
        ? await residenceVillage(em, access, input.residenceVillageId, fundRef, 'residenceVillageId')
        : place.fund.villageId;
      await assertPartner(em, input.referredByPartnerId, 'referredByPartnerId');
      assertIncome(place.fund, input.baselineMonthlyIncome);
      const problem = eligibilityProblem(
        { birthDate: input.birthDate, sex: input.sex, residenceVillageId, joinDate: joinedOn },
        {
          policy: place.fund.policy,
          villageId: place.fund.villageId,
          liveMembers: place.liveMembers,
          liveGroupMembers: place.liveGroupMembers,
        },
      );
      if (problem) throw problem;
      const holder = await liveMembership(em, fundRef.countryCode, id.normalized);
      if (holder) throw nationalIdTaken(access, holder);
      const member = em.create(Member, {
        id: uuid7(),
        givenName: input.givenName.trim(),
        familyName: input.familyName.trim(),
        nameLatin: input.nameLatin ?? null,
        nationalId: id.normalized,
        countryCode: fundRef.countryCode,
        birthDate: input.birthDate,
        sex: input.sex,
        femaleHeadOfHousehold: input.femaleHeadOfHousehold ?? false,
        hasDisability: input.hasDisability ?? false,
        referredByPartnerId: input.referredByPartnerId ?? null,
        residenceVillageId,
        livelihood: input.livelihood ?? null,
        baselineMonthlyIncome: input.baselineMonthlyIncome ?? null,
        phone: input.phone ?? null,
        status: MemberStatus.ACTIVE,
        joinedOn,
        exitedOn: null,
        exitReason: null,
        suspensionReason: null,
        transferredFromId: null,
        provinceId: fundRef.provinceId,
        countyId: fundRef.countyId!,
        villageId: fundRef.villageId!,
        fundId: fundRef.id,
        groupId: place.group?.id ?? null,
      });
      // A savepoint, so that when another enrolment of the person committed first this transaction
      // can still read it (in its own scope: row-level security decides what it may learn).
      await em.query('SAVEPOINT enrol');
      try {
        await em.insert(Member, member);
      } catch (error) {
        if (!isUniqueViolation(error, 'member_live_national_id')) throw error;
        await em.query('ROLLBACK TO SAVEPOINT enrol');
        throw nationalIdTaken(access, await liveMembership(em, fundRef.countryCode, id.normalized));
      }
      await recordMembershipEvents(em, access, [membershipEvents.build('MemberEnrolled', { member: memberState(member) })]);
      return member;
    });
  }

  update(access: Access, input: UpdateMemberInput): Promise<Member> {
    return this.db.transaction(access.dbScope, async (em) => {
      const { member, ref } = await this.lockMember(em, access, input.id);
      access.authorize('updateMember', ref, 'id');
      if (member.status === MemberStatus.EXITED)
        throw new DomainError('MEMBER_EXITED', 'This membership has ended; it is kept as history', 'id');
      await assertPartner(em, input.referredByPartnerId, 'referredByPartnerId');
      const fund = await em.findOneByOrFail(Fund, { id: member.fundId });
      assertIncome(fund, input.baselineMonthlyIncome);
      for (const key of [
        'givenName',
        'familyName',
        'nameLatin',
        'femaleHeadOfHousehold',
        'hasDisability',
        'referredByPartnerId',
        'livelihood',
        'baselineMonthlyIncome',
        'phone',
      ] as const) {
        if (input[key] !== undefined && input[key] !== null) (member as unknown as Record<string, unknown>)[key] = input[key];
      }
      await em.save(member);
      await recordMembershipEvents(em, access, [membershipEvents.build('MemberUpdated', { member: memberState(member) })]);
      return member;
    });
  }

  setStatus(access: Access, id: string, to: MemberStatus.SUSPENDED | MemberStatus.ACTIVE, reason: string | null): Promise<Member> {
    return this.db.transaction(access.dbScope, async (em) => {
      const { member, ref } = await this.lockMember(em, access, id);
      access.authorize(to === MemberStatus.SUSPENDED ? 'suspendMember' : 'reinstateMember', ref, 'id');
      const from = to === MemberStatus.SUSPENDED ? MemberStatus.ACTIVE : MemberStatus.SUSPENDED;
      if (member.status !== from)
        throw new DomainError('INVALID_STATUS', `Only a ${from} member can become ${to}; this one is ${member.status}`, 'id');
      member.status = to;
      member.suspensionReason = to === MemberStatus.SUSPENDED ? reason : null;
      await em.save(member);
      // The reason is free text about a person: it stays here.
      const type = to === MemberStatus.SUSPENDED ? 'MemberSuspended' : 'MemberReinstated';
      await recordMembershipEvents(em, access, [membershipEvents.build(type, { member: memberState(member) })]);
      return member;
    });
  }

  exit(access: Access, input: ExitMemberInput): Promise<Member> {
    return this.db.transaction(access.dbScope, async (em) => {
      const { member, ref } = await this.lockMember(em, access, input.id);
      access.authorize('exitMember', ref, 'id');
      if (member.status === MemberStatus.EXITED) throw new DomainError('INVALID_STATUS', 'This member has already left', 'id');
      if (input.reason === ExitReason.TRANSFERRED)
        throw new DomainError('USE_TRANSFER', 'Use transferMember to move a member to another fund', 'reason');
      const exitedOn = input.exitedOn ?? (await this.calendar.todayInCountry(em, member.countryCode));
      if (exitedOn < member.joinedOn) throw new DomainError('INVALID_DATE', 'A member cannot leave before joining', 'exitedOn');
      member.status = MemberStatus.EXITED;
      member.exitedOn = exitedOn;
      member.exitReason = input.reason;
      await em.save(member);
      await endOffices(em, member.id, exitedOn);
      await recordMembershipEvents(em, access, [membershipEvents.build('MemberExited', { member: memberState(member) })]);
      return member;
    });
  }

  transfer(access: Access, input: TransferMemberInput): Promise<Member> {
    return this.db.transaction(access.dbScope, async (em) => {
      // Locks in the order every write takes them: funds (both, in id order), the member, the group.
      // A membership's fund and a group's fund never change, so they can be read before the locks.
      const seen = await this.lockMember(em, access, input.memberId, 'memberId', false);
      access.authorize('transferMember', seen.ref, 'memberId');
      const group = await requireNode(em, access, input.toGroupId, [NodeLevel.GROUP], 'toGroupId', 'none');
      const funds = new Map<string, NodeRef>();
      for (const fundId of [...new Set([seen.member.fundId, group.fundId!])].sort()) {
        funds.set(
          fundId,
          await requireNode(em, null, fundId, [NodeLevel.FUND], fundId === group.fundId ? 'toGroupId' : 'memberId', 'update'),
        );
      }
      const { member, ref } = await this.lockMember(em, access, input.memberId, 'memberId');
      access.authorize('transferMember', ref, 'memberId');
      if (member.status === MemberStatus.EXITED)
        throw new DomainError('INVALID_STATUS', 'This member has left; enrol the person again instead', 'memberId');
      const targetRef = await requireNode(em, access, input.toGroupId, [NodeLevel.GROUP], 'toGroupId');
      access.authorize('transferMember', targetRef, 'toGroupId');
      if (member.status === MemberStatus.SUSPENDED)
        throw new DomainError(
          'INVALID_STATUS',
          'This member is suspended; reinstate her before a move, so a suspension is never lifted by accident',
          'memberId',
        );
      if (targetRef.id === member.groupId) throw new DomainError('NO_CHANGE', 'The member is already in this group', 'toGroupId');
      if (targetRef.countryCode !== member.countryCode)
        throw new DomainError('MOVE_ACROSS_COUNTRY', 'A member can only move within the country of the national id', 'toGroupId');
      const effectiveOn = input.effectiveOn ?? (await this.calendar.todayInCountry(em, targetRef.countryCode));
      if (effectiveOn < member.joinedOn)
        throw new DomainError('INVALID_DATE', 'A move cannot take effect before the member joined', 'effectiveOn');
      const fundRef = funds.get(targetRef.fundId!)!;
      const place = await placement(em, access, fundRef, targetRef.id, 'toGroupId');
      const residenceVillageId = input.residenceVillageId
        ? await residenceVillage(em, access, input.residenceVillageId, fundRef, 'residenceVillageId')
        : (member.residenceVillageId ?? member.villageId);
      const sameFund = fundRef.id === member.fundId;
      const problem = eligibilityProblem(
        { birthDate: member.birthDate, sex: member.sex, residenceVillageId, joinDate: sameFund ? member.joinedOn : effectiveOn },
        // Inside one fund the member already counts towards the fund's limit.
        {
          policy: place.fund.policy,
          villageId: place.fund.villageId,
          liveMembers: sameFund ? 0 : place.liveMembers,
          liveGroupMembers: place.liveGroupMembers,
        },
      );
      // The rules name enrolMember's fields; here the target group (or the new residence) is what the caller chose.
      if (problem)
        throw problem.field === 'residenceVillageId'
          ? problem
          : new DomainError(problem.code, problem.message, 'toGroupId', problem.details);
      const transfer = em.create(MemberTransfer, {
        id: uuid7(),
        memberId: member.id,
        fromFundId: member.fundId,
        fromGroupId: member.groupId,
        toFundId: fundRef.id,
        toGroupId: targetRef.id,
        toMemberId: member.id,
        effectiveOn,
        reason: input.reason ?? null,
      });
      let result = member;
      if (sameFund) {
        member.groupId = targetRef.id;
        member.residenceVillageId = residenceVillageId;
        await em.save(member);
      } else {
        member.status = MemberStatus.EXITED;
        member.exitedOn = effectiveOn;
        member.exitReason = ExitReason.TRANSFERRED;
        await em.save(member);
        await endOffices(em, member.id, effectiveOn);
        result = em.create(Member, {
          ...member,
          id: uuid7(),
          status: MemberStatus.ACTIVE,
          joinedOn: effectiveOn,
          exitedOn: null,
          exitReason: null,
          suspensionReason: null,
          transferredFromId: member.id,
          residenceVillageId,
          provinceId: fundRef.provinceId,
          countyId: fundRef.countyId!,
          villageId: fundRef.villageId!,
          fundId: fundRef.id,
          groupId: targetRef.id,
        });
        await em.insert(Member, result);
        transfer.toMemberId = result.id;
      }
      await em.insert(MemberTransfer, transfer);
      await recordMembershipEvents(em, access, [
        membershipEvents.build('MemberTransferred', { member: memberState(member), to: memberState(result), effectiveOn }),
      ]);
      return result;
    });
  }
}

function memberRef(member: Member): NodeRef {
  return {
    level: NodeLevel.MEMBER,
    id: member.id,
    countryCode: member.countryCode,
    provinceId: member.provinceId,
    countyId: member.countyId,
    villageId: member.villageId,
    fundId: member.fundId,
    groupId: member.groupId,
    status: member.status,
  };
}

/** The live (not EXITED) membership of a person, if any: one per national id in the network. */
function liveMembership(em: EntityManager, countryCode: string, nationalId: string): Promise<Member | null> {
  return em.findOneBy(Member, { countryCode, nationalId, status: Not(MemberStatus.EXITED) });
}

/**
 * The person already holds a live membership. The rule holds network-wide, but only a caller who
 * may open that membership learns where it is (DUPLICATE_NATIONAL_ID with the member and fund);
 * anyone else learns only that the id cannot be enrolled now (NATIONAL_ID_UNAVAILABLE, no details).
 */
function nationalIdTaken(access: Access, holder: Member | null): DomainError {
  if (holder && access.canSee(memberRef(holder))) {
    return new DomainError(
      'DUPLICATE_NATIONAL_ID',
      'This person already holds a live membership in the network (one per national id)',
      'nationalId',
      { memberId: holder.id, fundId: holder.fundId },
    );
  }
  return new DomainError(
    'NATIONAL_ID_UNAVAILABLE',
    'This national id cannot be enrolled now (one live membership per person in the network); a national admin can say why',
    'nationalId',
  );
}
