// Dev only: what the preload does in Electron, done over the dev bridge for a browser tab.
import { createBridgeClient } from "./bridge-client";

(globalThis as { coop?: unknown }).coop = createBridgeClient();
