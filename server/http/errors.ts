/** A failure a handler answers with: status, the messages for the error body, extra headers (e.g. Hint). */
export class HttpError extends Error {
  readonly status: number;
  readonly messages: readonly string[];
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: number, message: string | readonly string[], headers: Record<string, string> = {}) {
    const messages = typeof message === "string" ? [message] : message;
    super(messages.join("; "));
    this.name = "HttpError";
    this.status = status;
    this.messages = messages;
    this.headers = headers;
  }
}

export const notFound = (what = "Not found"): HttpError => new HttpError(404, what);
export const badRequest = (message: string | readonly string[], headers: Record<string, string> = {}): HttpError =>
  new HttpError(400, message, headers);
