import { registerEnumType } from 'type-graphql';

export enum Methodology {
  MICRO_FUND = 'MICRO_FUND',
  SELF_HELP_GROUP = 'SELF_HELP_GROUP',
  SAVINGS_GROUP = 'SAVINGS_GROUP',
}

registerEnumType(Methodology, {
  name: 'Methodology',
  description: 'How a fund works; sets the defaults of its policy.',
  valuesConfig: {
    MICRO_FUND: {
      description:
        "Rural women's micro-credit fund: at most 50 women aged 15-60, in groups of 5-7, board of managing director, secretary and accountant.",
    },
    SELF_HELP_GROUP: { description: 'Self-help group of 15-25 women and girls, one group, saving before bank linkage loans.' },
    SAVINGS_GROUP: { description: 'Village savings and loan group of 10-25 members, one group, shares and a social fund.' },
  },
});
