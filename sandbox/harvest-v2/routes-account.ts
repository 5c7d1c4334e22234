/** `/v2/company`, `/v2/users/me` and `/v2/users/me/project_assignments` (docs/harvest.md §3.3). */
import { paginate } from "./paginate";
import { flag, requireAdministrator, text, unprocessable } from "./rules";
import type { V2Route } from "./route";
import { companyJson, projectAssignmentJson, userJson } from "./views";

export const accountRoutes: readonly V2Route[] = [
  {
    // The docs head this page "Admin permissions required" but whether a member's GET is refused is
    // unconfirmed; every user needs the timer mode, so the sandbox lets everyone read it (docs/harvest.md §7.3).
    method: "GET",
    pattern: /^\/company$/,
    handle: (ctx) => ({ status: 200, body: companyJson(ctx.account, ctx.v2) }),
  },
  {
    method: "PATCH",
    pattern: /^\/company$/,
    handle: (ctx) => {
      requireAdministrator(ctx);
      const timestamps = flag(ctx, "wants_timestamp_timers");
      if (timestamps !== undefined) ctx.v2.wantsTimestampTimers = timestamps;
      const capacity = text(ctx, "weekly_capacity");
      if (capacity !== undefined && (capacity === null || !/^\d{1,7}$/.test(capacity)))
        throw unprocessable("weekly_capacity must be a number of seconds");
      return { status: 200, body: companyJson(ctx.account, ctx.v2), changed: true };
    },
  },
  {
    method: "GET",
    pattern: /^\/users\/me$/,
    handle: (ctx) => ({ status: 200, body: userJson(ctx.v2, ctx.user) }),
  },
  {
    method: "GET",
    pattern: /^\/users\/me\/project_assignments$/,
    handle: (ctx) => {
      // Active assignments only, and none on archived projects (they cannot take time).
      const items = ctx.v2.projectAssignments
        .filter(
          (a) =>
            a.userId === ctx.user.id &&
            a.isActive &&
            ctx.account.projects.some((p) => p.id === a.projectId && p.active),
        )
        .map((a) => ({ id: a.id, at: a.createdAt }));
      return {
        status: 200,
        body: paginate("project_assignments", items, ctx.query, `${ctx.apiBase}/users/me/project_assignments`, (item) =>
          projectAssignmentJson(ctx.account, ctx.v2, item.id),
        ),
      };
    },
  },
];
