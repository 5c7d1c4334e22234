/**
 * Settings → Security: how this computer signs in to Co-op (a device token, or the password on servers
 * without tokens), the password change, and the user's tokens with a revoke button each
 * (docs/coop-api.md §2.5, §10.2). Passwords typed here are sent once and cleared.
 */
import type { JSX } from "preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import type { CoopToken } from "@coop-tray/protocol/models";
import type { AccountSummary } from "../../shared/contract";
import { MAX_LINE_LENGTH } from "../../shared/contract";
import type { AppError } from "../../shared/errors";
import { useApi } from "../api-context";
import { ErrorNotice } from "../components/error-notice";
import { Field } from "../components/field";
import { Flash } from "../components/flash";
import { useMounted } from "../hooks";

const MIN_PASSWORD_LENGTH = 8;

export function AccountSecurity({ account }: { readonly account: AccountSummary }): JSX.Element {
  const api = useApi();
  const mounted = useMounted();
  const withToken = account.signedInWith === "token";
  const [tokens, setTokens] = useState<readonly CoopToken[] | null>(null);
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const load = useCallback(async (): Promise<void> => {
    if (!withToken) return;
    const listed = await api.listTokens();
    if (!mounted.current) return;
    if (listed.ok) setTokens(listed.value);
    else setError(listed.error);
  }, [api, mounted, withToken]);
  // Another account (server or email) has other tokens: read them again.
  useEffect(() => void load(), [load, account.serverUrl, account.email]);

  const run = async (label: string, work: () => Promise<{ ok: boolean; error?: AppError }>, done: string) => {
    setBusy(label);
    setError(null);
    setMessage(null);
    const result = await work();
    if (!mounted.current) return;
    setBusy(null);
    if (!result.ok) return setError(result.error ?? null);
    setMessage(done);
    await load();
  };

  const changePassword = (event: JSX.TargetedEvent<HTMLFormElement>): void => {
    event.preventDefault();
    void run(
      "password",
      async () => {
        const result = await api.changePassword({ currentPassword: current, newPassword: next });
        if (result.ok) {
          setCurrent("");
          setNext("");
        }
        return result;
      },
      withToken
        ? "Password changed. Your other devices and tokens were signed out; this one stays signed in."
        : "Password changed.",
    );
  };

  return (
    <section class="settings-section" aria-labelledby="security-title">
      <h2 class="section-title" id="security-title">
        Security
      </h2>
      <p class="muted" data-testid="signed-in-with">
        {withToken
          ? "Signed in with a device token: your password is not kept on this computer."
          : "This server has no tokens: your password is kept in the system keychain."}
      </p>
      <form class="stack" onSubmit={changePassword}>
        <Field id="security-current" label="Current password">
          <input
            id="security-current"
            class="input"
            type="password"
            required
            autoComplete="current-password"
            maxLength={MAX_LINE_LENGTH}
            value={current}
            onInput={(e) => setCurrent(e.currentTarget.value)}
          />
        </Field>
        <Field id="security-new" label="New password">
          <input
            id="security-new"
            class="input"
            type="password"
            required
            minLength={MIN_PASSWORD_LENGTH}
            autoComplete="new-password"
            maxLength={MAX_LINE_LENGTH}
            value={next}
            onInput={(e) => setNext(e.currentTarget.value)}
          />
        </Field>
        <button type="submit" class="btn btn-small" disabled={busy !== null || current === "" || next === ""}>
          {busy === "password" ? "Changing…" : "Change password"}
        </button>
      </form>
      {withToken && tokens !== null ? (
        <ul class="token-list" aria-label="Your tokens">
          {tokens.map((token) => (
            <li key={token.id} class="row">
              <span>
                {token.name} <span class="muted">({token.current ? "this computer" : token.kind})</span>
              </span>
              {token.current ? null : (
                <button
                  type="button"
                  class="btn btn-small"
                  disabled={busy !== null}
                  onClick={() =>
                    void run(
                      `revoke-${token.id}`,
                      () => api.revokeToken({ tokenId: token.id }),
                      `Revoked “${token.name}”.`,
                    )
                  }
                >
                  {busy === `revoke-${token.id}` ? "Revoking…" : "Revoke"}
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      {error ? <ErrorNotice error={error} service="Co-op" compact /> : null}
      <Flash message={message} />
    </section>
  );
}
