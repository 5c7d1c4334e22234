// Several server instances on one PostgreSQL database share their sign-in failure counts, so spreading
// guesses over instances gains nothing. Two Verifiers, each with its own connection pool, stand for two
// instances; their waits are recorded instead of slept.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { hashPassword } from "../../server/auth/passwords";
import { Verifier } from "../../server/auth/verifier";
import { HttpError } from "../../server/http/errors";
import { openStore } from "../../server/store/open";
import { Store } from "../../server/store/store";
import { POSTGRES } from "./databases";
import type { TestDatabase } from "./databases";

const ANN = { email: "ann@example.com", password: "ann-password-1" };
const ADDRESS = "203.0.113.20";

if (POSTGRES === null)
  it.skip(
    "sign-in failures shared across instances: needs PostgreSQL (COOP_TEST_DATABASE_URL, see scripts/throwaway-postgres.sh)",
  );

describe.skipIf(POSTGRES === null)("sign-in failures shared across instances on PostgreSQL", () => {
  let db: TestDatabase;
  let first: Store;
  let second: Store;
  const waits: number[] = [];
  const instance = (store: Store): Verifier =>
    new Verifier(store, {
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    });

  beforeEach(async () => {
    db = await (POSTGRES as NonNullable<typeof POSTGRES>).fresh();
    const url = db.options.databaseUrl ?? "";
    first = new Store(await openStore({ postgresUrl: url }));
    second = new Store(await openStore({ postgresUrl: url }));
    await first.users.create(
      {
        firstName: "Ann",
        lastName: "",
        email: ANN.email,
        passwordHash: await hashPassword(ANN.password, { log2N: 10 }),
      },
      Date.now(),
    );
    waits.length = 0;
  });
  afterEach(async () => {
    await first.close();
    await second.close();
    await db.dispose();
  });

  it("a guess on the second instance owes the wait the first instance's failures earned", async () => {
    const a = instance(first);
    const b = instance(second);
    for (let i = 0; i < 6; i += 1) expect(await a.verify(ANN.email, `wrong-${i}`, ADDRESS)).toBeNull();
    waits.length = 0;
    expect(await b.verify(ANN.email, "wrong-again", ADDRESS)).toBeNull();
    // The seventh failure on the account owes 2 × 0.25 s, whichever instance it reaches.
    expect(Math.max(0, ...waits)).toBeGreaterThanOrEqual(500);
  });

  it("60 parallel guesses spread over two instances are checked no more often than on one", async () => {
    const [a, b] = [instance(first), instance(second)];
    const outcomes = await Promise.allSettled(
      Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? a : b).verify(ANN.email, `guess-${i}`, ADDRESS)),
    );
    const checked = outcomes.filter((o) => o.status === "fulfilled");
    const refused = outcomes.filter(
      (o) => o.status === "rejected" && o.reason instanceof HttpError && o.reason.status === 429,
    );
    expect(checked.length).toBeLessThanOrEqual(12);
    expect(refused.length).toBe(60 - checked.length);
  });
});
