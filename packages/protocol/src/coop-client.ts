/** The Co-op API (groups, statuses, agendas, users, Harvest credential) over one endpoint. */
import { badInput, validId } from "./arguments";
import type { ApiResult } from "./errors";
import type { CalendarDate, HarvestLogin, IssuedCoopToken, Member, Status } from "./models";
import { coopDaySegment } from "./dates";
import { encodeRecord, encodeValue } from "./encode";
import { call, create, fetchModel, readBody, sendCommand, type Endpoint } from "./exchange";
import { coopStatusError } from "./http-errors";
import {
  coopTokenList,
  decodeGroupAgenda,
  decodeIssuedCoopToken,
  decodeHarvestCredential,
  decodeStatus,
  decodeUserAgenda,
  decodeUserProfile,
  groupList,
  invitationList,
  memberList,
  rooted,
  statusList,
  userAgendaList,
} from "./models-decode";
import type { CallOptions, CoopClient } from "./types";

export function createCoopClient(coopEndpoint: Endpoint, email: string): CoopClient {
  // The caller may read statuses its own way (a token's 401 means "sign in again"); Co-op's rule otherwise.
  const endpoint: Endpoint = { ...coopEndpoint, statusError: coopEndpoint.statusError ?? coopStatusError };
  const format = endpoint.format;
  const day = (value: CalendarDate): string | null => coopDaySegment(value);

  const client: CoopClient = {
    format,

    listGroups: (options) => fetchModel(endpoint, { path: "/groups", what: "the group list", options }, groupList),

    createGroup: (input, options) =>
      create(endpoint, {
        method: "POST",
        path: "/groups",
        what: "the group",
        options,
        body: encodeRecord(format, "group", {
          name: input.name,
          timezone: input.timezone,
          member_emails: input.memberEmails.length > 0 ? input.memberEmails.join(", ") : undefined,
        }),
      }),

    updateGroup: (groupId, input, options) =>
      validId(groupId)
        ? sendCommand(endpoint, {
            method: "PUT",
            path: `/groups/${groupId}`,
            what: "the group",
            options,
            body: encodeRecord(format, "group", { name: input.name, timezone: input.timezone }),
          })
        : Promise.resolve(badInput("The group id is not valid.")),

    changeGroupOwner: (groupId, newOwnerId, options) =>
      validId(groupId) && validId(newOwnerId)
        ? sendCommand(endpoint, {
            method: "PUT",
            path: `/groups/${groupId}/change_owner`,
            what: "the group's owner",
            options,
            body: encodeValue(format, "new_group_owner_id", newOwnerId),
          })
        : Promise.resolve(badInput("The group or user id is not valid.")),

    deleteGroup: (groupId, options) =>
      validId(groupId)
        ? sendCommand(endpoint, { method: "DELETE", path: `/groups/${groupId}`, what: "the group", options })
        : Promise.resolve(badInput("The group id is not valid.")),

    listMembers: (groupId, options) =>
      validId(groupId)
        ? fetchModel(endpoint, { path: `/groups/${groupId}/memberships`, what: "the member list", options }, memberList)
        : Promise.resolve(badInput("The group id is not valid.")),

    addMembers: (groupId, emails, options) =>
      validId(groupId) && emails.length > 0
        ? sendCommand(endpoint, {
            method: "POST",
            path: `/groups/${groupId}/memberships`,
            what: "the invitation",
            options,
            body: encodeRecord(format, "membership", { member_emails: emails.join(", ") }),
          })
        : Promise.resolve(badInput("The group id or the addresses are not valid.")),

    removeMembership: (groupId, membershipId, options) =>
      validId(groupId) && validId(membershipId)
        ? sendCommand(endpoint, {
            method: "DELETE",
            path: `/groups/${groupId}/memberships/${membershipId}`,
            what: "the membership",
            options,
          })
        : Promise.resolve(badInput("The group or membership id is not valid.")),

    listInvitations: (options) =>
      fetchModel(endpoint, { path: "/invitations", what: "your invitations", options }, invitationList),

    answerInvitation: (invitationId, accept, options) =>
      validId(invitationId)
        ? sendCommand(endpoint, {
            method: "POST",
            path: `/invitations/${invitationId}/${accept ? "accept" : "decline"}`,
            what: "the invitation",
            options,
          })
        : Promise.resolve(badInput("The invitation id is not valid.")),

    async latestStatuses(groupId, options) {
      if (!validId(groupId)) return badInput("The group id is not valid.");
      const ifNoneMatch = options?.ifNoneMatch ?? null;
      const what = "the group's feed";
      const sent = await call(endpoint, {
        method: "GET",
        path: `/groups/${groupId}/statuses`,
        what,
        options,
        headers: ifNoneMatch ? { "if-none-match": ifNoneMatch } : undefined,
      });
      if (!sent.ok) return sent;
      const etag = sent.value.headers["etag"] ?? null;
      if (sent.value.status === 304)
        return { ok: true, value: { modified: false, value: null, etag: etag ?? ifNoneMatch } };
      const decoded = readBody(endpoint, sent.value, statusList, what);
      return decoded.ok ? { ok: true, value: { modified: true, value: decoded.value, etag } } : decoded;
    },

    statusesOfDay(groupId, date, options) {
      const segment = day(date);
      if (!validId(groupId) || segment === null)
        return Promise.resolve(badInput("The group id or the day is not valid (days are YYYY-MM-DD)."));
      return fetchModel(
        endpoint,
        { path: `/groups/${groupId}/${segment}`, what: `the feed of ${date}`, options },
        statusList,
      );
    },

    memberStatuses(groupId, userId, date, options) {
      const segment = date === null ? "" : day(date);
      if (!validId(groupId) || !validId(userId) || segment === null)
        return Promise.resolve(badInput("The group id, user id or day is not valid."));
      return fetchModel(
        endpoint,
        {
          path: `/groups/${groupId}/users/${userId}${segment === "" ? "" : `/${segment}`}`,
          what: "the member's statuses",
          options,
        },
        statusList,
      );
    },

    postNote(groupId, text, options) {
      if (!validId(groupId)) return Promise.resolve(badInput("The group id is not valid."));
      if (text.trim() === "") return Promise.resolve(badInput("A note needs some text."));
      return create(endpoint, {
        method: "POST",
        path: `/groups/${groupId}/statuses`,
        what: "the note",
        options,
        body: encodeValue(format, "status", text),
      });
    },

    getStatus: (statusId, options) =>
      validId(statusId)
        ? fetchModel<Status>(
            endpoint,
            { path: `/statuses/${statusId}`, what: "the status", options },
            rooted(decodeStatus, "status"),
          )
        : Promise.resolve(badInput("The status id is not valid.")),

    groupAgenda: (groupId, options) =>
      validId(groupId)
        ? fetchModel(
            endpoint,
            { path: `/groups/${groupId}/agenda`, what: "the group agenda", options },
            rooted(decodeGroupAgenda, "agenda"),
          )
        : Promise.resolve(badInput("The group id is not valid.")),

    userAgendas: (groupId, options) =>
      validId(groupId)
        ? fetchModel(
            endpoint,
            { path: `/groups/${groupId}/user_agendas`, what: "the members' agendas", options },
            userAgendaList,
          )
        : Promise.resolve(badInput("The group id is not valid.")),

    myAgenda: (groupId, options) =>
      validId(groupId)
        ? fetchModel(
            endpoint,
            { path: `/groups/${groupId}/my_agenda`, what: "your agenda", options },
            rooted(decodeUserAgenda, "agenda"),
          )
        : Promise.resolve(badInput("The group id is not valid.")),

    updateGroupAgenda: (groupId, agenda, options) =>
      validId(groupId)
        ? sendCommand(endpoint, {
            method: "PUT",
            path: `/groups/${groupId}/agenda`,
            what: "the group agenda",
            options,
            body: encodeValue(format, "agenda", agenda),
          })
        : Promise.resolve(badInput("The group id is not valid.")),

    updateMyAgenda: (groupId, agenda, options) =>
      validId(groupId)
        ? sendCommand(endpoint, {
            method: "PUT",
            path: `/groups/${groupId}/my_agenda`,
            what: "your agenda",
            options,
            body: encodeValue(format, "agenda", agenda),
          })
        : Promise.resolve(badInput("The group id is not valid.")),

    getUser: (userId, options) =>
      validId(userId)
        ? fetchModel(
            endpoint,
            { path: `/users/${userId}`, what: "the user", options },
            rooted(decodeUserProfile, "user"),
          )
        : Promise.resolve(badInput("The user id is not valid.")),

    async whoAmI(options?: CallOptions): Promise<ApiResult<Member>> {
      const wanted = email.trim().toLowerCase();
      const groups = await client.listGroups(options);
      if (!groups.ok) return groups;
      for (const group of groups.value) {
        const members = await client.listMembers(group.id, options);
        if (!members.ok) {
          if (members.error.kind === "notFound") continue; // a group we may list but not open: look further
          return members;
        }
        const me = members.value.find((member) => member.email.trim().toLowerCase() === wanted);
        if (me) return { ok: true, value: me };
      }
      return {
        ok: false,
        error: {
          kind: "notFound",
          message:
            groups.value.length === 0
              ? `Co-op has no "who am I" call, so your user id is found among your groups' members, and ${email} belongs to no group yet. Create or join a group first.`
              : `Co-op has no "who am I" call, and ${email} is not listed among the members of your ${groups.value.length} group(s), so your user id could not be found.`,
        },
      };
    },

    async getHarvestCredential(userId, options) {
      if (!validId(userId)) return badInput("The user id is not valid.");
      const result = await fetchModel(
        endpoint,
        { path: `/users/${userId}/harvest_credential`, what: "the Harvest credential", options },
        rooted(decodeHarvestCredential, "harvestCredential"),
      );
      // No credential stored is a normal state, not an error.
      if (!result.ok && result.error.kind === "notFound") return { ok: true, value: null };
      return result;
    },

    createHarvestCredential: (userId, login, options) => credentialCall("POST", userId, login, options),
    updateHarvestCredential: (userId, login, options) => credentialCall("PUT", userId, login, options),

    deleteHarvestCredential: (userId, options) =>
      validId(userId)
        ? sendCommand(endpoint, {
            method: "DELETE",
            path: `/users/${userId}/harvest_credential`,
            what: "the Harvest credential",
            options,
          })
        : Promise.resolve(badInput("The user id is not valid.")),

    gatherNow: (userId, options) =>
      validId(userId)
        ? sendCommand(endpoint, {
            method: "POST",
            path: `/users/${userId}/harvest_credential/gather`,
            what: "the Harvest gathering",
            options,
          })
        : Promise.resolve(badInput("The user id is not valid.")),

    async createToken(name, kind, options): Promise<ApiResult<IssuedCoopToken | null>> {
      if (name.trim() === "") return badInput("A token needs a name.");
      const what = "a device token";
      const sent = await call(endpoint, {
        method: "POST",
        path: "/tokens",
        what,
        options,
        body: encodeRecord(format, "token", { name: name.trim(), kind }),
      });
      if (!sent.ok) {
        const error = sent.error;
        // A server from before tokens: no such route (404), or the path known for other verbs (405).
        if (error.kind === "notFound" || (error.kind === "validation" && error.status === 405))
          return { ok: true, value: null };
        return sent;
      }
      return readBody(endpoint, sent.value, rooted(decodeIssuedCoopToken, "token"), what);
    },

    listTokens: (options) => fetchModel(endpoint, { path: "/tokens", what: "your tokens", options }, coopTokenList),

    revokeToken: (tokenId, options) =>
      validId(tokenId)
        ? sendCommand(endpoint, { method: "DELETE", path: `/tokens/${tokenId}`, what: "the token", options })
        : Promise.resolve(badInput("The token id is not valid.")),

    revokeCurrentToken: (options) =>
      sendCommand(endpoint, { method: "DELETE", path: "/tokens/current", what: "this device's token", options }),

    changePassword: (userId, current, next, options) =>
      validId(userId)
        ? sendCommand(endpoint, {
            method: "PUT",
            path: `/users/${userId}`,
            what: "your password",
            options,
            body: encodeRecord(format, "user", { current_password: current, password: next }),
          })
        : Promise.resolve(badInput("The user id is not valid.")),
  };

  function credentialCall(
    method: "POST" | "PUT",
    userId: number,
    login: HarvestLogin,
    options: CallOptions | undefined,
  ): Promise<ApiResult<void>> {
    if (!validId(userId)) return Promise.resolve(badInput("The user id is not valid."));
    return sendCommand(endpoint, {
      method,
      path: `/users/${userId}/harvest_credential`,
      what: "the Harvest credential",
      options,
      body: encodeRecord(format, "harvest_credential", {
        subdomain: login.subdomain,
        email: login.email,
        password: login.password,
      }),
    });
  }

  return client;
}
