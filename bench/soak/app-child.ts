/**
 * One life of the app in the soak: opens the shared store and keychain, posts the notes it is
 * given (skipping any the outbox already holds: a note saved just before the last kill), and keeps
 * sending. Reports on stdout, one JSON object a line; the soak kills it with SIGKILL.
 *
 * argv: <storeDir> <groupIds, comma-separated> <note indices, comma-separated (may be empty)>
 */
import { createApp } from "../../main/app/create-app";
import { openNodeStore } from "../../main/app/open-node-store";
import { probeKeytar } from "../../main/services/vault";

const [storeDir, groupsArg, indicesArg] = process.argv.slice(2);
if (!storeDir || !groupsArg || indicesArg === undefined) {
  console.error("usage: app-child <storeDir> <groupIds> <indices>");
  process.exit(2);
}
const groups = groupsArg.split(",").map(Number);
const indices = indicesArg === "" ? [] : indicesArg.split(",").map(Number);
const report = (event: Record<string, unknown>): void => void process.stdout.write(`${JSON.stringify(event)}\n`);

const { keychain, reason } = await probeKeytar();
if (!keychain) {
  console.error(`no keychain: ${reason}`);
  process.exit(3);
}
const app = await createApp({ openStoreBackend: openNodeStore(storeDir), keychain });
await app.start();
const listed = await app.handlers.listOutbox();
const held = new Set(listed.ok ? listed.value.map((item) => item.text) : []);
report({ event: "ready" });

for (const index of indices) {
  const text = `Soak note ${index}`;
  if (held.has(text)) {
    report({ event: "accepted", index, already: true });
    continue;
  }
  const result = await app.handlers.postNote({ groupId: groups[index % groups.length]!, text });
  report(result.ok ? { event: "accepted", index } : { event: "refused", index, message: result.error.message });
  await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 15));
}
report({ event: "posted" });

setInterval(() => {
  void app.handlers.listOutbox().then((items) => {
    if (!items.ok) return;
    const unsent = items.value.filter((item) => item.state !== "sent");
    report({ event: "outbox", unsent: unsent.length, failed: unsent.filter((item) => item.state === "failed").length });
  });
}, 500);
