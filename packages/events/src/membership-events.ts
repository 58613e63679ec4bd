import { z } from 'zod';
import { CatalogueEvent, EventType, PayloadOf, catalogueKit, defineEvent } from './catalogue';

/**
 * Membership's events, version by version: the one place that says what membership tells other
 * services. Every event carries the state consumers need (the whole fund, group or membership as
 * it stands after the change), so a consumer applies it by overwriting its copy, idempotently.
 *
 * No personal data travels: no names of people, national ids, phones, birth dates, incomes or
 * free-text reasons. Decisions written down:
 * - sex and femaleHeadedHousehold travel: reporting counts members by them (DESIGN.md section 5);
 * - disability is health data (a special category): only the boolean `hasDisability` travels, for
 *   the count of members with disabilities; no detail of it exists or would travel;
 * - the referral partner's id travels (which partner referred how many), exit reasons too (drop-out
 *   rates);
 * - names of places, funds, groups and partners travel: they are not people.
 *
 * Moves: FundMoved carries the fund's new ancestry; NodeMoved (a county or a village) carries the
 * moved node's new ancestry, and consumers update every row under that node.
 */

const id = () => z.guid();
const day = () => z.iso.date();
const country = () => z.string().regex(/^[A-Z]{2}$/);

export const REGION_LEVELS = ['PROVINCE', 'COUNTY', 'VILLAGE'] as const;
export const NODE_STATUSES = ['FORMING', 'ACTIVE', 'ARCHIVED'] as const;
export const METHODOLOGIES = ['MICRO_FUND', 'SELF_HELP_GROUP', 'SAVINGS_GROUP'] as const;
export const MEMBER_STATUSES = ['ACTIVE', 'SUSPENDED', 'EXITED'] as const;

/** A province, county or village, with the ancestry above it (null above a province's own level). */
export const RegionState = z.strictObject({
  id: id(),
  level: z.enum(REGION_LEVELS),
  name: z.string(),
  nameLatin: z.string().nullable(),
  countryCode: country(),
  /** Null for a province (it is the top). */
  provinceId: id().nullable(),
  /** Set for a village only. */
  countyId: id().nullable(),
  /** VILLAGE or NEIGHBORHOOD, for a village. */
  villageKind: z.string().nullable(),
  status: z.enum(NODE_STATUSES),
});

/** A fund's membership policy values (its methodology's preset with the fund's overrides). */
export const FundPolicyState = z.strictObject({
  minMembers: z.int(),
  maxMembers: z.int(),
  minGroupSize: z.int(),
  maxGroupSize: z.int(),
  maxGroups: z.int().nullable(),
  minAge: z.int(),
  maxAge: z.int(),
  womenOnly: z.boolean(),
  residenceRequired: z.boolean(),
});

/** A fund as it stands: its full ancestry, name, methodology, policy, currency and status. */
export const FundState = z.strictObject({
  id: id(),
  countryCode: country(),
  provinceId: id(),
  countyId: id(),
  villageId: id(),
  name: z.string(),
  methodology: z.enum(METHODOLOGIES),
  policy: FundPolicyState,
  /** ISO 4217, the currency of its books (from its country unless chosen: IRR for IR, VND for VN). */
  currency: z.string().regex(/^[A-Z]{3}$/),
  status: z.enum(NODE_STATUSES),
  foundedOn: day().nullable(),
  activatedOn: day().nullable(),
});

/** A group as it stands, with its fund and ancestry. */
export const GroupState = z.strictObject({
  id: id(),
  fundId: id(),
  countryCode: country(),
  provinceId: id(),
  countyId: id(),
  villageId: id(),
  name: z.string(),
  status: z.enum(NODE_STATUSES),
});

/** A membership as it stands, without personal data (see the decisions above). */
export const MemberState = z.strictObject({
  id: id(),
  fundId: id(),
  groupId: id().nullable(),
  countryCode: country(),
  provinceId: id(),
  countyId: id(),
  villageId: id(),
  status: z.enum(MEMBER_STATUSES),
  /** The business date of enrolment in this fund (of the transfer, for a membership a transfer opened). */
  joinedOn: day(),
  exitedOn: day().nullable(),
  exitReason: z.string().nullable(),
  sex: z.enum(['FEMALE', 'MALE']),
  femaleHeadedHousehold: z.boolean(),
  hasDisability: z.boolean(),
  referredByPartnerId: id().nullable(),
  livelihood: z.string().nullable(),
  /** The membership a transfer between funds ended to open this one. */
  transferredFromId: id().nullable(),
});

export const PartnerState = z.strictObject({
  id: id(),
  name: z.string(),
  kind: z.string(),
  countryCode: country().nullable(),
});

export const PartnerLinkState = z.strictObject({
  id: id(),
  partnerId: id(),
  nodeId: id(),
  nodeLevel: z.string(),
  fundId: id().nullable(),
  kind: z.string(),
  startsOn: day(),
  endsOn: day().nullable(),
});

export const OfficerState = z.strictObject({
  id: id(),
  fundId: id(),
  memberId: id(),
  role: z.string(),
  termStart: day(),
  termEnd: day().nullable(),
  endedOn: day().nullable(),
});

export const ApiKeyState = z.strictObject({
  id: id(),
  partnerId: id(),
  nodeId: id(),
  nodeLevel: z.string(),
  fundId: id().nullable(),
  grants: z.array(z.string()),
  expiresAt: z.iso.datetime({ offset: true }),
  revokedAt: z.iso.datetime({ offset: true }).nullable(),
});

const region = (payload: { node: z.output<typeof RegionState> }) => ({
  aggregateType: payload.node.level,
  aggregateId: payload.node.id,
  fundId: null,
});
const fund = (payload: { fund: { id: string } }) => ({ aggregateType: 'FUND', aggregateId: payload.fund.id, fundId: payload.fund.id });
const group = (payload: { group: { id: string; fundId: string } }) => ({
  aggregateType: 'GROUP',
  aggregateId: payload.group.id,
  fundId: payload.group.fundId,
});
const member = (payload: { member: { id: string; fundId: string } }) => ({
  aggregateType: 'MEMBER',
  aggregateId: payload.member.id,
  fundId: payload.member.fundId,
});
const link = (payload: { link: z.output<typeof PartnerLinkState> }) => ({
  aggregateType: payload.link.nodeLevel,
  aggregateId: payload.link.nodeId,
  fundId: payload.link.fundId,
});
const officer = (payload: { officer: { fundId: string } }) => ({
  aggregateType: 'FUND',
  aggregateId: payload.officer.fundId,
  fundId: payload.officer.fundId,
});
const apiKey = (payload: { apiKey: { id: string; fundId: string | null } }) => ({
  aggregateType: 'API_KEY',
  aggregateId: payload.apiKey.id,
  fundId: payload.apiKey.fundId,
});

const regionPayload = z.strictObject({ node: RegionState });
const fundPayload = z.strictObject({ fund: FundState });
const groupPayload = z.strictObject({ group: GroupState });
const memberPayload = z.strictObject({ member: MemberState });

export const MEMBERSHIP_EVENTS = {
  // ---- Provinces, counties, villages
  NodeCreated: defineEvent({ version: 1, payload: regionPayload, key: region }),
  NodeUpdated: defineEvent({ version: 1, payload: regionPayload, key: region }),
  /** A county or village moved: `node` holds its new ancestry; every fund, group and member under it follows. */
  NodeMoved: defineEvent({
    version: 1,
    payload: z.strictObject({ node: RegionState, from: z.strictObject({ provinceId: id().nullable(), countyId: id().nullable() }) }),
    key: region,
  }),
  NodeArchived: defineEvent({ version: 1, payload: regionPayload, key: region }),
  NodeDeleted: defineEvent({ version: 1, payload: regionPayload, key: region }),

  // ---- Funds: every event carries the whole fund as it stands after the change
  FundCreated: defineEvent({ version: 1, payload: fundPayload, key: fund }),
  /** Renamed. */
  FundUpdated: defineEvent({ version: 1, payload: fundPayload, key: fund }),
  FundPolicyChanged: defineEvent({ version: 1, payload: fundPayload, key: fund }),
  FundActivated: defineEvent({ version: 1, payload: fundPayload, key: fund }),
  /** Moved to another village: `fund` holds its new ancestry; its groups and members follow. */
  FundMoved: defineEvent({
    version: 1,
    payload: z.strictObject({ fund: FundState, from: z.strictObject({ provinceId: id(), countyId: id(), villageId: id() }) }),
    key: fund,
  }),
  FundArchived: defineEvent({ version: 1, payload: fundPayload, key: fund }),
  /** Deleted as created by mistake (it never had groups or members). */
  FundDeleted: defineEvent({ version: 1, payload: fundPayload, key: fund }),
  FormationStageRecorded: defineEvent({
    version: 1,
    payload: z.strictObject({ fundId: id(), stage: z.string(), completedOn: day() }),
    key: (p) => ({ aggregateType: 'FUND', aggregateId: p.fundId, fundId: p.fundId }),
  }),

  // ---- Groups
  GroupCreated: defineEvent({ version: 1, payload: groupPayload, key: group }),
  GroupUpdated: defineEvent({ version: 1, payload: groupPayload, key: group }),
  GroupArchived: defineEvent({ version: 1, payload: groupPayload, key: group }),
  GroupDeleted: defineEvent({ version: 1, payload: groupPayload, key: group }),

  // ---- Members: the membership as it stands after the change
  MemberEnrolled: defineEvent({ version: 1, payload: memberPayload, key: member }),
  MemberUpdated: defineEvent({ version: 1, payload: memberPayload, key: member }),
  MemberSuspended: defineEvent({ version: 1, payload: memberPayload, key: member }),
  MemberReinstated: defineEvent({ version: 1, payload: memberPayload, key: member }),
  MemberExited: defineEvent({ version: 1, payload: memberPayload, key: member }),
  /**
   * `member` is the membership moved: in another group of the same fund (same id, still ACTIVE),
   * or, to another fund, EXITED with reason TRANSFERRED; `to` is the membership in the target
   * group (the same id within a fund, a new one opened by the transfer in another fund).
   */
  MemberTransferred: defineEvent({
    version: 1,
    payload: z.strictObject({ member: MemberState, to: MemberState, effectiveOn: day() }),
    key: member,
  }),

  // ---- Partners, officers, API keys
  PartnerCreated: defineEvent({
    version: 1,
    payload: z.strictObject({ partner: PartnerState }),
    key: (p) => ({ aggregateType: 'PARTNER', aggregateId: p.partner.id, fundId: null }),
  }),
  PartnerLinked: defineEvent({ version: 1, payload: z.strictObject({ link: PartnerLinkState }), key: link }),
  PartnerLinkEnded: defineEvent({ version: 1, payload: z.strictObject({ link: PartnerLinkState }), key: link }),
  OfficerAppointed: defineEvent({ version: 1, payload: z.strictObject({ officer: OfficerState }), key: officer }),
  OfficerTermEnded: defineEvent({ version: 1, payload: z.strictObject({ officer: OfficerState }), key: officer }),
  ApiKeyCreated: defineEvent({ version: 1, payload: z.strictObject({ apiKey: ApiKeyState }), key: apiKey }),
  ApiKeyRevoked: defineEvent({ version: 1, payload: z.strictObject({ apiKey: ApiKeyState }), key: apiKey }),
};

export type MembershipCatalogue = typeof MEMBERSHIP_EVENTS;
export type MembershipEventType = EventType<MembershipCatalogue>;
export type MembershipPayload<N extends MembershipEventType> = PayloadOf<MembershipCatalogue, N>;
/** A decoded membership event: switch on `type` and `payload` is typed. */
export type MembershipEvent = CatalogueEvent<MembershipCatalogue>;
export type FundStateValue = z.output<typeof FundState>;
export type GroupStateValue = z.output<typeof GroupState>;
export type MemberStateValue = z.output<typeof MemberState>;
export type RegionStateValue = z.output<typeof RegionState>;

/** The producer name of membership's outbox. */
export const MEMBERSHIP_PRODUCER = 'membership';

/** Membership's constructor (`membershipEvents.build('FundCreated', { fund })`) and decoder. */
export const membershipEvents = catalogueKit(MEMBERSHIP_EVENTS);
