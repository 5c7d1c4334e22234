import { MAX_LINE_LENGTH } from "./limits";

/**
 * An address worth sending to: one `@`, a dot in the domain, no spaces or commas (a comma would
 * split a pasted list). Deliverability is the mail server's business, not ours.
 */
export const EMAIL_PATTERN = /^[^\s@,]+@[^\s@,]+\.[^\s@,]+$/;

export function isEmail(value: string): boolean {
  return value.length <= MAX_LINE_LENGTH && EMAIL_PATTERN.test(value);
}
