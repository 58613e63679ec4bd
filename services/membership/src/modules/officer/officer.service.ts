import { IsNull } from 'typeorm';
import { isUniqueViolation, isUuid, uuid7, ScopedDatabase } from '@funds/db-kit';
import { membershipEvents } from '@funds/events';
import { Access, DomainError, notFound } from '@funds/graphql-kit';
import { NodeLevel } from '../hierarchy/hierarchy.enums';
import { requireNode } from '../hierarchy/hierarchy.service';
import { Fund } from '../hierarchy/fund.entity';
import { Member } from '../member/member.entity';
import { MemberStatus } from '../member/member.enums';
import { dateArg } from '@funds/graphql-kit';
import { BusinessCalendar } from '../hierarchy/business-calendar';
import { recordMembershipEvents } from '../hierarchy/hierarchy.events';
import { Officer } from './officer.entity';
import { ROLE_SEATS } from './officer.enums';
import { AppointOfficerInput } from './officer.inputs';

export class OfficerService {
  constructor(
    private readonly db: ScopedDatabase,
    /** A term ends today in the fund's country unless a day is given. */
    private readonly calendar = new BusinessCalendar(),
  ) {}

  /** One holder per role at a time (two money counters, three key holders); the holder must be an active member of the fund. */
  appoint(access: Access, input: AppointOfficerInput): Promise<Officer> {
    return this.db.transaction(access.dbScope, async (em) => {
      const fundRef = await requireNode(em, access, input.fundId, [NodeLevel.FUND], 'fundId', 'update');
      access.authorize('appointOfficer', fundRef, 'fundId');
      const fund = await em.findOneByOrFail(Fund, { id: fundRef.id });
      const seats = ROLE_SEATS[fund.methodology][input.role];
      if (!seats) throw new DomainError('ROLE_NOT_IN_METHODOLOGY', `A ${fund.methodology} fund has no ${input.role}`, 'role');
      if (input.termEnd && input.termEnd < input.termStart)
        throw new DomainError('INVALID_DATE', 'The term ends before it starts', 'termEnd');
      const member = await em.findOneBy(Member, { id: input.memberId });
      if (!member || member.fundId !== fund.id || member.status !== MemberStatus.ACTIVE) {
        throw new DomainError('OFFICER_NOT_MEMBER', 'An officer must be an active member of this fund', 'memberId');
      }
      if (input.termStart < member.joinedOn)
        throw new DomainError('INVALID_DATE', `The term cannot start before the member joined (${member.joinedOn})`, 'termStart');
      const current = await em.findBy(Officer, { fundId: fund.id, role: input.role, endedOn: IsNull() });
      if (current.some((h) => h.memberId === member.id))
        throw new DomainError('ALREADY_HOLDS_ROLE', 'This member already holds this role', 'memberId');
      if (current.length >= seats) {
        throw new DomainError('ROLE_TAKEN', `${input.role} has ${seats} seat(s), all held; end a current term first`, 'role', {
          holders: current.map((h) => h.id),
        });
      }
      const officer = em.create(Officer, {
        id: uuid7(),
        fundId: fund.id,
        memberId: member.id,
        role: input.role,
        termStart: input.termStart,
        termEnd: input.termEnd ?? null,
        endedOn: null,
      });
      try {
        await em.insert(Officer, officer);
      } catch (error) {
        if (isUniqueViolation(error, 'officer_one_current_holder'))
          throw new DomainError('ROLE_TAKEN', `${input.role} is already held`, 'role');
        throw error;
      }
      await recordMembershipEvents(em, access, [membershipEvents.build('OfficerAppointed', { officer: officerState(officer) })]);
      return officer;
    });
  }

  endTerm(access: Access, officerId: string, endedOn: string | undefined): Promise<Officer> {
    return this.db.transaction(access.dbScope, async (em) => {
      const officer = isUuid(officerId) ? await em.findOneBy(Officer, { id: officerId }) : null;
      if (!officer) throw notFound('officer', officerId, 'officerId');
      // An officer of a fund outside the caller's scope is answered as one that does not exist.
      if (!access.canSee(await requireNode(em, null, officer.fundId, [NodeLevel.FUND], 'officerId', 'none')))
        throw notFound('officer', officerId, 'officerId');
      const fundRef = await requireNode(em, null, officer.fundId, [NodeLevel.FUND], 'officerId', 'update');
      access.authorize('endOfficerTerm', fundRef, 'officerId');
      if (officer.endedOn) throw new DomainError('TERM_ENDED', 'This term has already ended', 'officerId');
      const day = endedOn === undefined ? await this.calendar.todayInCountry(em, fundRef.countryCode) : dateArg(endedOn, 'endedOn');
      if (day < officer.termStart) throw new DomainError('INVALID_DATE', 'A term cannot end before it starts', 'endedOn');
      officer.endedOn = day;
      await em.save(officer);
      await recordMembershipEvents(em, access, [membershipEvents.build('OfficerTermEnded', { officer: officerState(officer) })]);
      return officer;
    });
  }
}

/** A board term as the events carry it. */
function officerState(officer: Officer) {
  return {
    id: officer.id,
    fundId: officer.fundId,
    memberId: officer.memberId,
    role: officer.role,
    termStart: officer.termStart,
    termEnd: officer.termEnd,
    endedOn: officer.endedOn,
  };
}
