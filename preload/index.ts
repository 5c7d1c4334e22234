// The preload: exposes the contract's named verbs as `window.coop` in the isolated world.
import { contextBridge, ipcRenderer } from "electron";
import { buildCoopApi } from "./coop-api";

contextBridge.exposeInMainWorld("coop", buildCoopApi(ipcRenderer));
