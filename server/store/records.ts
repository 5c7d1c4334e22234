/** The stored things as the routes and views use them (camelCase, instants in epoch ms). */

export interface User {
  readonly id: number;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly passwordHash: string | null;
  readonly city: string | null;
  readonly avatarThumbUrl: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface Group {
  readonly id: number;
  readonly name: string;
  readonly timezone: string;
  readonly ownerId: number;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly feedKey: string;
  readonly apiToken: string;
  readonly agenda: string;
}

/** A group as a member route sees it: with its feed version when it was read (migrations-feed-speed.ts). */
export interface MemberGroup extends Group {
  readonly feedVersion: number;
}

export interface GroupWithCount extends Group {
  readonly membershipsCount: number;
}

export interface Membership {
  readonly id: number;
  readonly groupId: number;
  readonly userId: number;
  readonly harvestLinked: boolean;
  readonly agenda: string;
}

export interface Note {
  readonly id: number;
  readonly groupId: number;
  readonly userId: number;
  readonly text: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface Credential {
  readonly id: number;
  readonly userId: number;
  readonly subdomain: string;
  readonly email: string;
  /** Encrypted; only the gatherer decrypts it. */
  readonly secret: string;
  readonly gatheredUntil: number | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** A Harvest time entry as gathered (what a DayEntry status shows). */
export interface TimeEntry {
  /** Harvest's id. */
  readonly id: number;
  readonly spentAt: string;
  readonly client: string;
  readonly project: string;
  readonly task: string;
  readonly hours: number;
  readonly notes: string;
  readonly timerStartedAt: number | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export type FeedItem =
  | {
      readonly type: "Note";
      readonly id: number;
      readonly createdAt: number;
      readonly groupId: number;
      readonly note: Note;
      readonly user: User;
    }
  | {
      readonly type: "DayEntry";
      readonly id: number;
      readonly createdAt: number;
      readonly groupId: number;
      readonly entry: TimeEntry;
      readonly user: User;
    };
