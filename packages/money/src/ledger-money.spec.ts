import { CurrencyMismatchError, Dec, Money } from './index';

const m = (amount: string | number, currency = 'IRR') => Money.of(amount, currency);
const amounts = (list: Money[]) => list.map((x) => x.amount.toFixed());

describe('Money', () => {
  it('is built only valid: a known currency, no more decimals than its minor units', () => {
    expect(m('2500000').toString()).toBe('2500000 IRR');
    expect(() => m('10.5')).toThrow(RangeError);
    expect(() => Money.of(1, 'XXX')).toThrow(RangeError);
    expect(Money.of('12.50', 'USD').amount.toFixed()).toBe('12.5');
    expect(Money.rounded('10.5', 'IRR').amount.toFixed()).toBe('10'); // half-even
    expect(Money.rounded('11.5', 'IRR').amount.toFixed()).toBe('12');
  });

  it('never mixes currencies', () => {
    expect(() => m(1).plus(Money.of(1, 'VND'))).toThrow(CurrencyMismatchError);
    expect(() => m(1).compare(Money.of(1, 'VND'))).toThrow(CurrencyMismatchError);
    expect(m(5).plus(m(7)).minus(m(2)).amount.toFixed()).toBe('10');
    expect(Money.sum([m(1), m(2), m(3)], 'IRR').amount.toFixed()).toBe('6');
    expect(m(1000).times('0.025').amount.toFixed()).toBe('25');
  });

  it('is stored at the fixed scale of numeric(34,4) and read back only when it fits its currency', () => {
    expect(m('2500000').toStorage()).toBe('2500000.0000');
    expect(Money.fromStorage('2500000.0000', 'IRR').equals(m(2500000))).toBe(true);
    expect(() => Money.fromStorage('1.5000', 'IRR')).toThrow(RangeError);
    expect(Money.fromStorage('1.5000', 'USD').toStorage()).toBe('1.5000');
  });
});

describe('allocate: the remainder rule', () => {
  it.each([
    // amount, currency, ratios, parts (worked by hand)
    ['100', 'IRR', [1, 1, 1], ['34', '33', '33']], // 33.33 each: one rial left, equal fractions: the earliest part
    ['1000', 'IRR', [1, 2], ['333', '667']], // 333.33 / 666.67: the larger dropped fraction (.67) gets the rial
    ['10', 'IRR', [3, 7], ['3', '7']], // exact
    ['0.05', 'USD', [1, 1], ['0.03', '0.02']], // 2.5 cents each: the cent to the earlier part
    ['50000', 'VND', [5, 3, 2], ['25000', '15000', '10000']],
    ['100001', 'VND', [0, 1, 1], ['0', '50001', '50000']], // a zero ratio gets nothing
    ['-100', 'IRR', [1, 1, 1], ['-34', '-33', '-33']], // the mirror image
  ] as const)('%s %s by %j -> %j', (amount, currency, ratios, expected) => {
    const parts = Money.of(amount, currency).allocate(ratios as unknown as number[]);
    expect(amounts(parts)).toEqual(expected);
  });

  it('parts always sum exactly to the whole', () => {
    let seed = 7;
    const next = () => (seed = (seed * 48271) % 2147483647);
    for (let run = 0; run < 500; run++) {
      const currency = run % 2 ? 'IRR' : 'USD';
      const amount = new Dec(next() % 100_000_000).div(currency === 'USD' ? 100 : 1);
      const ratios = Array.from({ length: 1 + (next() % 7) }, () => next() % 1000);
      if (!ratios.some((r) => r > 0)) ratios[0] = 1;
      const parts = Money.of(amount, currency).allocate(ratios);
      expect(Money.sum(parts, currency).equals(Money.of(amount, currency))).toBe(true);
      ratios.forEach((r, i) => r === 0 && expect(parts[i].isZero()).toBe(true));
    }
  });

  it('refuses ratios that split nothing', () => {
    expect(() => m(10).allocate([])).toThrow(RangeError);
    expect(() => m(10).allocate([0, 0])).toThrow(RangeError);
    expect(() => m(10).allocate([1, -1])).toThrow(RangeError);
  });
});
