import Decimal from 'decimal.js';
import { Field, ID, InputType } from 'type-graphql';
import { DecimalScalar } from '@funds/money';
import { IsFreeText } from '@funds/graphql-kit';

@InputType({ description: 'Capital moving between a partner and a fund.' })
export class CapitalInput {
  @Field(() => ID, { description: 'The fund.' })
  fundId!: string;

  @Field(() => ID, { description: "The partner (of the fund's country, or of none)." })
  partnerId!: string;

  @Field(() => DecimalScalar, { description: "The amount, more than zero, in the fund's currency (IRR and VND: whole units)." })
  amount!: Decimal;

  @Field(() => String, {
    nullable: true,
    description: 'The business day it happened (YYYY-MM-DD, today by default; never in a closed month or the future).',
  })
  valueDate?: string | null;

  @Field(() => String, { nullable: true, description: 'A note kept in the journal (the agreement’s reference, say).' })
  @IsFreeText()
  memo?: string | null;

  @Field(() => String, {
    description:
      'A key the client makes for this request (a UUID is best, 8 to 100 characters). Sending the same request again with the same key returns the first result and posts nothing; the same key with a different request is refused (IDEMPOTENCY_KEY_REUSED).',
  })
  idempotencyKey!: string;
}
