import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@ObjectType({ description: 'How a country names the levels of the network. Labels are data; the five levels are fixed.' })
export class LevelLabels {
  @Field(() => String) province!: string;
  @Field(() => String) county!: string;
  @Field(() => String) village!: string;
  @Field(() => String) fund!: string;
  @Field(() => String) group!: string;
}

@ObjectType({ description: 'A country the network works in, with its currency and national id scheme.' })
@Entity({ name: 'country' })
export class Country {
  @Field(() => String, { description: 'ISO 3166-1 alpha-2 code: IR, VN.' })
  @PrimaryColumn({ type: 'char', length: 2 })
  code!: string;

  @Field(() => String, { description: 'Name in the local script.' })
  @Column('text')
  name!: string;

  @Field(() => String, { description: 'Name in English.' })
  @Column('text')
  nameLatin!: string;

  @Field(() => String, { description: 'Default currency of funds in this country (ISO 4217).' })
  @Column({ type: 'char', length: 3 })
  currency!: string;

  @Field(() => String, { description: 'Which national id format members of this country present (IR_NATIONAL_CODE, VN_CITIZEN_ID).' })
  @Column('text')
  nationalIdScheme!: string;

  @Field(() => String, {
    description:
      "IANA time zone of the country (Asia/Tehran, Asia/Ho_Chi_Minh). Business days are days here, not in UTC: a fund's 'today' (default joining, leaving, transfer, term-end and activation days) and members' ages are taken in its country's zone.",
  })
  @Column('text')
  timeZone!: string;

  @Column('jsonb')
  levelLabels!: LevelLabels;
}
