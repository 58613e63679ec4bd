import { GraphQLError, Kind } from 'graphql';
import { Dec, DecimalScalar, decimalTransformer, fitsCurrency, parseDecimal, roundMoney } from './index';

describe('decimal parsing', () => {
  it.each(['0', '1250000', '-3.75', '0.1', '123456789012345678901234567890'])('accepts %s exactly', (text) => {
    expect(parseDecimal(text).toFixed()).toBe(text);
  });
  it.each(['', '1e5', '01', '1.', '.5', 'abc', '1,000', ' 1', 'NaN', 'Infinity', '-Infinity', '0x10', '1'.repeat(31), '1.12345678901'])(
    'refuses %j',
    (text) => {
      expect(() => parseDecimal(text)).toThrow(TypeError);
    },
  );
  it('accepts the largest amounts it allows: 30 digits before the point, 10 after', () => {
    const text = `-${'9'.repeat(30)}.${'9'.repeat(10)}`;
    expect(parseDecimal(text).toFixed()).toBe(text);
  });
  it('refuses a 200,000-digit amount at once', () => {
    const started = process.hrtime.bigint();
    expect(() => parseDecimal('9'.repeat(200_000))).toThrow(TypeError);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(50);
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
  /** The code a client sees when the scalar refuses a value. */
  const codeOf = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(GraphQLError);
      expect((error as GraphQLError).message.length).toBeLessThan(300);
      return (error as GraphQLError).extensions.code;
    }
    throw new Error('expected a refusal');
  };
  it.each([
    ['a float', 1.5],
    ['a boolean', true],
    ['an object', { amount: '1' }],
    ['an unsafe integer', 2 ** 60],
    ['an exponent', '1e5'],
    ['NaN', 'NaN'],
    ['Infinity', 'Infinity'],
    ['31 integer digits', '1'.repeat(31)],
    ['11 decimals', '0.12345678901'],
    ['200,000 digits', '9'.repeat(200_000)],
  ])('refuses %s as a variable with INVALID_DECIMAL and a short message', (_what, value) => {
    expect(codeOf(() => DecimalScalar.parseValue(value))).toBe('INVALID_DECIMAL');
  });
  it.each([
    ['a float literal', { kind: Kind.FLOAT, value: '1.5' }],
    ['a huge int literal', { kind: Kind.INT, value: '9'.repeat(200_000) }],
    ['an exponent string', { kind: Kind.STRING, value: '1E3' }],
    ['a boolean literal', { kind: Kind.BOOLEAN, value: true }],
  ])('refuses %s with INVALID_DECIMAL', (_what, ast) => {
    expect(codeOf(() => DecimalScalar.parseLiteral(ast as never))).toBe('INVALID_DECIMAL');
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
