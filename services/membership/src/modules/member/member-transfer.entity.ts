import { Field, ID, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Member } from './member.entity';

@ObjectType({
  description: 'One move of a member between groups or funds. Moving to another fund ends the old membership and opens a new one.',
})
@Entity({ name: 'member_transfer' })
@Index(['memberId'])
@Index(['toMemberId'])
export class MemberTransfer {
  @Field(() => ID)
  @PrimaryColumn('uuid')
  id!: string;

  @ManyToOne(() => Member, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_id' })
  memberRef?: Member;
  @Column('uuid')
  memberId!: string;

  @Field(() => ID, { description: 'Fund moved from.' })
  @Column('uuid')
  fromFundId!: string;

  @Field(() => ID, { nullable: true, description: 'Group moved from.' })
  @Column('uuid', { nullable: true })
  fromGroupId!: string | null;

  @Field(() => ID, { description: 'Fund moved to.' })
  @Column('uuid')
  toFundId!: string;

  @Field(() => ID, { nullable: true, description: 'Group moved to.' })
  @Column('uuid', { nullable: true })
  toGroupId!: string | null;

  @ManyToOne(() => Member, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'to_member_id' })
  toMemberRef?: Member;
  @Field(() => ID, { description: 'The membership after the move (the same one for a move inside a fund).' })
  @Column('uuid')
  toMemberId!: string;

  @Field(() => String, { description: 'Date the move took effect.' })
  @Column('date')
  effectiveOn!: string;

  @Field(() => String, { nullable: true, description: 'Why the member moved.' })
  @Column('text', { nullable: true })
  reason!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
