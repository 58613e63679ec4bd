import { registerEnumType } from 'type-graphql';

/** The steps of forming a fund, in order (DESIGN.md section 1). */
export enum FormationStage {
  VILLAGE_CHOSEN = 'VILLAGE_CHOSEN',
  SITE_CHOSEN = 'SITE_CHOSEN',
  MEMBERS_RECRUITED = 'MEMBERS_RECRUITED',
  SAVINGS_MOBILISED = 'SAVINGS_MOBILISED',
  MEETING_RULES_ADOPTED = 'MEETING_RULES_ADOPTED',
  GROUPS_FORMED = 'GROUPS_FORMED',
  BOARD_APPOINTED = 'BOARD_APPOINTED',
  TRAINED = 'TRAINED',
  CAPITAL_INJECTED = 'CAPITAL_INJECTED',
  LENDING_STARTED = 'LENDING_STARTED',
  SUPERVISED = 'SUPERVISED',
}

registerEnumType(FormationStage, {
  name: 'FormationStage',
  description: 'Steps of forming a fund, from choosing the village to supervision.',
});

/** Stages that must be recorded (and true) before a fund can be activated. */
export const ACTIVATION_STAGES = [FormationStage.MEMBERS_RECRUITED, FormationStage.GROUPS_FORMED, FormationStage.BOARD_APPOINTED] as const;
