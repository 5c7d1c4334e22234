/** Clients with a member's token: said plainly, with nothing offered that can never work. */
import { expect, expectAccessible, openView, signIn, snap, test } from "./fixtures";
import { TOKENS, connectSingle } from "./harvest-v2-steps";

test("a member's token: Clients says the role can't manage clients, with no dead Try again and no +", async ({
  page,
  stack,
}) => {
  await signIn(page, stack);
  await connectSingle(page, TOKENS.polly);
  await openView(page, "Clients");
  await expect(page.getByText("Your Harvest role can’t manage clients")).toBeVisible();
  await expect(page.getByText("Not found")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Try again" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "New client" })).toHaveCount(0);
  await expectAccessible(page);
  await snap(page, "clients-member");
});
