/**
 * The invitation page: the link's owner sets a name and a password and becomes a member. Plain
 * server-rendered HTML with the same care as the app: labelled fields with autocomplete hints, errors
 * announced (role="alert") and tied to their field, a strict CSP (no script at all, styles from our
 * own stylesheet, form posts only to us, no framing), and CSRF protection by a double-submit token
 * (a SameSite=Strict cookie that must match the form's hidden field) plus an Origin check.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { hashPassword, MIN_PASSWORD_LENGTH } from "../../auth/passwords";
import { textParam } from "../../http/body";
import { notFound } from "../../http/errors";
import { escapeXml } from "../../render/xml-writer";
import type { Reply } from "../../router";
import type { Invitation } from "../../store/store";
import type { CoopContext } from "../context";
import { tokenHash } from "../invitations";
import { none } from "../params";
import { route } from "../route";

const CSP = "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
const CSRF_COOKIE = "coop_invite_csrf";

const STYLES = `body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f5f5f2;color:#1d1d1b}
main{max-width:26rem;margin:3rem auto;padding:1.5rem 2rem;background:#fff;border-radius:8px;box-shadow:0 1px 4px #0002}
h1{font-size:1.4rem;margin-top:0}label{display:block;margin-top:1rem;font-weight:600}
input{display:block;width:100%;box-sizing:border-box;padding:.5rem;margin-top:.25rem;font:inherit;border:1px solid #767676;border-radius:4px}
input:focus-visible,button:focus-visible{outline:3px solid #1a5fb4;outline-offset:2px}
.hint{font-size:.9rem;color:#4a4a48;margin:.25rem 0 0}.error{color:#a51d2d;font-weight:600}
button{margin-top:1.5rem;padding:.6rem 1.2rem;font:inherit;font-weight:600;color:#fff;background:#1a5fb4;border:0;border-radius:4px;cursor:pointer}
`;

function page(title: string, body: string, status = 200, headers: Record<string, string> = {}): Reply {
  const html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeXml(title)} · Co-op</title>
<link rel="stylesheet" href="/invitations.css">
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
  return {
    status,
    html,
    headers: {
      "content-security-policy": CSP,
      "x-frame-options": "DENY",
      "referrer-policy": "no-referrer",
      "cache-control": "no-store",
      ...headers,
    },
  };
}

function cookie(ctx: CoopContext, name: string): string | null {
  for (const part of String(ctx.headers["cookie"] ?? "").split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return rest.join("=");
  }
  return null;
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

async function pending(ctx: CoopContext, token: string): Promise<Invitation | null> {
  const invitation = await ctx.services.store.invitations.byTokenHash(tokenHash(token));
  return invitation === null || invitation.usedAt !== null ? null : invitation;
}

/** A page for people; an API client that asked for XML or JSON gets the error in its format. */
const gone = (ctx: CoopContext): Reply => {
  if (ctx.format !== "html") throw notFound("Invitation not found or already used");
  return page(
    "Invitation not valid",
    `<h1>This invitation is not valid</h1>\n<p>It was already used, or the link is incomplete. Ask the person who invited you for a new one.</p>`,
    404,
  );
};

interface FormState {
  readonly firstName: string;
  readonly lastName: string;
  readonly errors: Partial<Record<"firstName" | "lastName" | "password" | "form", string>>;
}

function field(
  id: string,
  label: string,
  value: string,
  error: string | undefined,
  extra: string,
  hint?: string,
): string {
  const described = [hint === undefined ? null : `${id}-hint`, error === undefined ? null : `${id}-error`]
    .filter((x) => x !== null)
    .join(" ");
  return `<label for="${id}">${label}</label>
${hint === undefined ? "" : `<p class="hint" id="${id}-hint">${hint}</p>\n`}${error === undefined ? "" : `<p class="error" id="${id}-error">${escapeXml(error)}</p>\n`}<input id="${id}" name="${id.replaceAll("-", "_")}" value="${escapeXml(value)}" ${extra}${described === "" ? "" : ` aria-describedby="${described}"`}${error === undefined ? "" : ' aria-invalid="true"'}>`;
}

function form(token: string, invitation: Invitation, groupName: string, csrf: string, state: FormState): Reply {
  const { errors } = state;
  const summary =
    Object.keys(errors).length === 0
      ? ""
      : `<p class="error" role="alert">Please fix what is marked below.${errors.form === undefined ? "" : ` ${escapeXml(errors.form)}`}</p>\n`;
  return page(
    "Join Co-op",
    `<h1>Join “${escapeXml(groupName)}” on Co-op</h1>
<p>You were invited as <strong>${escapeXml(invitation.email)}</strong>. Choose your name and a password, then sign in from Co-op Tray with this address.</p>
${summary}<form method="post" action="/invitations/${encodeURIComponent(token)}" novalidate>
<input type="hidden" name="csrf" value="${csrf}">
${field("first-name", "First name", state.firstName, errors.firstName, 'autocomplete="given-name" required maxlength="100"')}
${field("last-name", "Last name", state.lastName, errors.lastName, 'autocomplete="family-name" maxlength="100"')}
${field("password", "Password", "", errors.password, 'type="password" autocomplete="new-password" required', `At least ${MIN_PASSWORD_LENGTH} characters.`)}
${field("password-confirmation", "Password again", "", undefined, 'type="password" autocomplete="new-password" required')}
<button type="submit">Join</button>
</form>`,
    Object.keys(errors).length === 0 ? 200 : 400,
    // Not marked Secure, so the loopback (plain HTTP) setup works too; SameSite=Strict keeps it to this form.
    { "set-cookie": `${CSRF_COOKIE}=${csrf}; Path=/invitations; HttpOnly; SameSite=Strict` },
  );
}

async function groupName(ctx: CoopContext, invitation: Invitation): Promise<string> {
  return (await ctx.services.store.groups.byId(invitation.groupId))?.name ?? "a group";
}

/** The invitation names an address that has an account: that account answers signed in, in the app or
 * through the API (docs/coop-api.md §8.4), never by this page, which takes no proof it is theirs. */
function signInToAnswer(invitation: Invitation, groupName: string, status: number): Reply {
  return page(
    "Invitation",
    `<h1>You were invited to “${escapeXml(groupName)}”</h1>
<p role="status"><strong>${escapeXml(invitation.email)}</strong> already has a Co-op account. To accept or decline, open Co-op Tray, signed in with that address, and go to Groups, then Invitations.</p>`,
    status,
  );
}

async function show(ctx: CoopContext, token: string): Promise<Reply> {
  const invitation = await pending(ctx, token);
  if (invitation === null) return gone(ctx);
  if ((await ctx.services.store.users.byEmail(invitation.email)) !== null)
    return signInToAnswer(invitation, await groupName(ctx, invitation), 200);
  return form(token, invitation, await groupName(ctx, invitation), randomBytes(24).toString("base64url"), {
    firstName: "",
    lastName: "",
    errors: {},
  });
}

async function accept(ctx: CoopContext, token: string): Promise<Reply> {
  const invitation = await pending(ctx, token);
  if (invitation === null) return gone(ctx);
  const name = await groupName(ctx, invitation);
  const origin = ctx.headers["origin"];
  const sent = textParam(ctx.params, "csrf") ?? "";
  const held = cookie(ctx, CSRF_COOKIE) ?? "";
  const fresh = randomBytes(24).toString("base64url");
  const firstName = (textParam(ctx.params, "first_name") ?? "").trim();
  const lastName = (textParam(ctx.params, "last_name") ?? "").trim();
  if (!sameToken(sent, held) || (origin !== undefined && origin !== "null" && origin !== new URL(ctx.baseUrl).origin)) {
    return form(token, invitation, name, fresh, {
      firstName,
      lastName,
      errors: { form: "The form expired or came from elsewhere: please send it again." },
    });
  }
  const password = textParam(ctx.params, "password") ?? "";
  const errors: FormState["errors"] = {};
  if (firstName === "") errors.firstName = "Enter your first name.";
  if (firstName.length > 100) errors.firstName = "At most 100 characters.";
  if (lastName.length > 100) errors.lastName = "At most 100 characters.";
  if (password.length < MIN_PASSWORD_LENGTH)
    errors.password = `The password needs at least ${MIN_PASSWORD_LENGTH} characters.`;
  else if (password !== (textParam(ctx.params, "password_confirmation") ?? ""))
    errors.password = "The two passwords differ.";
  if (Object.keys(errors).length > 0) return form(token, invitation, name, fresh, { firstName, lastName, errors });
  const { store, now } = ctx.services;
  if ((await store.users.byEmail(invitation.email)) !== null) return signInToAnswer(invitation, name, 409);
  const passwordHash = await hashPassword(password);
  // One transaction claims the invitation and makes the account: of concurrent posts exactly one wins.
  const answer = await store.invitations.acceptAsNewUser(
    invitation.id,
    { firstName, lastName, email: invitation.email, passwordHash },
    now(),
  );
  if (answer.kind === "account") return signInToAnswer(invitation, name, 409);
  if (answer.kind !== "joined") return gone(ctx);
  const { user } = answer;
  return page(
    "Welcome to Co-op",
    `<h1>Welcome, ${escapeXml(user.firstName)}</h1>
<p role="status">You are now a member of “${escapeXml(name)}”.</p>
<p>In Co-op Tray, sign in with <strong>${escapeXml(invitation.email)}</strong>, your new password and this server: <code>${escapeXml(ctx.baseUrl)}</code>.</p>`,
    200,
    { "set-cookie": `${CSRF_COOKIE}=; Path=/invitations; HttpOnly; SameSite=Strict; Max-Age=0` },
  );
}

const byToken = z.object({ token: z.string() });

/** The page takes a password, so it follows Basic's rule: no plain HTTP beyond loopback (http-server.ts). */
const PAGE = /^\/invitations\/[A-Za-z0-9_-]{20,100}(\.(xml|json))?\/?$/;
export const takesPassword = (pathname: string): boolean => PAGE.test(pathname);
export const INSECURE_PASSWORD_PAGE =
  "The invitation page takes a password and is refused over plain HTTP: serve HTTPS (--tls-cert/--tls-key, or a TLS proxy with --trust-proxy), or start with --allow-insecure-http";

export const invitationRoutes = [
  route({
    method: "GET",
    path: "/invitations.css",
    guard: "public",
    params: none,
    handle: () => ({
      status: 200,
      html: STYLES,
      headers: { "content-type": "text/css; charset=utf-8", "cache-control": "max-age=3600" },
    }),
  }),
  route({
    method: "GET",
    path: "/invitations/:token",
    guard: "public",
    params: byToken,
    handle: ({ ctx, params }) => show(ctx, params.token),
  }),
  route({
    method: "POST",
    path: "/invitations/:token",
    guard: "public",
    params: byToken,
    handle: ({ ctx, params }) => accept(ctx, params.token),
  }),
];
