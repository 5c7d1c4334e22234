/** Signed out: the server, email and password. The password leaves this form only in `signIn` and is cleared right after. */
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { MAX_LINE_LENGTH } from "../../shared/contract";
import { useApi } from "../api-context";
import { ErrorNotice } from "../components/error-notice";
import { Field } from "../components/field";
import { useAction } from "../hooks";

const LAST_SERVER_KEY = "coop-tray:last-server";

function lastServer(): string {
  try {
    return localStorage.getItem(LAST_SERVER_KEY) ?? "";
  } catch {
    return "";
  }
}

export function SignInView({ notices, defaultServerUrl }: { readonly notices: readonly string[]; readonly defaultServerUrl: string | null }): JSX.Element {
  const api = useApi();
  const [serverUrl, setServerUrl] = useState(() => lastServer() || defaultServerUrl || "");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const { busy, error, run } = useAction();

  function submit(event: Event): void {
    event.preventDefault();
    const server = serverUrl.trim() || defaultServerUrl || "https://coopapp.com";
    const signIn = async () => {
      const result = await api.signIn({ serverUrl: server, email: email.trim(), password });
      // The password is not kept in the page a moment longer than the call needs.
      setPassword("");
      return result;
    };
    void run(signIn, () => {
      try {
        localStorage.setItem(LAST_SERVER_KEY, server);
      } catch {
        // Only a convenience.
      }
    });
  }

  return (
    <main class="app signin">
      <div class="signin-card">
        <div class="brand" aria-hidden="true">
          <span class="brand-mark">co</span>
        </div>
        <h1 class="signin-title">Sign in to Co-op</h1>
        <p class="signin-text">See what your team is working on, right from the menu bar.</p>
        {notices.length > 0 ? (
          <p class="notice notice-info" role="status">
            {notices.join(" ")}
          </p>
        ) : null}
        <form class="form" onSubmit={submit} aria-describedby={error ? "signin-error" : undefined}>
          <Field id="signin-server" label="Server" hint={defaultServerUrl ? null : "Leave empty for coopapp.com"}>
            <input id="signin-server" class="input" type="url" inputMode="url" autoComplete="url" placeholder={defaultServerUrl ?? "https://coopapp.com"} maxLength={MAX_LINE_LENGTH} value={serverUrl} onInput={(e) => setServerUrl(e.currentTarget.value)} />
          </Field>
          <Field id="signin-email" label="Email">
            <input id="signin-email" class="input" type="email" autoComplete="username" required maxLength={MAX_LINE_LENGTH} value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
          </Field>
          <Field id="signin-password" label="Password">
            <input id="signin-password" class="input" type="password" autoComplete="current-password" required maxLength={MAX_LINE_LENGTH} value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
          </Field>
          {error ? (
            <div id="signin-error">
              <ErrorNotice error={error} service="Co-op" compact />
            </div>
          ) : null}
          <button type="submit" class="btn btn-primary btn-block" disabled={busy || email.trim() === "" || password === ""}>
            {busy ? "Signing in…" : "Sign in"}
          </button>
        </form>
        <p class="signin-foot">Your password is kept in the system keychain.</p>
      </div>
    </main>
  );
}
