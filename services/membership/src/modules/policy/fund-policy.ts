import { Field, Int, ObjectType } from 'type-graphql';
import { Methodology } from './methodology';

/** The rules a fund applies to membership. Presets per methodology, overridable per fund. */
@ObjectType({ description: "A fund's membership rules: its methodology's preset, with any overrides set for this fund." })
export class FundPolicy {
  @Field(() => Methodology, { description: 'The methodology the preset came from.' })
  methodology!: Methodology;

  @Field(() => Int, { description: 'Members needed before the fund can be activated.' })
  minMembers!: number;

  @Field(() => Int, { description: 'Most active members the fund may have.' })
  maxMembers!: number;

  @Field(() => Int, { description: 'Fewest active members a group needs to count as formed.' })
  minGroupSize!: number;

  @Field(() => Int, { description: 'Most active members in one group.' })
  maxGroupSize!: number;

  @Field(() => Int, { nullable: true, description: 'Most groups in the fund (1 for self-help and savings groups); null for no limit.' })
  maxGroups!: number | null;

  @Field(() => Int, { description: 'Youngest age at enrolment, in whole years.' })
  minAge!: number;

  @Field(() => Int, { description: 'Oldest age at enrolment, in whole years.' })
  maxAge!: number;

  @Field(() => Boolean, { description: 'Only women may enrol.' })
  womenOnly!: boolean;

  @Field(() => Boolean, { description: "Members must live in the fund's own village or neighbourhood." })
  residenceRequired!: boolean;
}

export type PolicyValues = Omit<FundPolicy, 'methodology'>;

export const POLICY_PRESETS: Record<Methodology, PolicyValues> = {
  [Methodology.MICRO_FUND]: {
    minMembers: 10,
    maxMembers: 50,
    minGroupSize: 5,
    maxGroupSize: 7,
    maxGroups: null,
    minAge: 15,
    maxAge: 60,
    womenOnly: true,
    residenceRequired: true,
  },
  [Methodology.SELF_HELP_GROUP]: {
    minMembers: 15,
    maxMembers: 25,
    minGroupSize: 15,
    maxGroupSize: 25,
    maxGroups: 1,
    minAge: 15,
    maxAge: 60,
    womenOnly: true,
    residenceRequired: false,
  },
  [Methodology.SAVINGS_GROUP]: {
    minMembers: 10,
    maxMembers: 25,
    minGroupSize: 10,
    maxGroupSize: 25,
    maxGroups: 1,
    minAge: 15,
    maxAge: 75,
    womenOnly: false,
    residenceRequired: false,
  },
};

export function presetPolicy(methodology: Methodology): FundPolicy {
  return Object.assign(new FundPolicy(), { methodology, ...POLICY_PRESETS[methodology] });
}

/**
 * The range of each number of a policy: the one place its limits live. policyProblem checks them
 * for every policy a fund gets, from createFund's nested overrides and from updateFundPolicy alike.
 */
export const POLICY_LIMITS: Record<Exclude<keyof PolicyValues, 'womenOnly' | 'residenceRequired'>, { min: number; max: number }> = {
  minMembers: { min: 1, max: 10_000 },
  maxMembers: { min: 1, max: 10_000 },
  minGroupSize: { min: 1, max: 1_000 },
  maxGroupSize: { min: 1, max: 1_000 },
  maxGroups: { min: 1, max: 1_000 },
  minAge: { min: 0, max: 120 },
  maxAge: { min: 0, max: 120 },
};

/**
 * The one validation of a policy: every number whole and within POLICY_LIMITS (maxGroups may be
 * null: no limit), then the rules between them. Returns the field that breaks a rule, or null.
 */
export function policyProblem(p: PolicyValues): { field: string; message: string } | null {
  for (const [field, limit] of Object.entries(POLICY_LIMITS) as [keyof typeof POLICY_LIMITS, { min: number; max: number }][]) {
    const value = p[field];
    if (value === null && field === 'maxGroups') continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < limit.min || value > limit.max) {
      return {
        field,
        message: `${field} must be a whole number from ${limit.min} to ${limit.max}${field === 'maxGroups' ? ' (or 0 for no limit)' : ''}`,
      };
    }
  }
  if (p.maxMembers < p.minMembers) return { field: 'maxMembers', message: 'maxMembers must be at least minMembers' };
  if (p.maxGroupSize < p.minGroupSize) return { field: 'maxGroupSize', message: 'maxGroupSize must be at least minGroupSize' };
  if (p.maxGroupSize > p.maxMembers) return { field: 'maxGroupSize', message: 'maxGroupSize cannot exceed maxMembers' };
  if (p.maxAge < p.minAge) return { field: 'maxAge', message: 'maxAge must be at least minAge' };
  return null;
}
