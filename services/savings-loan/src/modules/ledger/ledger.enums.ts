import { registerEnumType } from 'type-graphql';

/** What a journal entry records. Each kind posts to the accounts its description names. */
export enum EntryKind {
  DEPOSIT = 'DEPOSIT',
  WITHDRAWAL = 'WITHDRAWAL',
  SHARE_PURCHASE = 'SHARE_PURCHASE',
  SOCIAL_FUND_CONTRIBUTION = 'SOCIAL_FUND_CONTRIBUTION',
  SOCIAL_FUND_PAYOUT = 'SOCIAL_FUND_PAYOUT',
  GRANT_RECEIVED = 'GRANT_RECEIVED',
  TRUST_CAPITAL_RECEIVED = 'TRUST_CAPITAL_RECEIVED',
  TRUST_CAPITAL_REPAID = 'TRUST_CAPITAL_REPAID',
  CREDIT_LINE_DRAWN = 'CREDIT_LINE_DRAWN',
  CREDIT_LINE_REPAID = 'CREDIT_LINE_REPAID',
  LOAN_DISBURSED = 'LOAN_DISBURSED',
  LOAN_REPAYMENT = 'LOAN_REPAYMENT',
  LOAN_WRITE_OFF = 'LOAN_WRITE_OFF',
  SHARE_OUT = 'SHARE_OUT',
  REVERSAL = 'REVERSAL',
}

registerEnumType(EntryKind, {
  name: 'EntryKind',
  description: 'What a journal entry records.',
  valuesConfig: {
    DEPOSIT: { description: "A member's savings deposit: cash in, her savings up." },
    WITHDRAWAL: { description: "A member's savings withdrawal: her savings down, cash out." },
    SHARE_PURCHASE: { description: 'A savings-group member buys shares at the share value: cash in, her shares up.' },
    SOCIAL_FUND_CONTRIBUTION: { description: 'A contribution to the social fund: cash in, social fund up.' },
    SOCIAL_FUND_PAYOUT: { description: 'A grant from the social fund to a member in need: social fund down, cash out.' },
    GRANT_RECEIVED: { description: "A partner's grant: cash in, the fund's equity (grants) up; never repaid." },
    TRUST_CAPITAL_RECEIVED: { description: 'A partner places capital with the fund in trust: cash in, owed to the partner.' },
    TRUST_CAPITAL_REPAID: { description: 'Trust capital returned to its partner: owed down, cash out.' },
    CREDIT_LINE_DRAWN: { description: "A draw on a bank's linkage credit line: cash in, owed to the bank." },
    CREDIT_LINE_REPAID: { description: 'A repayment to the bank: owed down, cash out.' },
    LOAN_DISBURSED: {
      description: 'A loan paid out: the loan receivable up, cash out (less any fee taken at disbursement, fee income up).',
    },
    LOAN_REPAYMENT: { description: 'A repayment: cash in; fee, interest income and the loan receivable paid in that order.' },
    LOAN_WRITE_OFF: { description: 'Principal given up as lost: write-off expense up, the loan receivable down to zero.' },
    SHARE_OUT: { description: "A savings group's cycle share-out: each member's shares and profit paid out in cash." },
    REVERSAL: { description: 'The mirror image of an earlier entry, which it names: how a mistake is corrected.' },
  },
});
