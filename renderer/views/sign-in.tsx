/**
 * Signed out: the server, email and password. The password leaves this form only in `signIn`; it
 * stays in the field after a failure (so a typo in the address costs no retyping) and goes with the
 * form once signed in. The server and email are remembered on this computer across sign-outs.
 */
import type { JSX } from "preact";
import { useLayoutEffect, useRef, useState } from "preact/hooks";
import { MAX_LINE_LENGTH } from "../../shared/contract";
import { assumeHttps } from "@coop-tray/protocol/rules";
import type { AppError } from "../../shared/errors";
import { useApi } from "../api-context";
import { AlertIcon } from "../components/icons";
import { Field } from "../components/field";
import { useMounted } from "../hooks";
import { describeSignInError, type SignInField } from "./sign-in-error";

const LAST_SERVER_KEY = "coop-tray:last-server";
const LAST_EMAIL_KEY = "coop-tray:last-email";

function remembered(key: string): string {
  try {
    return localStorage.getItem(key) ?? "";
  } catch {
    return "";
  }
}

function remember(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Only a convenience.
  }
}

interface FocusRequest {
  readonly field: SignInField;
  /** Select the field's text, to be typed over. */
  readonly select: boolean;
}

export function SignInView({
  notices,
  defaultServerUrl,
}: {
  readonly notices: readonly string[];
  readonly defaultServerUrl: string | null;
}): JSX.Element {
  const api = useApi();
  const mounted = useMounted();
  const [serverUrl, setServerUrl] = useState(() => remembered(LAST_SERVER_KEY) || defaultServerUrl || "");
  const [email, setEmail] = useState(() => remembered(LAST_EMAIL_KEY));
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ readonly error: AppError; readonly server: string } | null>(null);
  // Counts failures: each one's alert is a new element, so it is said again even when the words are the same.
  const [attempt, setAttempt] = useState(0);
  const serverField = useRef<HTMLInputElement>(null);
  const emailField = useRef<HTMLInputElement>(null);
  const passwordField = useRef<HTMLInputElement>(null);
  const problem = failure ? describeSignInError(failure.error, failure.server) : null;
  const firstToFill = (): SignInField =>
    serverUrl.trim() === "" && !defaultServerUrl ? "server" : email.trim() === "" ? "email" : "password";

  // Where focus goes: on open, the first field still to fill; after each failure (a new request, even
  // for the same field), the field that fixes it, its text selected. Never while the user types.
  const [focusRequest, setFocusRequest] = useState<FocusRequest>(() => ({ field: firstToFill(), select: false }));
  useLayoutEffect(() => {
    const fields = { server: serverField, email: emailField, password: passwordField };
    const input = fields[focusRequest.field].current;
    input?.focus();
    if (focusRequest.select) input?.select();
  }, [focusRequest]);

  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    if (busy) return;
    // No implicit server: coopapp.com is gone, and each team runs its own (README: the Co-op server).
    const server = assumeHttps(serverUrl.trim() || defaultServerUrl || "");
    setBusy(true);
    setFailure(null);
    const result = await api.signIn({ serverUrl: server, email: email.trim(), password });
    // Remembered even when the form is already gone (main announces the account before it answers).
    if (result.ok) {
      remember(LAST_SERVER_KEY, server);
      remember(LAST_EMAIL_KEY, email.trim());
    }
    if (!mounted.current) return;
    setBusy(false);
    if (result.ok) setPassword("");
    else {
      setFailure({ error: result.error, server });
      setAttempt((n) => n + 1);
      const field = describeSignInError(result.error, server).field;
      setFocusRequest({ field: field ?? firstToFill(), select: field !== null });
    }
  }

  // A change to the field at fault means the user is fixing it: the old sentence goes.
  const edited = (field: SignInField): void => {
    if (problem?.field === field) setFailure(null);
  };

  const invalid = (field: SignInField): true | undefined => (problem?.field === field ? true : undefined);
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
        <form class="form" onSubmit={(e) => void submit(e)} aria-describedby={problem ? "signin-error" : undefined}>
          <Field id="signin-server" label="Server" hint={defaultServerUrl ? null : "Your team's Co-op server"}>
            <input
              ref={serverField}
              id="signin-server"
              class="input"
              // Not type="url": the browser would refuse `coop.example.com` ("Please enter a URL"); https is assumed.
              type="text"
              inputMode="url"
              spellcheck={false}
              autoCapitalize="off"
              autoComplete="url"
              placeholder={defaultServerUrl ?? "https://coop.example.com"}
              maxLength={MAX_LINE_LENGTH}
              value={serverUrl}
              aria-invalid={invalid("server")}
              onInput={(e) => {
                setServerUrl(e.currentTarget.value);
                edited("server");
              }}
            />
          </Field>
          <Field id="signin-email" label="Email">
            <input
              ref={emailField}
              id="signin-email"
              class="input"
              type="email"
              autoComplete="username"
              required
              maxLength={MAX_LINE_LENGTH}
              value={email}
              aria-invalid={invalid("email")}
              onInput={(e) => {
                setEmail(e.currentTarget.value);
                edited("email");
              }}
            />
          </Field>
          <Field id="signin-password" label="Password">
            <input
              ref={passwordField}
              id="signin-password"
              class="input"
              type="password"
              autoComplete="current-password"
              required
              maxLength={MAX_LINE_LENGTH}
              value={password}
              aria-invalid={invalid("password")}
              onInput={(e) => {
                setPassword(e.currentTarget.value);
                edited("password");
              }}
            />
          </Field>
          {problem && failure ? (
            <div
              key={attempt}
              id="signin-error"
              class="notice notice-error notice-compact"
              role="alert"
              data-error-kind={failure.error.kind}
            >
              <AlertIcon />
              <p class="notice-text">{problem.message}</p>
            </div>
          ) : null}
          <button
            type="submit"
            class="btn btn-primary btn-block"
            disabled={busy || (serverUrl.trim() === "" && !defaultServerUrl) || email.trim() === "" || password === ""}
          >
            {busy ? "Signing in…" : "Sign in"}
          </button>
        </form>
        {failure?.error.kind === "keychain" ? null : (
          <p class="signin-foot">Your password is kept in the system keychain.</p>
        )}
      </div>
    </main>
  );
}
