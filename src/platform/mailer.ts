// Outgoing e-mail through nodemailer: SMTP when SMTP_URL is set, else .eml files in a folder
// (embedded mode), so that a demo shows what would have been sent.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import nodemailer from "nodemailer";

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** Makes the file name and Message-ID stable: a retried send overwrites, never duplicates a file. */
  id: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
  close(): void;
}

export function createMailer(o: { smtpUrl: string | undefined; dir: string; from: string }): Mailer {
  if (o.smtpUrl !== undefined) {
    const smtp = nodemailer.createTransport(o.smtpUrl);
    return {
      send: async (m) => {
        await smtp.sendMail({
          from: o.from,
          to: m.to,
          subject: m.subject,
          text: m.text,
          messageId: `<${m.id}@bourse>`,
        });
      },
      close: () => smtp.close(),
    };
  }
  const files = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    send: async (m) => {
      const info = await files.sendMail({
        from: o.from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        messageId: `<${m.id}@bourse>`,
      });
      await mkdir(o.dir, { recursive: true });
      await writeFile(join(o.dir, `${m.id}.eml`), info.message as Buffer);
    },
    close: () => files.close(),
  };
}
