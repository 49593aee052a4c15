import { documentStore } from "../cases/documents";
import type { ChannelRegistry } from "../collection/channel";
import type { Config } from "../platform/config";
import type { Db } from "../platform/db/client";
import { emailChannel } from "./email/email-channel";
import { sandboxEmailTransport, smtpTransport } from "./email/transports";
import { letterChannel } from "./letters/letter-channel";
import { mailevaPostalProvider } from "./letters/maileva";
import { sandboxPostalProvider } from "./letters/sandbox-post";
import type { PortalLinks } from "./portal-links";
import { smsChannel } from "./sms/sms-channel";
import { sandboxSmsProvider, twilioSmsProvider } from "./sms/twilio";

// Which provider carries each written channel, from configuration: SMTP when SMTP_URL is set, Twilio when
// its credentials are, Maileva when POSTAL_PROVIDER says so; the embedded sandbox otherwise, so that
// `npm start` and `relance run` work offline.

export function writtenChannels(
  db: Db,
  now: () => Date,
  config: Config,
  portal: PortalLinks,
): ChannelRegistry {
  const deps = { db, now, portal };
  const smtp = config.providers.smtp;
  const email = emailChannel(
    deps,
    smtp.url ? smtpTransport(smtp.url, new URL(config.publicUrl).hostname) : sandboxEmailTransport(db, now),
    {
      from: smtp.from,
      replyTo: smtp.replyTo,
      trackingBaseUrl: smtp.tracking ? config.publicUrl : null,
      secret: config.secret,
    },
  );
  const tw = config.providers.twilio;
  const twilio =
    tw.accountSid && tw.authToken && tw.from
      ? twilioSmsProvider({
          apiUrl: tw.apiUrl,
          accountSid: tw.accountSid,
          authToken: tw.authToken,
          from: tw.from,
        })
      : null;
  const sms = smsChannel(deps, twilio ?? sandboxSmsProvider(db, now), {
    costPerSegmentCents: config.providers.sms.costPerSegmentCents,
    callbackBaseUrl: twilio ? config.publicUrl : null,
  });
  const store = documentStore(config.dataDir);
  const postal =
    config.providers.postal.provider === "maileva"
      ? mailevaPostalProvider(config.providers.postal.maileva)
      : sandboxPostalProvider(db, now);
  return {
    email,
    sms,
    letter: letterChannel(deps, postal, store, { registered: false }),
    registered_letter: letterChannel(deps, postal, store, { registered: true }),
  };
}
