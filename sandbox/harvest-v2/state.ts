/**
 * What Harvest v2 knows beyond the v1 account record: the account's numeric id, the company's timer
 * mode, access roles, tasks and assignments, estimates, and each time entry's project and task ids.
 * It rides on the v1 account (`HarvestAccount.v2`) so one record serves both views and persists with it.
 */
import { z } from "zod";

const id = z.number().int().nonnegative();
const ms = z.number().int();

export const v2TaskSchema = z.object({ id, name: z.string(), createdAt: ms, updatedAt: ms });
export const v2TaskAssignmentSchema = z.object({
  id,
  projectId: id,
  taskId: id,
  billable: z.boolean(),
  isActive: z.boolean(),
  createdAt: ms,
  updatedAt: ms,
});
export const v2ProjectAssignmentSchema = z.object({
  id,
  userId: id,
  projectId: id,
  isActive: z.boolean(),
  isProjectManager: z.boolean(),
  createdAt: ms,
  updatedAt: ms,
});
export const v2EntryExtraSchema = z.object({
  entryId: id,
  projectId: id,
  taskId: id,
  /** Wall-clock times as the account's clock writes them, only on timestamp-timer accounts. */
  startedTime: z.string().nullable(),
  endedTime: z.string().nullable(),
});

export const harvestV2AccountSchema = z.object({
  accountId: id,
  wantsTimestampTimers: z.boolean(),
  /** Harvest user id → `access_roles` (`administrator`, `manager`, `member`, manager permissions). */
  accessRoles: z.record(z.string(), z.array(z.string())),
  projectCodes: z.record(z.string(), z.string()),
  tasks: z.array(v2TaskSchema),
  taskAssignments: z.array(v2TaskAssignmentSchema),
  projectAssignments: z.array(v2ProjectAssignmentSchema),
  estimates: z.array(z.object({ id, clientId: id })),
  entries: z.array(v2EntryExtraSchema),
  /** v2-only statement keys, made once per client. */
  statementKeys: z.record(z.string(), z.string()),
  nextEntryId: id,
  nextTaskId: id,
  nextAssignmentId: id,
});

export type HarvestV2Account = z.infer<typeof harvestV2AccountSchema>;
export type V2EntryExtra = z.infer<typeof v2EntryExtraSchema>;
