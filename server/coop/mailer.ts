/** Invitation mail over SMTP with nodemailer (a well-kept mailer; SMTP is not ours to write). */
import nodemailer from "nodemailer";
import type { Deliver } from "./invitations";

export function smtpDeliver(smtpUrl: string, from: string): Deliver {
  const transport = nodemailer.createTransport(smtpUrl);
  return async (mail) => {
    await transport.sendMail({
      from,
      to: mail.to,
      subject: `${mail.inviterName} invited you to ${mail.groupName} on Co-op`,
      text: `${mail.inviterName} invited you to the group "${mail.groupName}" on Co-op.\n\nSet your name and password here (the link works once):\n${mail.link}\n\nThen sign in from Co-op Tray with this email address.\n`,
    });
  };
}
