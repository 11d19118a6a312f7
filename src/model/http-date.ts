// The HTTP Date header: the time the server made the response (RFC 9110 §6.6.1). Its value is an
// HTTP-date (RFC 9110 §5.6.7): servers send the IMF-fixdate form, "Sun, 06 Nov 1994 08:49:37 GMT",
// and a recipient must also accept the two obsolete forms, RFC 850's "Sunday, 06-Nov-94 08:49:37
// GMT" and asctime's "Sun Nov  6 08:49:37 1994". Date.parse is not used: it takes many other
// shapes (and local times) that no server sends, so a mangled header would read as some time.

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAY = "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)";
const LONG_DAY = "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";
const MONTH = `(${MONTHS.join("|")})`;
const TIME = "(\\d{2}):(\\d{2}):(\\d{2})";
const IMF_FIXDATE = new RegExp(`^${DAY}, (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`);
const RFC850 = new RegExp(`^${LONG_DAY}, (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`);
const ASCTIME = new RegExp(`^${DAY} ${MONTH} ([ \\d]\\d) ${TIME} (\\d{4})$`);

/** The HTTP-date as an ISO instant ("2025-03-01T06:00:01.000Z"), or undefined for anything else. */
export function parseHttpDate(value: string): string | undefined {
  const text = value.trim();
  let parts: { day: string; month: string; year: number; h: string; m: string; s: string } | undefined;
  let match = IMF_FIXDATE.exec(text);
  if (match) parts = { day: match[1]!, month: match[2]!, year: Number(match[3]), h: match[4]!, m: match[5]!, s: match[6]! };
  else if ((match = RFC850.exec(text))) {
    // RFC 9110 §5.6.7 reads a two-digit year more than 50 years ahead as the past century's.
    // Reading the clock here would make a plan depend on when it ran, so the pivot is fixed: 70-99
    // are 19xx, 00-69 20xx (the form is obsolete; servers have sent IMF-fixdate since RFC 2616).
    const yy = Number(match[3]);
    parts = { day: match[1]!, month: match[2]!, year: yy >= 70 ? 1900 + yy : 2000 + yy, h: match[4]!, m: match[5]!, s: match[6]! };
  } else if ((match = ASCTIME.exec(text))) {
    parts = { day: match[2]!.trim(), month: match[1]!, year: Number(match[6]), h: match[3]!, m: match[4]!, s: match[5]! };
  }
  if (!parts) return undefined;
  const month = MONTHS.indexOf(parts.month);
  const [day, h, m, s] = [Number(parts.day), Number(parts.h), Number(parts.m), Number(parts.s)];
  const at = new Date(Date.UTC(parts.year, month, day, h, m, s));
  // Date.UTC rolls 31 Feb over into March and hour 24 into the next day: such a value is no date.
  if (at.getUTCDate() !== day || at.getUTCHours() !== h || at.getUTCMinutes() !== m || at.getUTCSeconds() !== s) return undefined;
  return at.toISOString();
}
