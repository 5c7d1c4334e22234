/**
 * The preview's renderer entry (dist/preview, never shipped): installs the dev bridge client as
 * `window.coop`, then runs the shipped entry unchanged. Import order is evaluation order, so the
 * transport exists before renderer/index.tsx looks for it.
 */
import "./install-bridge-client";
import "../renderer/index";
