/**
 * The Co-op server's public entry: what the sandbox, the bench and anyone embedding the server may use.
 * Everything else under server/ is internal and may change shape freely.
 */
// Running a server, and the pieces it is built from.
export { startServer, openData, storeLocation, SQLITE_FILE } from "./compose";
export type { CoopServer, DataOptions, ServerOptions } from "./compose";
export { createCoop } from "./coop/app";
export type { CoopApp } from "./coop/app";
export { LATEST_LIMIT } from "./coop/routes/index";
export type { ListenOptions, RunningServer } from "./http-server";
export { SENT } from "./http/middleware";
export type { Answer, Exchange, Middleware } from "./http/middleware";
export { SILENT, jsonLogger } from "./log";
export type { Logger } from "./log";
export { secretBox } from "./secrets";
export type { SecretBox } from "./secrets";
export type { Gathered, HarvestGateway, HarvestLogin, Verdict } from "./harvest/gateway";

// The database: opening it, the store over it, seeding and reading it directly.
export { openStore } from "./store/open";
export type { StoreHandle, StoreLocation } from "./store/open";
export { Store } from "./store/store";
export { TABLES } from "./store/schema";
export type { GroupsTable, MembershipsTable } from "./store/schema";
// Each repository's row mappers: records to rows (seeding), rows to records (direct reads).
export { emailKey, toUser, userRow } from "./store/users";
export { groupRow, toGroup } from "./store/groups";
export { membershipRow, toMembership } from "./store/memberships";
export { noteRow, toNote } from "./store/notes";
export { credentialRow, timeEntryRow, toCredential } from "./store/credentials";
export { feedItem, feedQuery } from "./store/feed";
export type { FeedRow } from "./store/feed";
export type { Credential, FeedItem, Group, Membership, Note, TimeEntry, User } from "./store/records";
export { hashPassword } from "./auth/passwords";

// The HTTP toolkit the Harvest emulations are written with, so they answer as the server does.
export { readBody, parseBodyParams, parseFormParams, nested, textParam, integerParam, booleanParam } from "./http/body";
export type { Params, ParamValue } from "./http/body";
export { HttpError, badRequest, notFound } from "./http/errors";
export { errorToOutgoing, parseAuth, replyToOutgoing } from "./http/exchange";
export type { Outgoing } from "./http/exchange";
export { negotiate, splitSuffix } from "./http/negotiate";
export type { Format } from "./http/negotiate";
export { dispatch, idOf } from "./router";
export type { BaseContext, BasicAuth, Reply, Route } from "./router";
export * from "./render/nodes";
export { htmlPage } from "./render/html-writer";
export { renderJsonErrors } from "./render/json-writer";
export type { JsonDates } from "./render/json-writer";
export { XML_DECLARATION, renderXmlErrors } from "./render/xml-writer";
export { offsetMinutes, parseDaySegment, parseUpdatedSince } from "./render/times";
