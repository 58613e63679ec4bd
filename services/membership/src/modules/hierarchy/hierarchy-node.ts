import { Field, ID, InterfaceType } from 'type-graphql';
import { Column, CreateDateColumn, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { NodeLevel, NodeStatus } from './hierarchy.enums';
import { AncestorRef, NodeStats } from './node-stats.type';

/** GraphQL type names are the entity class names (Province, County, ..., Member). */
const byClassName = (value: object): string => value.constructor.name;

@InterfaceType({ description: 'Anything that can be fetched by id with `node(id:)`.', resolveType: byClassName })
export abstract class Node {
  @Field(() => ID, { description: 'Globally unique id (UUID v7).' })
  @PrimaryColumn('uuid')
  id!: string;
}

/** Columns and fields every level of the hierarchy shares. */
@InterfaceType({ implements: Node, description: 'A province, county, village, fund or group.', resolveType: byClassName })
export abstract class HierarchyNode extends Node {
  @Field(() => String, { description: 'Name in the local script (Persian, Vietnamese, ...).' })
  @Column('text')
  name!: string;

  @Field(() => String, { nullable: true, description: 'Name in Latin letters, for search and for readers of other scripts.' })
  @Column('text', { nullable: true })
  nameLatin!: string | null;

  @Field(() => NodeStatus, { description: 'Whether the node is in operation.' })
  @Column('text', { default: NodeStatus.ACTIVE })
  status!: NodeStatus;

  @Field(() => Date, { description: 'When the node was created.' })
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  @Field(() => NodeStats, {
    description: 'Counts under this node: funds, groups, members by sex and priority flags (one batched statement per level).',
  })
  stats?: NodeStats;

  @Field(() => [AncestorRef], { description: 'Province down to the parent of this node, for breadcrumbs.' })
  ancestry?: AncestorRef[];

  /** Each level's class says which level it is. */
  static readonly LEVEL: NodeLevel;

  @Field(() => NodeLevel, { description: 'Which level of the network this node is.' })
  get level(): NodeLevel {
    return (this.constructor as typeof HierarchyNode).LEVEL;
  }
}
