import { T } from './texts';

/** A failed test delivery's reason (the api's words, without secrets) as an administrator reads it. */
export function whyNotDelivered(error: string | null): string {
  const e = error ?? '';
  if (/robot refused/i.test(e)) return T.why.robot;
  const status = /answered (\d{3})/.exec(e);
  if (status) return T.why.status(status[1]);
  if (/ECONNREFUSED|ECONNRESET|socket hang up/i.test(e)) return T.why.refused;
  if (/timed? ?out|ETIMEDOUT|UND_ERR_.*TIMEOUT/i.test(e)) return T.why.timeout;
  if (/ENOTFOUND|EAI_AGAIN|could not be resolved/i.test(e)) return T.why.dns;
  if (/certificate|self[- ]signed|TLS|SSL/i.test(e)) return T.why.tls;
  if (/bad port/i.test(e)) return T.why.port;
  if (/smtp|mail/i.test(e)) return T.why.smtp;
  return T.why.other;
}
