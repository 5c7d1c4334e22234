/**
 * The server's Harvest gateway, answered by the sandbox's own emulation in-process: a credential
 * names one of its accounts by subdomain, and gathering hands over that user's whole timesheet.
 * (The server reaches a real Harvest over HTTP; here the emulation is right beside it.)
 */
import type { Gathered, HarvestGateway, TimeEntry } from "../server/index";
import type { World } from "./model/world";

export function emulatedHarvest(world: World): HarvestGateway {
  const entriesOf = (subdomain: string, email: string): TimeEntry[] | null => {
    const account = world.account(subdomain);
    const user = account === null ? null : world.harvestUser(account, email);
    if (account === null || user === null) return null;
    return account.timeEntries
      .filter((e) => e.userId === user.id)
      .map((e) => ({
        id: e.id,
        spentAt: e.spentAt,
        client: e.client,
        project: e.project,
        task: e.task,
        hours: e.hours,
        notes: e.notes,
        timerStartedAt: e.timerStartedAt,
        createdAt: e.createdAt,
        updatedAt: e.updatedAt,
      }));
  };
  return {
    verify: (login) => {
      const account = world.account(login.subdomain);
      if (account === null)
        return Promise.resolve({ ok: false, message: `there is no Harvest account "${login.subdomain}"` });
      if (world.harvestLogin(account, login.email, login.password) === null)
        return Promise.resolve({ ok: false, message: "the email or password is wrong" });
      return Promise.resolve({ ok: true });
    },
    gather: (login) => {
      const entries = entriesOf(login.subdomain, login.email) ?? [];
      const gathered: Gathered = { entries, deletedIds: [], until: world.now(), complete: true };
      return Promise.resolve(gathered);
    },
  };
}
