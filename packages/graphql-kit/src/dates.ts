import { ValidationOptions, registerDecorator } from 'class-validator';
import { DomainError } from './errors';

/** True for a real calendar day written YYYY-MM-DD (no time, no zone; 2026-02-30 is refused). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const day = new Date(0);
  day.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return day.toISOString().slice(0, 10) === value;
}

/** Input-field validator: a calendar day, YYYY-MM-DD. */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} must be a date written YYYY-MM-DD`, ...options },
      validator: { validate: isCalendarDate },
    });
}

/** For plain arguments (not input types): the value when it is a calendar day, else INVALID_INPUT naming the field. */
export function dateArg(value: string, field: string): string {
  if (!isCalendarDate(value))
    throw new DomainError('INVALID_INPUT', `Invalid ${field}: a date written YYYY-MM-DD is expected; got "${value}"`, field);
  return value;
}
