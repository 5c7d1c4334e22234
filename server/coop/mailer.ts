/** Invitation mail over SMTP with nodemailer (a well-kept mailer; SMTP is not ours to write). Text only:
 * no HTML part, so nothing in a mail can carry a link but the invitation's own. */
import nodemailer from "nodemailer";
import type { Deliver } from "./invitations";

export function smtpDeliver(smtpUrl: string, from: string): Deliver {
  const transport = nodemailer.createTransport(smtpUrl);
  return async (mail) => {
    await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
  };
}
