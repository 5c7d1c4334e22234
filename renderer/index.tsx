/**
 * The renderer's entry: the one transport is the preload's `window.coop`. Without it the page says
 * so on screen; it never looks for another way to reach main.
 */
import { render } from "preact";
import type { CoopApi } from "../shared/contract";
import { App } from "./app";
import { NoTransportView } from "./views/no-transport";
import "./styles/app.css";
// One stylesheet for every view, lazy or not (esbuild does not load a lazy chunk's CSS by itself).
import "./styles/timers.css";

const root = document.getElementById("app");
const api = (globalThis as { coop?: CoopApi }).coop;
if (!api) console.error("Co-op Tray: window.coop is missing; the preload did not run");
if (root) render(api ? <App api={api} /> : <NoTransportView />, root);
