import { Field, ID, ObjectType } from 'type-graphql';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Fund } from '../hierarchy/fund.entity';
import { Member } from '../member/member.entity';
import { OfficerRole } from './officer.enums';

@ObjectType({ description: 'A member holding a board role in a fund for a term.' })
@Check('officer_term', `term_end IS NULL OR term_end >= term_start`)
@Check('officer_ended', `ended_on IS NULL OR ended_on >= term_start`)
@Entity({ name: 'officer' })
@Index('officer_one_current_holder', ['fundId', 'role'], {
  unique: true,
  where: "ended_on IS NULL AND role NOT IN ('MONEY_COUNTER', 'KEY_HOLDER')",
})
@Index(['memberId'])
export class Officer {
  @Field(() => ID)
  @PrimaryColumn('uuid')
  id!: string;

  @ManyToOne(() => Fund, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'fund_id' })
  fundRef?: Fund;
  @Column('uuid')
  fundId!: string;

  @ManyToOne(() => Member, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_id' })
  memberRef?: Member;
  @Column('uuid')
  memberId!: string;

  @Field(() => OfficerRole)
  @Column('text')
  role!: OfficerRole;

  @Field(() => String, { description: 'First day of the term.' })
  @Column('date')
  termStart!: string;

  @Field(() => String, { nullable: true, description: 'Planned last day of the term, if set.' })
  @Column('date', { nullable: true })
  termEnd!: string | null;

  @Field(() => String, { nullable: true, description: 'Day the holder actually stopped holding the role; null while current.' })
  @Column('date', { nullable: true })
  endedOn!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
