import { DomainError } from '@funds/graphql-kit';
import type { PolicyValues } from '../policy/fund-policy';
import { Sex } from './member.enums';

/** Whole years between a birth date and a day (both YYYY-MM-DD). */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = day.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

export interface Applicant {
  birthDate: string;
  sex: Sex;
  /** Village the person lives in. */
  residenceVillageId: string;
  /** Day the membership starts. */
  joinDate: string;
}

export interface FundFacts {
  policy: PolicyValues;
  villageId: string;
  /** Members of the fund that are not EXITED. */
  liveMembers: number;
  /** Members of the chosen group that are not EXITED; null when no group is chosen. */
  liveGroupMembers: number | null;
}

/**
 * The membership rules of DESIGN.md section 1 against one fund's policy. Returns the first rule
 * broken, as a coded error naming the field, or null when the person may join.
 */
export function eligibilityProblem(applicant: Applicant, fund: FundFacts): DomainError | null {
  const { policy } = fund;
  if (applicant.birthDate > applicant.joinDate) {
    return new DomainError('INVALID_DATE', 'The birth date is after the enrolment date', 'birthDate');
  }
  const age = ageOn(applicant.birthDate, applicant.joinDate);
  if (age < policy.minAge) {
    return new DomainError(
      'NOT_ELIGIBLE_AGE',
      `Members must be at least ${policy.minAge}; this person is ${age} on ${applicant.joinDate}`,
      'birthDate',
      { age, minAge: policy.minAge, maxAge: policy.maxAge },
    );
  }
  if (age > policy.maxAge) {
    return new DomainError(
      'NOT_ELIGIBLE_AGE',
      `Members must be at most ${policy.maxAge}; this person is ${age} on ${applicant.joinDate}`,
      'birthDate',
      { age, minAge: policy.minAge, maxAge: policy.maxAge },
    );
  }
  if (policy.womenOnly && applicant.sex !== Sex.FEMALE) {
    return new DomainError('NOT_ELIGIBLE_SEX', 'This fund enrols women only', 'sex');
  }
  if (policy.residenceRequired && applicant.residenceVillageId !== fund.villageId) {
    return new DomainError('NOT_RESIDENT', "Members of this fund must live in the fund's own village", 'residenceVillageId');
  }
  if (fund.liveMembers >= policy.maxMembers) {
    return new DomainError(
      'MEMBER_LIMIT_REACHED',
      `The fund is full: it has ${fund.liveMembers} of ${policy.maxMembers} members`,
      'fundId',
      { members: fund.liveMembers, maxMembers: policy.maxMembers },
    );
  }
  if (fund.liveGroupMembers !== null && fund.liveGroupMembers >= policy.maxGroupSize) {
    return new DomainError(
      'GROUP_FULL',
      `The group is full: it has ${fund.liveGroupMembers} of ${policy.maxGroupSize} members`,
      'groupId',
      { members: fund.liveGroupMembers, maxGroupSize: policy.maxGroupSize },
    );
  }
  return null;
}
