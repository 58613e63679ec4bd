import { registerEnumType } from 'type-graphql';
import { Methodology } from '../policy/methodology';

export enum OfficerRole {
  MANAGING_DIRECTOR = 'MANAGING_DIRECTOR',
  SECRETARY = 'SECRETARY',
  ACCOUNTANT = 'ACCOUNTANT',
  CHAIR = 'CHAIR',
  TREASURER = 'TREASURER',
  MONEY_COUNTER = 'MONEY_COUNTER',
  KEY_HOLDER = 'KEY_HOLDER',
}

registerEnumType(OfficerRole, {
  name: 'OfficerRole',
  description:
    'Board roles. Micro-funds and self-help groups: managing director, secretary, accountant. Savings groups: chair, secretary, treasurer, two money counters, three key holders.',
});

/** Roles each methodology uses, with how many may hold each at once. */
export const ROLE_SEATS: Record<Methodology, Partial<Record<OfficerRole, number>>> = {
  [Methodology.MICRO_FUND]: { MANAGING_DIRECTOR: 1, SECRETARY: 1, ACCOUNTANT: 1 },
  [Methodology.SELF_HELP_GROUP]: { MANAGING_DIRECTOR: 1, SECRETARY: 1, ACCOUNTANT: 1 },
  [Methodology.SAVINGS_GROUP]: { CHAIR: 1, SECRETARY: 1, TREASURER: 1, MONEY_COUNTER: 2, KEY_HOLDER: 3 },
};

/** Roles that must be held before a fund counts as having its board appointed. */
export const REQUIRED_ROLES: Record<Methodology, OfficerRole[]> = {
  [Methodology.MICRO_FUND]: [OfficerRole.MANAGING_DIRECTOR, OfficerRole.SECRETARY, OfficerRole.ACCOUNTANT],
  [Methodology.SELF_HELP_GROUP]: [OfficerRole.MANAGING_DIRECTOR, OfficerRole.SECRETARY, OfficerRole.ACCOUNTANT],
  [Methodology.SAVINGS_GROUP]: [OfficerRole.CHAIR, OfficerRole.SECRETARY, OfficerRole.TREASURER],
};
