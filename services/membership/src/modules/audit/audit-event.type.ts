import { Field, ID, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';

@ObjectType({
  description:
    'One mutation as the audit log keeps it: who ran it, on what, with which arguments (personal data masked) and how it ended. Admins read the events under their node.',
})
export class AuditEvent {
  @Field(() => ID)
  id!: string;

  @Field(() => Date, { description: 'When it was recorded (the commit of the change, or the refusal).' })
  occurredAt!: Date;

  @Field(() => String, { description: 'The request id (x-request-id), as in the log lines.' })
  requestId!: string;

  @Field(() => String, { description: "The caller's subject (a person, or apikey:<id> for a partner app)." })
  subject!: string;

  @Field(() => String, { description: "The caller's role." })
  role!: string;

  @Field(() => [String], { description: "A partner app's grants (empty for people)." })
  grants!: string[];

  @Field(() => String, { description: 'The mutation, by its field name (e.g. enrolMember).' })
  operation!: string;

  @Field(() => String, { description: 'OK, or the error code the caller was given.' })
  outcome!: string;

  @Field(() => String, { nullable: true, description: 'The refusal message the caller was given (masked).' })
  message!: string | null;

  @Field(() => ID, { nullable: true, description: 'The node (or record) the change concerns, when there is one.' })
  targetId!: string | null;

  @Field(() => String, { nullable: true, description: 'What targetId is: PROVINCE, ..., MEMBER, OFFICER, PARTNER, ...' })
  targetLevel!: string | null;

  @Field(() => GraphQLJSONObject, {
    description: 'The arguments as sent, with personal data (names, national ids, phones, birth dates) masked.',
  })
  arguments!: Record<string, unknown>;
}
