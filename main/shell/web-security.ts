/**
 * Locks down every web contents and the session: no new windows, no navigation away from the app,
 * no webviews, no permissions (camera, notifications from the page, geolocation, …). The popup
 * never needs any of them; native notifications come from main.
 */
import type { Session, WebContents } from "electron";

export interface HardenOptions {
  /** Called with a URL the page tried to open or navigate to; it decides whether to open it externally. */
  readonly openExternally: (url: string) => void;
  readonly log: (message: string) => void;
}

/** Scheme and host only: enough to see what was refused without logging paths or query strings. */
export function describeOrigin(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.host ? `${parsed.protocol}//${parsed.host}` : parsed.protocol;
  } catch {
    return "(unparseable URL)";
  }
}

export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

export function hardenWebContents(contents: WebContents, options: HardenOptions): void {
  contents.setWindowOpenHandler(({ url }) => {
    options.log(`refused window.open to ${describeOrigin(url)}`);
    options.openExternally(url);
    return { action: "deny" };
  });
  contents.on("will-navigate", (event) => {
    event.preventDefault();
    options.log(`refused navigation to ${describeOrigin(event.url)}`);
    // A plain link click in the page: the user meant to open it, so the browser gets it (http(s) only).
    options.openExternally(event.url);
  });
  contents.on("will-frame-navigate", (event) => {
    if (event.isMainFrame) return; // handled (and refused) by will-navigate
    event.preventDefault();
    options.log(`refused frame navigation to ${describeOrigin(event.url)}`);
  });
  contents.on("will-redirect", (event) => {
    event.preventDefault();
    options.log(`refused redirect to ${describeOrigin(event.url)}`);
  });
  contents.on("will-attach-webview", (event) => {
    event.preventDefault();
    options.log("refused a webview");
  });
}
