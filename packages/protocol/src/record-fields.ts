/**
 * Field groups that several wire models share because the servers build them from the same record:
 * spread into a `wire.record({...})` so each rule is written once.
 */
import * as wire from "./wire";

/** Rails' row timestamps, which Co-op and both Harvest APIs send on their records. */
export const timestamps = {
  createdAt: wire.instant.optional,
  updatedAt: wire.instant.optional,
};

/** A Harvest client contact's reachability, the same in v1 and v2. */
export const contactDetails = {
  email: wire.text,
  title: wire.text,
  phoneOffice: wire.text,
  phoneMobile: wire.text,
  fax: wire.text,
};

/** A Harvest user as both APIs name them: v1's `who_am_i` user, v2's `users/me` and identity user. */
export const harvestPerson = {
  id: wire.int.required,
  firstName: wire.str.or(""),
  lastName: wire.str.or(""),
  email: wire.str.required,
};
