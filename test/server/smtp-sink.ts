/** A real SMTP server on loopback that keeps every mail it receives (raw), for the invitation tests. */
import { SMTPServer } from "smtp-server";

export interface Sink {
  readonly port: number;
  readonly mails: string[];
  close(): Promise<void>;
}

export async function smtpSink(): Promise<Sink> {
  const mails: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, _session, done) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        mails.push(Buffer.concat(chunks).toString("utf8"));
        done();
      });
    },
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.server.address() as { port: number }).port)),
  );
  return { port, mails, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A mail's text with quoted-printable soft line breaks joined. */
export const unfolded = (mail: string): string => mail.replace(/=\r?\n/g, "");

/** The invitation link in a mail, as a path. */
export function invitationPath(mail: string): string {
  const link = /(https?:\/\/[^/\s]+\/invitations\/[A-Za-z0-9_-]+)/.exec(unfolded(mail))?.[1];
  if (link === undefined) throw new Error(`no invitation link in:\n${mail}`);
  return new URL(link).pathname;
}
