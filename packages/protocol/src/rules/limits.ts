/** Lengths and page sizes both halves agree on. */

/** Longest text a note, agenda or detail field may carry (what the server accepts and the app lets through). */
export const MAX_TEXT_LENGTH = 10_000;
/** Longest single-line string (names, emails, URLs). */
export const MAX_LINE_LENGTH = 500;
/** Co-op's latest-statuses answers (a group's, a user's, the feed's) hold at most this many; a day holds all. */
export const LATEST_PAGE = 50;
