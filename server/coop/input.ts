/** Reading a Co-op request's body the Rails way, and the replies the routes share. */
import type { Params } from "../http/body";
import { nested, textParam } from "../http/body";
import { badRequest } from "../http/errors";
import type { Reply } from "../router";
import { MAX_TEXT_LENGTH, canonicalTimeZone } from "@coop-tray/protocol/rules";

export const ok = (reply: Omit<Reply, "status"> = {}): Reply => ({ status: 200, ...reply });
export const updated = (location: string): Reply => ({ status: 200, headers: { location }, changed: true });
export const created = (location: string): Reply => ({ status: 201, headers: { location }, changed: true });

/** Rails params for a resource: `{"group":{…}}`/`<group>…</group>`, or the fields at the top level. */
export function resource(params: Params, name: string): Params {
  return nested(params, name) ?? params;
}

export function requiredText(params: Params, key: string, label: string): string {
  const value = textParam(params, key);
  if (value === undefined || value === null || value.trim() === "") throw badRequest(`${label} can't be blank`);
  return value.trim();
}

export function timezoneParam(value: string): string {
  const zone = canonicalTimeZone(value);
  if (zone === null) throw badRequest(`Timezone "${value}" is not included in the list of Co-op time zones`);
  return zone;
}

export function limited(text: string, label: string): string {
  if (text.length > MAX_TEXT_LENGTH) throw badRequest(`${label} is too long (at most ${MAX_TEXT_LENGTH} characters)`);
  return text;
}
