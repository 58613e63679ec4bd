import type Decimal from 'decimal.js';
import type { FeeTiming, LoanMethod, RepaymentKind } from './schedule';

/** What a loan is at each step of its life. */
export type LoanStatus = 'APPLIED' | 'APPROVED' | 'REJECTED' | 'DISBURSED' | 'CLOSED' | 'WRITTEN_OFF';

/** Loans a member has open: they count against the concurrent-loan limit. */
export const OPEN_STATUSES: readonly LoanStatus[] = ['APPLIED', 'APPROVED', 'DISBURSED'];

/** A fund's loan product (loan_product). */
export interface LoanProduct {
  id: string;
  fundId: string;
  name: string;
  currency: string;
  method: LoanMethod;
  annualRatePercent: Decimal;
  feePercent: Decimal;
  feeTiming: FeeTiming;
  repayment: RepaymentKind;
  minTermMonths: number;
  maxTermMonths: number;
  maxSavingsMultiple: Decimal | null;
  cycleCaps: Decimal[] | null;
  waitingMonths: number;
  groupGuarantee: boolean;
  maxConcurrentLoans: number;
  purposeRequired: boolean;
  guaranteeHoldPercent: Decimal;
  active: boolean;
}

/** The settings of a product (what createLoanProduct and updateLoanProduct write). */
export type LoanProductSettings = Omit<LoanProduct, 'id' | 'fundId' | 'currency'>;

/** One member's loan (loan), with the product's terms as they stood when she applied. */
export interface Loan {
  id: string;
  fundId: string;
  memberId: string;
  groupId: string | null;
  productId: string;
  cycle: number;
  currency: string;
  principal: Decimal;
  termMonths: number;
  method: LoanMethod;
  annualRatePercent: Decimal;
  feePercent: Decimal;
  feeTiming: FeeTiming;
  repayment: RepaymentKind;
  purpose: string | null;
  status: LoanStatus;
  appliedOn: string;
  decidedOn: string | null;
  decisionNote: string | null;
  disbursedOn: string | null;
  closedOn: string | null;
  writtenOffOn: string | null;
  fundingPartnerId: string | null;
  rescheduledCount: number;
  scheduleVersion: number;
}

/** An officer's approval of a loan (loan_approval). */
export interface LoanApproval {
  loanId: string;
  approvedBy: string;
  approvedAt: Date;
  note: string | null;
}

/** One instalment of a schedule version, with what was paid of it (loan_instalment). */
export interface LoanInstalmentRow {
  loanId: string;
  version: number;
  number: number;
  dueOn: string;
  principal: Decimal;
  interest: Decimal;
  fee: Decimal;
  principalPaid: Decimal;
  interestPaid: Decimal;
  feePaid: Decimal;
}
