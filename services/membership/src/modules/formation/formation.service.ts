import type { EntityManager } from 'typeorm';
import { Field, ObjectType } from 'type-graphql';
import { ScopedDatabase } from '@funds/db-kit';
import { membershipEvents } from '@funds/events';
import { Access, DomainError } from '@funds/graphql-kit';
import { NodeLevel, NodeStatus } from '../hierarchy/hierarchy.enums';
import { requireNode } from '../hierarchy/hierarchy.service';
import { Fund } from '../hierarchy/fund.entity';
import { REQUIRED_ROLES } from '../officer/officer.enums';
import { BusinessCalendar } from '../hierarchy/business-calendar';
import { fundState, recordMembershipEvents } from '../hierarchy/hierarchy.events';
import { FormationStep } from './formation-step.entity';
import { ACTIVATION_STAGES, FormationStage } from './formation.enums';

const S = 'membership';

@ObjectType({ description: 'One requirement for activating a fund: a stage that must be recorded, with the fact behind it.' })
export class ActivationCheck {
  @Field(() => FormationStage) stage!: FormationStage;
  @Field(() => Boolean, { description: 'The stage has been recorded.' }) recorded!: boolean;
  @Field(() => Boolean, { description: 'The fact behind the stage holds now.' }) satisfied!: boolean;
  @Field(() => String, { description: 'What the fact is, or what is missing.' }) detail!: string;
}

@ObjectType({ description: 'Whether a forming fund can be activated, and what is missing.' })
export class ActivationReadiness {
  @Field(() => Boolean) ready!: boolean;
  @Field(() => [ActivationCheck]) checks!: ActivationCheck[];
}

/** The facts behind the activation stages, from the fund's members, groups and officers. */
export async function activationChecks(db: EntityManager, fund: Fund): Promise<ActivationCheck[]> {
  const [facts] = await db.query(
    `SELECT
       (SELECT count(*)::int FROM ${S}.member WHERE fund_id = $1 AND status = 'ACTIVE') AS members,
       (SELECT count(*)::int FROM ${S}.member WHERE fund_id = $1 AND status = 'ACTIVE' AND group_id IS NULL) AS ungrouped,
       (SELECT count(*)::int FROM ${S}.member_group WHERE fund_id = $1 AND status = 'ACTIVE') AS groups,
       (SELECT coalesce(array_agg(name ORDER BY name), '{}') FROM (
          SELECT g.name FROM ${S}.member_group g LEFT JOIN ${S}.member m ON m.group_id = g.id AND m.status = 'ACTIVE'
           WHERE g.fund_id = $1 AND g.status = 'ACTIVE' GROUP BY g.id, g.name HAVING count(m.id) < $2 OR count(m.id) > $3) s) AS bad_groups,
       (SELECT coalesce(array_agg(DISTINCT o.role), '{}') FROM ${S}.officer o JOIN ${S}.member m ON m.id = o.member_id
          WHERE o.fund_id = $1 AND o.ended_on IS NULL AND m.status = 'ACTIVE') AS roles,
       (SELECT coalesce(array_agg(stage), '{}') FROM ${S}.formation_step WHERE fund_id = $1) AS stages`,
    [fund.id, fund.policyMinGroupSize, fund.policyMaxGroupSize],
  );
  const recorded = new Set<string>(facts.stages);
  const missingRoles = REQUIRED_ROLES[fund.methodology].filter((r) => !(facts.roles as string[]).includes(r));
  const groupsOk = facts.groups > 0 && facts.ungrouped === 0 && facts.bad_groups.length === 0;
  return [
    {
      stage: FormationStage.MEMBERS_RECRUITED,
      recorded: recorded.has(FormationStage.MEMBERS_RECRUITED),
      satisfied: facts.members >= fund.policyMinMembers,
      detail: `${facts.members} active members; the policy needs at least ${fund.policyMinMembers}`,
    },
    {
      stage: FormationStage.GROUPS_FORMED,
      recorded: recorded.has(FormationStage.GROUPS_FORMED),
      satisfied: groupsOk,
      detail: groupsOk
        ? `${facts.groups} group(s) of ${fund.policyMinGroupSize}-${fund.policyMaxGroupSize}, every member placed`
        : [
            facts.groups === 0 ? 'no group yet' : null,
            facts.ungrouped ? `${facts.ungrouped} member(s) in no group` : null,
            facts.bad_groups.length
              ? `groups outside ${fund.policyMinGroupSize}-${fund.policyMaxGroupSize} members: ${facts.bad_groups.join(', ')}`
              : null,
          ]
            .filter(Boolean)
            .join('; '),
    },
    {
      stage: FormationStage.BOARD_APPOINTED,
      recorded: recorded.has(FormationStage.BOARD_APPOINTED),
      satisfied: missingRoles.length === 0,
      detail: missingRoles.length ? `roles not held: ${missingRoles.join(', ')}` : 'every required role is held by an active member',
    },
  ];
}

export class FormationService {
  constructor(
    private readonly db: ScopedDatabase,
    /** Stages are completed, and funds activated, today in the fund's country unless a day is given. */
    private readonly calendar = new BusinessCalendar(),
  ) {}

  /** Records a completed stage. The three activation stages are refused (STAGE_NOT_MET) while their facts do not hold. */
  record(
    access: Access,
    fundId: string,
    stage: FormationStage,
    completedOn: string | undefined,
    note: string | null,
  ): Promise<FormationStep> {
    return this.db.transaction(access.dbScope, async (em) => {
      const ref = await requireNode(em, access, fundId, [NodeLevel.FUND], 'fundId', 'update');
      access.authorize('recordFormationStage', ref, 'fundId');
      const fund = await em.findOneByOrFail(Fund, { id: ref.id });
      const day = completedOn ?? (await this.calendar.todayInCountry(em, ref.countryCode));
      if ((ACTIVATION_STAGES as readonly FormationStage[]).includes(stage)) {
        const check = (await activationChecks(em, fund)).find((c) => c.stage === stage)!;
        if (!check.satisfied) throw new DomainError('STAGE_NOT_MET', `${stage} cannot be recorded yet: ${check.detail}`, 'stage');
      }
      await em.query(
        `INSERT INTO ${S}.formation_step (fund_id, stage, completed_on, note, recorded_by) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (fund_id, stage) DO UPDATE SET completed_on = EXCLUDED.completed_on, note = EXCLUDED.note, recorded_by = EXCLUDED.recorded_by`,
        [fund.id, stage, day, note, access.identity.subject],
      );
      await recordMembershipEvents(em, access, [
        membershipEvents.build('FormationStageRecorded', { fundId: fund.id, stage, completedOn: day }),
      ]);
      return em.findOneByOrFail(FormationStep, { fundId: fund.id, stage });
    });
  }

  /** FORMING -> ACTIVE, only when every activation stage is recorded and holds; the error lists what is missing. */
  activate(access: Access, fundId: string, activatedOn: string | undefined): Promise<Fund> {
    return this.db.transaction(access.dbScope, async (em) => {
      const ref = await requireNode(em, access, fundId, [NodeLevel.FUND], 'fundId', 'update');
      access.authorize('activateFund', ref, 'fundId');
      const fund = await em.findOneByOrFail(Fund, { id: ref.id });
      if (fund.status !== NodeStatus.FORMING)
        throw new DomainError('FUND_NOT_FORMING', `Only a FORMING fund can be activated; this one is ${fund.status}`, 'fundId');
      const missing = (await activationChecks(em, fund)).filter((c) => !c.recorded || !c.satisfied);
      if (missing.length) {
        const words = missing.map((c) => (c.satisfied ? `${c.stage} (not recorded)` : `${c.stage} (${c.detail})`));
        throw new DomainError('FUND_NOT_READY', `The fund cannot be activated yet; missing: ${words.join('; ')}`, 'fundId', {
          missing: missing.map((c) => c.stage),
        });
      }
      fund.status = NodeStatus.ACTIVE;
      fund.activatedOn = activatedOn ?? (await this.calendar.todayInCountry(em, ref.countryCode));
      await em.save(fund);
      await recordMembershipEvents(em, access, [membershipEvents.build('FundActivated', { fund: fundState(fund, ref.countryCode) })]);
      return fund;
    });
  }
}
