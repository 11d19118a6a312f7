// When an inactive SCIM user was disabled, as far as the protocol tells: its meta.lastModified.
// RFC 7643 §2.3.5 makes a DateTime an xsd:dateTime (XML Schema Part 2 §3.2.7), whose zone is
// optional, and real servers leave it out: WSO2 Identity Server writes "2019-02-18T13:27:58", in
// the server's local time or, with -Dscim2.compliance=true, in UTC (wso2/product-is#4455);
// Apache SCIMple writes "2017-04-06T16:29:24.589" (PennState/SCIMple-Identity#34). Such a value
// does not say which instant it is, only a range of 26 hours (UTC+14:00 to UTC-12:00).
import { isDateOnly, isValidDate, parseDate } from "../../model/time.js";

const ZONELESS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/;

/**
 * The instant from which a delete grace period is counted, as an ISO string; undefined when the
 * value is no xsd:dateTime. One without a zone is read at the latest instant it can mean, as if
 * written at UTC-12:00, the westernmost offset: the grace period then ends at most 26 hours late,
 * never early, whatever the server's zone (a delete cannot be undone; a late one is a day's wait).
 * Read as UTC instead, a server in Honolulu would see its leavers deleted ten hours early.
 */
export function disabledAtOf(lastModified: unknown): string | undefined {
  // A date alone is no xsd:dateTime, and RFC 7643 §2.3.5 wants "both a date and a time".
  if (typeof lastModified !== "string" || isDateOnly(lastModified)) return undefined;
  const value = ZONELESS.test(lastModified) ? `${lastModified}-12:00` : lastModified;
  return isValidDate(value) ? new Date(parseDate(value)).toISOString() : undefined;
}
