import { createServer as createHttpServer } from "node:http";
import { createServer } from "node:net";
import { SEED, expect, test } from "./fixtures";

/** A port nothing listens on: bound, then closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

test("sign-in errors: one plain sentence per cause, focus on the field to fix, the password kept", async ({
  page,
  stack,
}) => {
  await page.goto(stack.bridge.url);
  const server = page.getByLabel("Server");
  const email = page.getByLabel("Email");
  const password = page.getByLabel("Password");
  const alert = page.locator("#signin-error");
  // Something to type first has focus when the screen opens.
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toMatch(/^signin-(server|email)$/);

  // Nothing listening there: said as such, not "offline, showing saved data".
  const port = await closedPort();
  await server.fill(`http://127.0.0.1:${port}`);
  await email.fill(SEED.email);
  await password.fill("wrong password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(alert).toHaveText(
    `Nothing answers at 127.0.0.1:${port}. Check the server address, or whether the server is running.`,
  );
  await expect(alert).not.toContainText(/saved data|Offline/);
  await expect(server).toBeFocused();
  await expect(password).toHaveValue("wrong password");

  // Typed without a scheme: https is assumed (no "Please enter a URL"), and a plain-http server says so.
  const sandboxHost = new URL(stack.sandbox.url).host;
  await server.fill(sandboxHost);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(alert).toHaveText(
    `${sandboxHost} did not answer over https. If the server uses plain http, start the address with http://.`,
  );
  await expect(server).toBeFocused();

  // Something else that asks for its own login (401 with a Bearer challenge): not called a wrong password.
  const other = createHttpServer((_request, response) => {
    response.writeHead(401, { "www-authenticate": 'Bearer realm="wiki"', "content-type": "text/html" });
    response.end("<h1>Please log in</h1>");
  });
  await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
  const otherAddress = other.address();
  const otherHost = typeof otherAddress === "object" && otherAddress ? `127.0.0.1:${otherAddress.port}` : "";
  try {
    await server.fill(`http://${otherHost}/coop`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(alert).toHaveText(`${otherHost} does not look like a Co-op server. Check the server address.`);
    await expect(server).toBeFocused();
  } finally {
    await new Promise<void>((resolve) => other.close(() => resolve()));
  }

  // A web server that is not Co-op (the app's own page server).
  const host = new URL(stack.bridge.url).host;
  await server.fill(stack.bridge.url);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(alert).toHaveText(`${host} does not look like a Co-op server. Check the server address.`);
  await expect(alert).not.toContainText("Not found");
  await expect(server).toBeFocused();

  // The right server, the wrong password: the earlier sentence is gone, focus is on the password.
  await server.fill(stack.sandbox.url);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(alert).toHaveText("Co-op did not accept this email and password. Check them and try again.");
  await expect(alert).toHaveCount(1);
  await expect(password).toBeFocused();
  await expect(password).toHaveValue("wrong password");

  // Fixing it signs in; after signing out, the email is remembered and focus waits on the password.
  await password.fill(SEED.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("navigation", { name: "Views" })).toBeVisible();
  await page.getByRole("button", { name: "Settings" }).click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in to Co-op" })).toBeVisible();
  await expect(email).toHaveValue(SEED.email);
  await expect(password).toHaveValue("");
  await expect(password).toBeFocused();
});
