import { Dec } from '@funds/money';
import { presetFor } from './loan.presets';
import { validateSettings } from './loan.service';
import type { LoanProductSettings } from './loan.entity';

const base = (): LoanProductSettings => presetFor('MICRO_FUND', 'IRR');

describe('loan product presets by methodology', () => {
  it.each([
    [
      'MICRO_FUND',
      'IRR',
      { method: 'QARD_AL_HASAN', feePercent: '2', feeTiming: 'UPFRONT', maxTermMonths: 12, maxSavingsMultiple: '3', cycleCaps: null },
    ],
    [
      'SELF_HELP_GROUP',
      'IRR',
      {
        method: 'DECLINING_BALANCE',
        waitingMonths: 6,
        groupGuarantee: true,
        purposeRequired: true,
        cycleCaps: ['25000000', '30000000', '50000000'],
      },
    ],
    ['SELF_HELP_GROUP', 'VND', { cycleCaps: null }],
    ['SAVINGS_GROUP', 'VND', { method: 'FLAT', annualRatePercent: '24', minTermMonths: 1, maxTermMonths: 3, maxSavingsMultiple: '3' }],
  ])('%s in %s', (methodology, currency, expected) => {
    const preset = presetFor(methodology, currency);
    const shown = Object.fromEntries(
      Object.entries(preset).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : v instanceof Dec ? v.toString() : v]),
    );
    expect(shown).toMatchObject(expected);
    expect(() => validateSettings(preset, currency)).not.toThrow();
  });
});

describe('loan product settings that cannot be right are refused, naming the setting', () => {
  it.each<[string, Partial<LoanProductSettings>, string]>([
    ['a blank name', { name: '  ' }, 'input.name'],
    ['interest on qard al-hasan', { annualRatePercent: new Dec(5) }, 'input.annualRatePercent'],
    ['a fee over 100%', { feePercent: new Dec(101) }, 'input.feePercent'],
    ['a negative hold', { guaranteeHoldPercent: new Dec(-1) }, 'input.guaranteeHoldPercent'],
    ['a term of 0 months', { minTermMonths: 0 }, 'input.minTermMonths'],
    ['a term over 120 months', { maxTermMonths: 121 }, 'input.maxTermMonths'],
    ['an upside-down term range', { minTermMonths: 6, maxTermMonths: 3 }, 'input.minTermMonths'],
    ['no concurrent loan', { maxConcurrentLoans: 0 }, 'input.maxConcurrentLoans'],
    ['a zero multiple', { maxSavingsMultiple: new Dec(0) }, 'input.maxSavingsMultiple'],
    ['no caps at all', { cycleCaps: [] }, 'input.cycleCaps'],
    ['a cap in fractions of a rial', { cycleCaps: [new Dec(100), new Dec('1.5')] }, 'input.cycleCaps.1'],
    ['a waiting period over 120 months', { waitingMonths: 121 }, 'input.waitingMonths'],
  ])('%s', (_what, change, field) => {
    expect(() => validateSettings({ ...base(), ...change }, 'IRR')).toThrow(
      expect.objectContaining({ code: 'INVALID_LOAN_PRODUCT', field }),
    );
  });

  it('interest is fine on a flat product', () => {
    expect(() => validateSettings({ ...base(), method: 'FLAT', annualRatePercent: new Dec(24) }, 'IRR')).not.toThrow();
  });
});
