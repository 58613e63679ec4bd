import { Field, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Fund } from '../hierarchy/fund.entity';
import { FormationStage } from './formation.enums';

@ObjectType({ description: 'A formation stage a fund has completed, with its date.' })
@Entity({ name: 'formation_step' })
export class FormationStep {
  @ManyToOne(() => Fund, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'fund_id' })
  fundRef?: Fund;
  @PrimaryColumn('uuid')
  fundId!: string;

  @Field(() => FormationStage)
  @PrimaryColumn('text')
  stage!: FormationStage;

  @Field(() => String, { description: 'Day the stage was completed.' })
  @Column('date')
  completedOn!: string;

  @Field(() => String, { nullable: true, description: 'Free note (who trained, where the site is, ...).' })
  @Column('text', { nullable: true })
  note!: string | null;

  @Column('text')
  recordedBy!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
