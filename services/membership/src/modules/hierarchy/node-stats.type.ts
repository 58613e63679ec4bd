import { Field, ID, Int, ObjectType } from 'type-graphql';
import { NodeLevel } from './hierarchy.enums';

@ObjectType({
  description:
    'Counts under a node, from counters kept exact with every write (one indexed read per level, whatever the number of members). Members are counted when ACTIVE unless said otherwise.',
})
export class NodeStats {
  @Field(() => Int, { description: 'Funds not archived.' }) funds!: number;
  @Field(() => Int, { description: 'Funds ACTIVE.' }) activeFunds!: number;
  @Field(() => Int, { description: 'Groups active.' }) groups!: number;
  @Field(() => Int, { description: 'Active members.' }) members!: number;
  @Field(() => Int, { description: 'Active women members.' }) women!: number;
  @Field(() => Int, { description: 'Active men members.' }) men!: number;
  @Field(() => Int, { description: 'Active members heading a female-headed household.' }) femaleHeadedHouseholds!: number;
  @Field(() => Int, { description: 'Active members living with a disability.' }) withDisability!: number;
  @Field(() => Int, { description: 'Active members referred by a partner (e.g. the Welfare Organization).' }) referredByPartner!: number;
  @Field(() => Int, { description: 'Suspended members.' }) suspendedMembers!: number;
}

@ObjectType({ description: 'An ancestor of a node, for breadcrumbs. Readable even when the ancestor itself is above your scope.' })
export class AncestorRef {
  @Field(() => ID) id!: string;
  @Field(() => NodeLevel) level!: NodeLevel;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) nameLatin!: string | null;
}
