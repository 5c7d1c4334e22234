// The Co-op server as the server benchmark runs it: its own process (so the load generator does not
// share its event loop), on the data the benchmark seeded. Prints the URL on stdout; SIGTERM stops it.
import { startServer } from "../server/compose";
import { SILENT } from "../server/log";

const [dataDir, databaseUrl] = process.argv.slice(2);
if (dataDir === undefined) throw new Error("usage: server-child <dataDir> [databaseUrl]");
const server = await startServer({
  dataDir,
  databaseUrl: databaseUrl ?? null,
  host: "127.0.0.1",
  port: 0,
  log: SILENT,
  gatherEverySeconds: 0,
});
process.stdout.write(`${server.url}\n`);
process.on("SIGTERM", () => {
  void server.close().then(() => process.exit(0));
});
