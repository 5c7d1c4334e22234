/**
 * The live world: the state plus the clock, lookups the handlers share, the feed as Co-op builds it
 * (Notes plus the linked members' Harvest time entries), and persistence after each change.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { recentSeedState, seedState } from "./seed";
import { stateSchema } from "./state";
import type { Credential, Group, HarvestAccount, HarvestUser, Membership, Note, State, TimeEntry, User } from "./state";

export type FeedItem =
  | { readonly type: "Note"; readonly id: number; readonly createdAt: number; readonly groupId: number; readonly note: Note; readonly user: User }
  | { readonly type: "DayEntry"; readonly id: number; readonly createdAt: number; readonly groupId: number; readonly entry: TimeEntry; readonly user: User };

const sameEmail = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

export class World {
  state: State;
  readonly now: () => number;
  private readonly dataFile: string | null;
  private readonly recentSeed: boolean;

  constructor(now: () => number, dataFile: string | null, recentSeed = false) {
    this.now = now;
    this.dataFile = dataFile;
    this.recentSeed = recentSeed;
    this.state = dataFile !== null && existsSync(dataFile) ? World.load(dataFile) : this.seed();
    this.save();
  }

  /** A data file that does not parse is an error, never silently replaced (that would lose it). */
  private static load(file: string): State {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, "utf8"));
    } catch (error) {
      throw new Error(`sandbox data file ${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
    const parsed = stateSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`sandbox data file ${file} does not hold sandbox data (${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"})`);
    }
    return parsed.data;
  }

  save(): void {
    if (this.dataFile === null) return;
    const temp = `${this.dataFile}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(this.state, null, 2)}\n`);
    renameSync(temp, this.dataFile);
  }

  private seed(): State {
    return this.recentSeed ? recentSeedState(this.now()) : seedState();
  }

  reset(): void {
    this.state = this.seed();
    this.save();
  }

  // Co-op lookups

  userByLogin(email: string, password: string): User | null {
    const user = this.state.users.find((u) => sameEmail(u.email, email));
    return user !== undefined && user.password !== null && user.password === password ? user : null;
  }

  user(id: number): User | null {
    return this.state.users.find((u) => u.id === id) ?? null;
  }

  userByEmail(email: string): User | null {
    return this.state.users.find((u) => sameEmail(u.email, email)) ?? null;
  }

  group(id: number): Group | null {
    return this.state.groups.find((g) => g.id === id) ?? null;
  }

  membership(groupId: number, userId: number): Membership | null {
    return this.state.memberships.find((m) => m.groupId === groupId && m.userId === userId) ?? null;
  }

  members(groupId: number): User[] {
    return this.state.memberships
      .filter((m) => m.groupId === groupId)
      .map((m) => this.user(m.userId))
      .filter((u): u is User => u !== null);
  }

  credentialOf(userId: number): Credential | null {
    return this.state.credentials.find((c) => c.userId === userId) ?? null;
  }

  // Harvest lookups

  account(subdomain: string): HarvestAccount | null {
    return this.state.harvest.find((a) => a.subdomain === subdomain) ?? null;
  }

  harvestLogin(account: HarvestAccount, email: string, password: string): HarvestUser | null {
    const user = account.users.find((u) => sameEmail(u.email, email));
    return user !== undefined && user.password === password ? user : null;
  }

  /** The Harvest time entries a Co-op user's credential reaches, or [] without one. */
  private linkedEntries(userId: number): TimeEntry[] {
    const credential = this.credentialOf(userId);
    if (credential === null) return [];
    const account = this.account(credential.subdomain);
    const harvestUser = account?.users.find((u) => sameEmail(u.email, credential.email));
    if (account === null || account === undefined || harvestUser === undefined) return [];
    return account.timeEntries.filter((e) => e.userId === harvestUser.id);
  }

  /** A group's whole feed, newest first (ties: higher id first, Notes before DayEntries). */
  feed(groupId: number): FeedItem[] {
    const items: FeedItem[] = [];
    for (const note of this.state.notes) {
      if (note.groupId !== groupId) continue;
      const user = this.user(note.userId);
      if (user !== null) items.push({ type: "Note", id: note.id, createdAt: note.createdAt, groupId, note, user });
    }
    for (const membership of this.state.memberships) {
      if (membership.groupId !== groupId || !membership.harvestLinked) continue;
      const user = this.user(membership.userId);
      if (user === null) continue;
      for (const entry of this.linkedEntries(user.id)) {
        items.push({ type: "DayEntry", id: entry.id, createdAt: entry.createdAt, groupId, entry, user });
      }
    }
    return items.sort((a, b) => b.createdAt - a.createdAt || b.id - a.id || (a.type === "Note" ? -1 : 1));
  }
}
