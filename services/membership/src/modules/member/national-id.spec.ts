import {
  makeIranianNationalCode,
  makeVietnameseCitizenId,
  NationalIdPerson,
  normalizeNationalId,
  validateNationalId,
  VIETNAMESE_PROVINCE_CODES,
} from './national-id';

describe('validateNationalId: Iran (kod-e melli)', () => {
  // Check digits worked out by hand: s = sum d[i]*(10-i); r = s % 11; check = r < 2 ? r : 11 - r.
  it.each([
    ['r >= 2', '0012345679', '0012345679'],
    ['r >= 2, other prefix', '4251234561', '4251234561'],
    ['r = 1, check digit 1', '1234567891', '1234567891'],
    ['r = 0, check digit 0', '9999999980', '9999999980'],
    ['Persian digits', '۰۰۱۲۳۴۵۶۷۹', '0012345679'],
    ['Arabic-Indic digits', '٤٢٥١٢٣٤٥٦١', '4251234561'],
    ['dashes', '001-234567-9', '0012345679'],
    ['spaces and mixed scripts', ' ۰۶۴ 512 399۴ ', '0645123994'],
  ])('accepts %s: %s', (_case, input, normalized) => {
    expect(validateNationalId('IR', input)).toEqual({ ok: true, normalized });
  });

  it.each([
    ['nine digits', '001234567', /has 10 digits; got 9/],
    ['eleven digits', '00123456790', /has 10 digits; got 11/],
    ['empty', '', /empty/],
    ['a letter', '00123456a9', /only digits; found "a"/],
    ['bad check digit', '0012345678', /check digit/],
    ['bad check digit (Persian)', '۰۰۱۲۳۴۵۶۷۸', /check digit/],
    ['ten zeros', '0000000000', /identical digits/],
    ['ten ones (passes the checksum)', '1111111111', /identical digits/],
    ['ten sevens', '۷۷۷۷۷۷۷۷۷۷', /identical digits/],
  ])('rejects %s: %s', (_case, input, message) => {
    const check = validateNationalId('IR', input);
    expect(check).toEqual({ ok: false, code: 'INVALID_NATIONAL_ID', message: expect.stringMatching(message) });
  });

  it('does not use the person (an Iranian code encodes neither sex nor birth date)', () => {
    expect(validateNationalId('IR', '0012345679', { birthDate: '1980-01-01', sex: 'MALE' }).ok).toBe(true);
  });
});

describe('validateNationalId: Vietnam (CCCD)', () => {
  const woman1990: NationalIdPerson = { birthDate: '1990-05-12', sex: 'FEMALE' };
  it.each<[string, string, NationalIdPerson | undefined, string]>([
    ['Yen Bai, female, 1990', '015190012345', woman1990, '015190012345'],
    ['Hanoi, female, 2000', '001300000001', { birthDate: '2000-01-01', sex: 'FEMALE' }, '001300000001'],
    ['Ho Chi Minh City, male, 1888', '079888123456', { birthDate: '1888-12-31', sex: 'MALE' }, '079888123456'],
    ['male, 2100s', '096405000000', { birthDate: '2105-03-03', sex: 'MALE' }, '096405000000'],
    ['female, 2200s', '002799999999', { birthDate: '2299-07-07', sex: 'FEMALE' }, '002799999999'],
    ['no person given', '015190012345', undefined, '015190012345'],
    ['spaces and dashes', '015 190-012 345', woman1990, '015190012345'],
  ])('accepts %s', (_case, input, person, normalized) => {
    expect(validateNationalId('VN', input, person)).toEqual({ ok: true, normalized });
  });

  it.each([
    ['eleven digits', '01519001234', /has 12 digits; got 11/],
    ['thirteen digits', '0151900123456', /has 12 digits; got 13/],
    ['letters', 'C15190012345', /only digits; found "C"/],
    ['unknown province 003 (a gap in the list)', '003190012345', /003 is not one/],
    ['unknown province 000', '000190012345', /000 is not one/],
    ['unknown province 097', '097190012345', /097 is not one/],
  ])('rejects %s', (_case, input, message) => {
    expect(validateNationalId('VN', input, woman1990)).toEqual({
      ok: false,
      code: 'INVALID_NATIONAL_ID',
      message: expect.stringMatching(message),
    });
  });

  it.each<[string, NationalIdPerson, RegExp[], RegExp[]]>([
    ['sex', { birthDate: '1990-05-12', sex: 'MALE' }, [/digit 4 says female/, /member's sex \(male\)/], [/century/, /birth year/]],
    ['century', { birthDate: '2090-05-12', sex: 'FEMALE' }, [/century/, /1900-1999/, /2090-05-12/], [/sex/, /birth year/]],
    ['birth year', { birthDate: '1991-05-12', sex: 'FEMALE' }, [/birth year/, /digits 5-6 say 1990/], [/sex/, /century/]],
    ['sex and century', { birthDate: '2091-01-01', sex: 'MALE' }, [/sex/, /century/], [/birth year/]],
  ])('reports a %s mismatch as NATIONAL_ID_MISMATCH naming only that part', (_part, person, says, doesNotSay) => {
    const check = validateNationalId('VN', '015190012345', person);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.code).toBe('NATIONAL_ID_MISMATCH');
    for (const re of says) expect(check.message).toMatch(re);
    for (const re of doesNotSay) expect(check.message).not.toMatch(re);
  });

  it('checks the number before comparing it with the person', () => {
    const check = validateNationalId('VN', '003190012345', { birthDate: '2001-01-01', sex: 'MALE' });
    expect(check).toMatchObject({ ok: false, code: 'INVALID_NATIONAL_ID' });
  });

  it('throws on a malformed birth date (a caller error, not the member)', () => {
    expect(() => validateNationalId('VN', '015190012345', { birthDate: '1990-02-30', sex: 'FEMALE' })).toThrow(RangeError);
  });

  it('knows the 63 province codes', () => {
    expect(VIETNAMESE_PROVINCE_CODES).toHaveLength(63);
    expect(new Set(VIETNAMESE_PROVINCE_CODES).size).toBe(63);
  });
});

describe('normalizeNationalId', () => {
  it('maps both Eastern digit sets and drops spaces, dashes and zero-width non-joiners', () => {
    expect(normalizeNationalId('۰۱۲۳۴۵۶۷۸۹ ٠١٢٣٤٥٦٧٨٩-\u200c–')).toBe('01234567890123456789');
  });
});

describe('generators round-trip through the validator', () => {
  it.each(['001234567', '425123456', '123456789', '999999998', '۰۶۴۵۱۲۳۹۹'])('makeIranianNationalCode(%s)', (first9) => {
    const code = makeIranianNationalCode(first9);
    expect(code).toMatch(/^\d{10}$/);
    expect(code.slice(0, 9)).toBe(normalizeNationalId(first9));
    expect(validateNationalId('IR', code)).toEqual({ ok: true, normalized: code });
  });

  it('makeIranianNationalCode agrees with the hand-worked check digits', () => {
    expect(makeIranianNationalCode('001234567')).toBe('0012345679');
    expect(makeIranianNationalCode('123456789')).toBe('1234567891');
    expect(makeIranianNationalCode('999999998')).toBe('9999999980');
  });

  it.each(['12345678', '1234567890', '12345678x', '111111111'])('makeIranianNationalCode refuses %s', (first9) => {
    expect(() => makeIranianNationalCode(first9)).toThrow(RangeError);
  });

  it('every nine-digit prefix of a sample gets a code the validator accepts', () => {
    for (let n = 0; n < 1_000_000_000; n += 7_654_321) {
      const first9 = String(n).padStart(9, '0');
      if (/^(\d)\1{8}$/.test(first9)) continue;
      expect(validateNationalId('IR', makeIranianNationalCode(first9)).ok).toBe(true);
    }
  });

  it.each<[string, string, 'FEMALE' | 'MALE', number, string]>([
    ['015', '1990-05-12', 'FEMALE', 12345, '015190012345'],
    ['015', '1990-05-12', 'MALE', 12345, '015090012345'],
    ['001', '2000-01-01', 'FEMALE', 1, '001300000001'],
    ['001', '2007-01-01', 'MALE', 999999, '001207999999'],
    ['079', '1888-12-31', 'MALE', 123456, '079888123456'],
    ['096', '2105-03-03', 'FEMALE', 0, '096505000000'],
    ['002', '2299-07-07', 'MALE', 42, '002699000042'],
  ])('makeVietnameseCitizenId(%s, %s, %s, %d)', (province, birthDate, sex, sequence, expected) => {
    const id = makeVietnameseCitizenId(province, birthDate, sex, sequence);
    expect(id).toBe(expected);
    expect(validateNationalId('VN', id, { birthDate, sex })).toEqual({ ok: true, normalized: id });
  });

  it.each<[string, string, 'FEMALE' | 'MALE', number]>([
    ['003', '1990-01-01', 'FEMALE', 1],
    ['15', '1990-01-01', 'FEMALE', 1],
    ['015', '1990-13-01', 'FEMALE', 1],
    ['015', '1799-12-31', 'FEMALE', 1],
    ['015', '2300-01-01', 'FEMALE', 1],
    ['015', '1990-01-01', 'FEMALE', -1],
    ['015', '1990-01-01', 'FEMALE', 1_000_000],
    ['015', '1990-01-01', 'FEMALE', 1.5],
  ])('makeVietnameseCitizenId refuses (%s, %s, %s, %d)', (province, birthDate, sex, sequence) => {
    expect(() => makeVietnameseCitizenId(province, birthDate, sex, sequence)).toThrow(RangeError);
  });
});
