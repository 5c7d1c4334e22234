/** The renderer's entry: pick the transport (Electron's preload or the browser bridge) and render. */
import { render } from "preact";
import { App } from "./app";
import { resolveApi } from "./bridge-client";
import "./styles/app.css";

const root = document.getElementById("app");
if (root) render(<App api={resolveApi()} />, root);
