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

/** Consistency rules any policy must keep; returns the field that breaks one, or null. */
export function policyProblem(p: PolicyValues): { field: string; message: string } | null {
  if (p.minMembers < 1) return { field: 'minMembers', message: 'minMembers must be at least 1' };
  if (p.maxMembers < p.minMembers) return { field: 'maxMembers', message: 'maxMembers must be at least minMembers' };
  if (p.minGroupSize < 1) return { field: 'minGroupSize', message: 'minGroupSize must be at least 1' };
  if (p.maxGroupSize < p.minGroupSize) return { field: 'maxGroupSize', message: 'maxGroupSize must be at least minGroupSize' };
  if (p.maxGroupSize > p.maxMembers) return { field: 'maxGroupSize', message: 'maxGroupSize cannot exceed maxMembers' };
  if (p.maxGroups !== null && p.maxGroups < 1) return { field: 'maxGroups', message: 'maxGroups must be at least 1, or null' };
  if (p.minAge < 0 || p.maxAge > 120 || p.maxAge < p.minAge)
    return { field: 'maxAge', message: 'ages must satisfy 0 <= minAge <= maxAge <= 120' };
  return null;
}
