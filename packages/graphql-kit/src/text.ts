import { ValidationArguments, ValidationOptions, registerDecorator } from 'class-validator';
import { DomainError } from './errors';
import { NOT_TEXT } from './input-guard';

/**
 * The rules for text that people type, one per kind of input, shared by every mutation that
 * takes it: names (of nodes, members, partners), free text (reasons, notes) and search words.
 * Each rule normalises (Unicode NFC, trimmed) and checks; the decorators write the normalised
 * value back into the input, so services store what was checked.
 */

/** Longest name of a node, a partner or a Latin name. */
export const NAME_MAX = 200;
/** Longest given or family name of a person. */
export const PERSON_NAME_MAX = 100;
/** Longest free text: a reason, a note. */
export const FREE_TEXT_MAX = 1000;
/** Longest search text. */
export const SEARCH_MAX = 100;

/** A character someone can see: a letter, digit, symbol or punctuation (not a space, a mark alone or a zero-width character). */
const VISIBLE = /[\p{L}\p{N}\p{S}\p{P}]/u;
/** Control characters; free text keeps tab, line feed and carriage return. */
const CONTROL = /\p{Cc}/u;
const CONTROL_IN_FREE_TEXT = /[^\P{Cc}\t\n\r]/u;
/** Bidirectional overrides and isolates: they make a name display as something else. */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/u;
/** Spaces and invisible format characters (zero-width space, joiners, BOM) at either end. */
const EDGES = /^[\s\p{Cf}]+|[\s\p{Cf}]+$/gu;

export type TextResult = { ok: true; value: string } | { ok: false; problem: string };

function length(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** A name: NFC, trimmed of spaces and invisible characters, one visible character at least, no control characters, at most `max` characters. */
export function checkName(value: unknown, max = NAME_MAX): TextResult {
  if (typeof value !== 'string') return { ok: false, problem: 'must be text' };
  if (NOT_TEXT.test(value)) return { ok: false, problem: 'must not contain the NUL character or unpaired surrogates' };
  const text = value.normalize('NFC').replace(EDGES, '');
  if (CONTROL.test(text) || BIDI_CONTROL.test(text)) return { ok: false, problem: 'must be one line without control characters' };
  if (!VISIBLE.test(text)) return { ok: false, problem: 'must have at least one visible character (letters, digits or signs)' };
  if (length(text) > max) return { ok: false, problem: `must be at most ${max} characters` };
  return { ok: true, value: text };
}

/** Free text (a reason, a note): NFC, trimmed, no control characters but tab and line breaks, at most `max` characters. */
export function checkFreeText(value: unknown, max = FREE_TEXT_MAX): TextResult {
  if (typeof value !== 'string') return { ok: false, problem: 'must be text' };
  if (NOT_TEXT.test(value)) return { ok: false, problem: 'must not contain the NUL character or unpaired surrogates' };
  const text = value.normalize('NFC').trim();
  if (CONTROL_IN_FREE_TEXT.test(text)) return { ok: false, problem: 'must not contain control characters' };
  if (length(text) > max) return { ok: false, problem: `must be at most ${max} characters` };
  return { ok: true, value: text };
}

function textDecorator(name: string, check: (value: unknown) => TextResult, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate(value: unknown, args: ValidationArguments): boolean {
          const result = check(value);
          // The normalised text replaces what was sent, so the service stores what was checked.
          if (result.ok) (args.object as Record<string, unknown>)[args.property] = result.value;
          return result.ok;
        },
        defaultMessage(args: ValidationArguments): string {
          const result = check(args.value);
          return `${args.property} ${result.ok ? 'is not valid' : result.problem}`;
        },
      },
    });
}

/** Input-field rule for a name (see checkName). Combine with @IsOptional() for optional names. */
export function IsName(max = NAME_MAX, options?: ValidationOptions): PropertyDecorator {
  return textDecorator('isName', (value) => checkName(value, max), options);
}

/** Input-field rule for free text (see checkFreeText). */
export function IsFreeText(max = FREE_TEXT_MAX, options?: ValidationOptions): PropertyDecorator {
  return textDecorator('isFreeText', (value) => checkFreeText(value, max), options);
}

/** Input-field rule for search text: free text of at most SEARCH_MAX characters, one line. */
export function IsSearchText(options?: ValidationOptions): PropertyDecorator {
  return textDecorator(
    'isSearchText',
    (value) => {
      const result = checkFreeText(value, SEARCH_MAX);
      return result.ok && /[\t\n\r]/.test(result.value) ? { ok: false, problem: 'must be one line' } : result;
    },
    options,
  );
}

/** For plain arguments (not input types): the normalised free text, null for none or blank, else INVALID_INPUT naming the field. */
export function freeTextArg(value: string | null | undefined, field: string, max = FREE_TEXT_MAX): string | null {
  if (value === null || value === undefined) return null;
  const result = checkFreeText(value, max);
  if (!result.ok) throw new DomainError('INVALID_INPUT', `Invalid ${field}: ${field} ${result.problem}`, field);
  return result.value === '' ? null : result.value;
}
