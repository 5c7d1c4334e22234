/**
 * The sandbox's own world: the emulated Harvest accounts (Harvest is not ours, so it stays an
 * emulation), the clock, and persistence after each change. Co-op's data lives in the server's
 * database (see sandbox/coop-store.ts).
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { stateSchema } from "./state";
import type { HarvestAccount, HarvestUser, SeedState, State } from "./state";

const sameEmail = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

export class World {
  state: State;
  readonly now: () => number;
  private readonly dataFile: string | null;
  private readonly seed: () => SeedState;

  constructor(now: () => number, dataFile: string | null, seed: () => SeedState) {
    this.now = now;
    this.dataFile = dataFile;
    this.seed = seed;
    this.state =
      dataFile !== null && existsSync(dataFile) ? World.load(dataFile) : { version: 2, harvest: seed().harvest };
    this.save();
  }

  /** A data file that does not parse is an error, never silently replaced (that would lose it). */
  private static load(file: string): State {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, "utf8"));
    } catch (error) {
      throw new Error(
        `sandbox data file ${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const parsed = stateSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(
        `sandbox data file ${file} does not hold sandbox data (${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"})`,
      );
    }
    return parsed.data;
  }

  save(): void {
    if (this.dataFile === null) return;
    const temp = `${this.dataFile}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(this.state, null, 2)}\n`);
    renameSync(temp, this.dataFile);
  }

  reset(): void {
    this.state = { version: 2, harvest: this.seed().harvest };
    this.save();
  }

  account(subdomain: string): HarvestAccount | null {
    return this.state.harvest.find((a) => a.subdomain === subdomain) ?? null;
  }

  harvestLogin(account: HarvestAccount, email: string, password: string): HarvestUser | null {
    const user = account.users.find((u) => sameEmail(u.email, email));
    return user !== undefined && user.password === password ? user : null;
  }

  harvestUser(account: HarvestAccount, email: string): HarvestUser | null {
    return account.users.find((u) => sameEmail(u.email, email)) ?? null;
  }
}
