// Outgoing e-mail through nodemailer: SMTP when SMTP_URL is set, else .eml files in a folder
// (embedded mode), so that a demo shows what would have been sent. nodemailer (megabytes of heap) is
// loaded at the first e-mail, not at start: most processes send none for a long while.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Transporter } from "nodemailer";

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
  let transport: Promise<Transporter> | undefined;
  const open = async (): Promise<Transporter> => {
    const { default: nodemailer } = await import("nodemailer");
    return o.smtpUrl !== undefined
      ? nodemailer.createTransport(o.smtpUrl)
      : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  };
  return {
    send: async (m) => {
      transport ??= open();
      const info = await (await transport).sendMail({
        from: o.from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        messageId: `<${m.id}@bourse>`,
      });
      if (o.smtpUrl !== undefined) return;
      // A message names an account's address and trades: readable by the service's user only.
      await mkdir(o.dir, { recursive: true, mode: 0o700 });
      await writeFile(join(o.dir, `${m.id}.eml`), info.message as Buffer, { mode: 0o600 });
    },
    close: () => {
      // A transport that failed to load has nothing to close.
      void transport?.then(
        (t) => t.close(),
        () => {},
      );
    },
  };
}
