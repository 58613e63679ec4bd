import 'reflect-metadata';
import { validate } from 'class-validator';
import { IsOptional } from 'class-validator';
import { DomainError } from './errors';
import { IsFreeText, IsName, IsSearchText, checkFreeText, checkName, freeTextArg } from './text';

describe('checkName', () => {
  it.each([
    ['Zanjan', 'Zanjan'],
    ['  روستای قلعه  ', 'روستای قلعه'],
    ['\u200bمی\u200cخواهم\u200b', 'می\u200cخواهم'],
    ['Cafe\u0301', 'Caf\u00e9'],
    ['Nhóm Đoàn Kết', 'Nhóm Đoàn Kết'],
    ['👩‍🌾', '👩‍🌾'],
    ['9', '9'],
  ])('takes %j as %j', (value, expected) => {
    expect(checkName(value)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['empty', ''],
    ['spaces', ' \t '],
    ['zero-width only', '\u200b\u200c\u200d\u2060\ufeff'],
    ['a mark alone', '\u0301\u0301'],
    ['a NUL', 'a\u0000'],
    ['an unpaired surrogate', 'a\udc00'],
    ['a line break', 'a\nb'],
    ['a bidi override', 'a\u202eb'],
    ['not text', 42],
  ])('refuses %s', (_what, value) => {
    expect(checkName(value).ok).toBe(false);
  });

  it('counts characters, not UTF-16 units: 200 emoji are a name, 201 are not', () => {
    expect(checkName('😀'.repeat(200)).ok).toBe(true);
    expect(checkName('😀'.repeat(201)).ok).toBe(false);
    expect(checkName('ab', 1).ok).toBe(false);
  });
});

describe('checkFreeText', () => {
  it('keeps line breaks and tabs, trims the ends, refuses other control characters and over 1,000 characters', () => {
    expect(checkFreeText(' line one\n\tline two \n')).toEqual({ ok: true, value: 'line one\n\tline two' });
    expect(checkFreeText('bell\u0007').ok).toBe(false);
    expect(checkFreeText('x'.repeat(1000)).ok).toBe(true);
    expect(checkFreeText('x'.repeat(1001)).ok).toBe(false);
    expect(checkFreeText('x'.repeat(500_000)).ok).toBe(false);
  });

  it('freeTextArg: none for null or blank, INVALID_INPUT naming the field otherwise', () => {
    expect(freeTextArg(null, 'note')).toBeNull();
    expect(freeTextArg('  ', 'note')).toBeNull();
    expect(freeTextArg(' ok ', 'note')).toBe('ok');
    expect(() => freeTextArg('x'.repeat(1001), 'note')).toThrow(DomainError);
    try {
      freeTextArg('x'.repeat(1001), 'note');
    } catch (error) {
      expect(error).toMatchObject({ code: 'INVALID_INPUT', field: 'note' });
    }
  });
});

class Input {
  @IsName() name!: string;
  @IsOptional() @IsName(10) nick?: string;
  @IsOptional() @IsFreeText() reason?: string;
  @IsOptional() @IsSearchText() search?: string;
}

describe('the decorators', () => {
  it('write the normalised text back into the input', async () => {
    const input = Object.assign(new Input(), { name: '  Cafe\u0301 ', reason: ' why \n', search: ' Đoàn ' });
    expect(await validate(input)).toEqual([]);
    expect(input).toMatchObject({ name: 'Caf\u00e9', reason: 'why', search: 'Đoàn' });
  });

  it('report the field and the rule broken', async () => {
    const input = Object.assign(new Input(), { name: '\u200b', nick: 'x'.repeat(11), search: 'a\nb' });
    const errors = await validate(input);
    expect(Object.fromEntries(errors.map((e) => [e.property, Object.values(e.constraints ?? {})[0]]))).toEqual({
      name: 'name must have at least one visible character (letters, digits or signs)',
      nick: 'nick must be at most 10 characters',
      search: 'search must be one line',
    });
  });
});
