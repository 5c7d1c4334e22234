/**
 * The sandbox server: a faithful stand-in for Co-op and Harvest v1 accounts, used by every test,
 * benchmark and the demo. `start()` runs it in-process; `sandbox/cli.ts` runs it as a command.
 */
export { start } from "./server";
export { SEED } from "./model/seed";
export type { SeedData } from "./model/seed";
export { FAULT_KINDS } from "./faults";
export { LATEST_LIMIT } from "../server/index";
export { ACTIVE_PROJECTS_HINT } from "./model/clients";
export { HARVEST_V2_SEED } from "./harvest-v2/seed";
export type { HarvestV2Control } from "./harvest-v2/handler";
export type {
  ClientView,
  FaultKind,
  FaultSpec,
  GroupView,
  RequestLogEntry,
  Sandbox,
  SandboxControl,
  SandboxOptions,
  StatusView,
} from "./types";
