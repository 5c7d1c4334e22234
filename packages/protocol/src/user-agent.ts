/**
 * How a caller introduces itself. The protocol has no name of its own: the app and the server each
 * pass theirs, so Harvest and a Co-op server's logs tell them apart.
 */
export interface UserAgent {
  /** Sent to Co-op servers and Harvest v1, e.g. `CoopTray/1.2.0 (+https://example.org)`. */
  readonly coop: string;
  /**
   * Sent to Harvest v2 and Harvest ID, which require the application's name and a link or email to
   * reach its makers (e.g. `MyApp (yourname@example.com)`); without one v2 answers 400.
   */
  readonly harvest: string;
}
