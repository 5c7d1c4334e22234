/**
 * The preview's renderer entry (dist/preview, never shipped): installs the dev bridge client as
 * `window.coop`, then runs the shipped page script unchanged. Import order is evaluation order, so
 * the transport exists before renderer/index.tsx (which start.ts loads) looks for it.
 */
import "./install-bridge-client";
import "../renderer/start";
