/** Path parameter schemas the Co-op routes share. */
import { z } from "zod";
import { parseDaySegment } from "../render/times";

/** Ids fit a 32-bit signed column on every database; a larger one names nothing. */
export const MAX_ID = 2_147_483_647;

export const id = z
  .string()
  .regex(/^\d+$/)
  .transform((text, ctx) => {
    const value = Number(text);
    if (value > MAX_ID) {
      ctx.addIssue({ code: "custom", message: `${text} is not a valid id` });
      return z.NEVER;
    }
    return value;
  });

/** Days a feed can be asked for; past 9999 a day's end is not a date JavaScript or SQL can write. */
const YEARS = { first: 1900, last: 2999 } as const;

export const day = z.string().transform((text, ctx) => {
  const parsed = parseDaySegment(text);
  if (parsed === null) {
    ctx.addIssue({ code: "custom", message: `${text} is not a date (use YYYYMMDD)` });
    return z.NEVER;
  }
  const year = Number(parsed.slice(0, 4));
  if (year < YEARS.first || year > YEARS.last) {
    ctx.addIssue({ code: "custom", message: `${text} is not a day between ${YEARS.first} and ${YEARS.last}` });
    return z.NEVER;
  }
  return parsed;
});

export const none = z.object({});
export const inGroup = z.object({ group: id });
export const ofUser = z.object({ user: id });
