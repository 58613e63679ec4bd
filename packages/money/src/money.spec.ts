import { Kind } from 'graphql';
import { Dec, DecimalScalar, decimalTransformer, fitsCurrency, parseDecimal, roundMoney } from './index';

describe('decimal parsing', () => {
  it.each(['0', '1250000', '-3.75', '0.1', '123456789012345678901234567890'])('accepts %s exactly', (text) => {
    expect(parseDecimal(text).toFixed()).toBe(text);
  });
  it.each(['', '1e5', '01', '1.', '.5', 'abc', '1,000', ' 1'])('refuses %j', (text) => {
    expect(() => parseDecimal(text)).toThrow(TypeError);
  });
  it('adds without float error', () => {
    expect(parseDecimal('0.1').plus(parseDecimal('0.2')).toFixed()).toBe('0.3');
  });
});

describe('rounding to minor units (ROUND_HALF_EVEN)', () => {
  it.each([
    ['2.5', 'IRR', '2'],
    ['3.5', 'IRR', '4'],
    ['-2.5', 'VND', '-2'],
    ['10.005', 'USD', '10'],
    ['10.015', 'USD', '10.02'],
    ['1999999.4999', 'IRR', '1999999'],
  ])('%s %s -> %s', (amount, currency, expected) => {
    expect(roundMoney(new Dec(amount), currency).toFixed()).toBe(expected);
  });
  it('refuses an unknown currency', () => {
    expect(() => roundMoney(new Dec(1), 'XXX')).toThrow(RangeError);
  });
  it('knows which amounts fit a currency', () => {
    expect(fitsCurrency(new Dec('100'), 'IRR')).toBe(true);
    expect(fitsCurrency(new Dec('100.5'), 'IRR')).toBe(false);
    expect(fitsCurrency(new Dec('100.55'), 'USD')).toBe(true);
  });
});

describe('Decimal scalar', () => {
  it('serialises decimals as strings', () => {
    expect(DecimalScalar.serialize(new Dec('12.50'))).toBe('12.5');
  });
  it('refuses float literals and values', () => {
    expect(() => DecimalScalar.parseLiteral({ kind: Kind.FLOAT, value: '1.5' } as never)).toThrow(/strings/);
    expect(() => DecimalScalar.parseValue(1.5)).toThrow(/strings/);
  });
  it('parses strings and safe integers', () => {
    expect(DecimalScalar.parseValue('5000000').toFixed()).toBe('5000000');
    expect(DecimalScalar.parseValue(42).toFixed()).toBe('42');
    expect(DecimalScalar.parseLiteral({ kind: Kind.STRING, value: '7.25' } as never).toFixed()).toBe('7.25');
  });
});

describe('numeric transformer', () => {
  it('round-trips exact text', () => {
    const text = '98765432109876543210.123456789';
    expect(decimalTransformer.to(decimalTransformer.from(text)!)).toBe(text);
    expect(decimalTransformer.from(null)).toBeNull();
  });
});
