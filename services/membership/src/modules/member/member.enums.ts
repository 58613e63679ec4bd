import { registerEnumType } from 'type-graphql';

export enum Sex {
  FEMALE = 'FEMALE',
  MALE = 'MALE',
}

export enum MemberStatus {
  ACTIVE = 'ACTIVE',
  SUSPENDED = 'SUSPENDED',
  EXITED = 'EXITED',
}

export enum ExitReason {
  VOLUNTARY = 'VOLUNTARY',
  MOVED_AWAY = 'MOVED_AWAY',
  DECEASED = 'DECEASED',
  EXPELLED = 'EXPELLED',
  TRANSFERRED = 'TRANSFERRED',
  OTHER = 'OTHER',
}

export enum Livelihood {
  BEEKEEPING = 'BEEKEEPING',
  LEATHERWORK = 'LEATHERWORK',
  VEGETABLES = 'VEGETABLES',
  DAIRY = 'DAIRY',
  POULTRY = 'POULTRY',
  KILIM_WEAVING = 'KILIM_WEAVING',
  HANDICRAFTS = 'HANDICRAFTS',
  LIVESTOCK = 'LIVESTOCK',
  TAILORING = 'TAILORING',
  SMALL_TRADE = 'SMALL_TRADE',
  AGRICULTURE = 'AGRICULTURE',
  OTHER = 'OTHER',
}

registerEnumType(Sex, { name: 'Sex', description: 'Sex as recorded on the national id.' });
registerEnumType(MemberStatus, {
  name: 'MemberStatus',
  description: 'Where a membership stands.',
  valuesConfig: {
    ACTIVE: { description: 'Saves, borrows and counts towards limits.' },
    SUSPENDED: { description: 'Temporarily barred (still counts towards limits and holds the one membership).' },
    EXITED: { description: 'Left the fund; the record stays for history.' },
  },
});
registerEnumType(ExitReason, { name: 'ExitReason', description: 'Why a member left a fund.' });
registerEnumType(Livelihood, {
  name: 'Livelihood',
  description: 'The livelihood activity a member runs or plans (the purpose loans finance).',
});
