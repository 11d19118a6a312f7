// Two records of different sources that share an identifier each system assigns itself (a worker
// number, a login) and little else. An acquisition is the common case: Acme's Workday and Globex's
// BambooHR both number their workers from 1, so worker 1042 is Priya Nair in one and Tomas Berg in
// the other. Merged on that id alone, one of them took the other's accounts (a leaver's account
// renamed to Priya and kept active). An IdM treats a match on one attribute that the other
// attributes contradict as a case for manual correlation, not a join (SailPoint's and Okta's
// correlation rules stop at "confirm the match"): correlate.ts keeps such records apart and blocks
// the plan (finding correlation-conflict) until a reviewed `links` or `separate` entry decides.
// E-mail is not such a key: an address routes to one mailbox, it is not numbered per system.
//
// What the id needs beside it to be one person (docs/rules.md, correlation-conflict):
// - an address in common, or a record with no name or no e-mail (nothing contradicts the match);
// - the same given and family name (accents, case and hyphens aside: Mateo García and Garcia);
// - only the family name: the same e-mail local part too (Robert Smith, Bob Smith, both
//   bob.smith@). A family name alone is shared by a fifth of Korea (Ji-ho and Seo-yeon Kim);
// - only the given name: the same local part, or the same mail domain (Jane Smith, renamed Jane Doe
//   in HR, jane.doe@acme beside jane.smith@acme). Two Michaels at two companies are not enough;
// - a name word of unknown role in common (display names only): the same local part.
// Names with nothing in common contradict the match whatever the e-mails, short of an address.
import type { SourceRecord } from "../model/source-record.js";
import { emailAgreement } from "./email-agreement.js";
import { nameAgreement } from "./name-agreement.js";

/** Keys whose values each system assigns itself, so two systems may give them to two people. */
export const SELF_ASSIGNED_KEYS: ReadonlySet<string> = new Set(["employeeId", "userName"]);

/**
 * What a and b, which share only a self-assigned id, have too little of to be merged on it, for the
 * finding ("neither a name nor an e-mail"); undefined when nothing stands against the match.
 */
export function contradiction(a: SourceRecord, b: SourceRecord): string | undefined {
  const mail = emailAgreement(a.emails, b.emails);
  if (!mail || mail.address) return undefined;
  switch (nameAgreement(a.name, b.name)) {
    case "unknown":
    case "full":
      return undefined;
    case "family":
      return mail.localPart ? undefined : "only a family name, not an e-mail address or its local part";
    case "partial":
      return mail.localPart ? undefined : "only a word of their names, not an e-mail address or its local part";
    case "given":
      return mail.localPart || mail.domain ? undefined : "only a given name, not an e-mail address, local part or domain";
    case "none":
      return "neither a name nor an e-mail";
  }
}

/** The two records' names and e-mails, for the finding: `"Priya Nair" <priya@acme.example>`. */
export function describe(r: SourceRecord): string {
  const name = r.name.display ?? [r.name.given, r.name.family].filter(Boolean).join(" ");
  return `${JSON.stringify(name)} <${r.emails.join(", ")}>`;
}
