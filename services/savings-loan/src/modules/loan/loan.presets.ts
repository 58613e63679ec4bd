import { Dec } from '@funds/money';
import type { LoanProductSettings } from './loan.entity';

/**
 * The loan product a fund's methodology starts from (createLoanProduct fills every setting the
 * caller leaves out from it), as the field's programmes lend (DESIGN.md "Loan products seen in the
 * field"):
 * - MICRO_FUND (rural women's micro-credit funds): qard al-hasan, a 2% service fee taken at
 *   disbursement, monthly instalments, up to 12 months, up to 3 times her savings;
 * - SELF_HELP_GROUP (Behzisti's bank linkage, Kermanshah): caps of 25,000,000, 30,000,000 and
 *   50,000,000 IRR for the 1st, 2nd and 3rd loan (the last cap beyond), after 6 months of saving,
 *   no guarantor or collateral but the group's guarantee, a livelihood purpose required;
 *   declining-balance interest at 4% a year over up to 24 months;
 * - SAVINGS_GROUP (village savings and loan groups, Yen Bai): flat interest of 2% a month (24% a
 *   year), short terms of 1 to 3 months, up to 3 times her savings and shares.
 */
export function presetFor(methodology: string, currency: string): LoanProductSettings {
  const base: LoanProductSettings = {
    name: 'Qard al-hasan',
    method: 'QARD_AL_HASAN',
    annualRatePercent: new Dec(0),
    feePercent: new Dec(2),
    feeTiming: 'UPFRONT',
    repayment: 'MONTHLY',
    minTermMonths: 1,
    maxTermMonths: 12,
    maxSavingsMultiple: new Dec(3),
    cycleCaps: null,
    waitingMonths: 0,
    groupGuarantee: false,
    maxConcurrentLoans: 1,
    purposeRequired: false,
    guaranteeHoldPercent: new Dec(0),
    active: true,
  };
  switch (methodology) {
    case 'SELF_HELP_GROUP':
      return {
        ...base,
        name: 'Bank linkage loan',
        method: 'DECLINING_BALANCE',
        annualRatePercent: new Dec(4),
        feePercent: new Dec(0),
        maxTermMonths: 24,
        maxSavingsMultiple: null,
        cycleCaps: currency === 'IRR' ? [new Dec(25_000_000), new Dec(30_000_000), new Dec(50_000_000)] : null,
        waitingMonths: 6,
        groupGuarantee: true,
        purposeRequired: true,
      };
    case 'SAVINGS_GROUP':
      return {
        ...base,
        name: 'Group loan',
        method: 'FLAT',
        annualRatePercent: new Dec(24),
        feePercent: new Dec(0),
        maxTermMonths: 3,
      };
    default:
      return base;
  }
}
