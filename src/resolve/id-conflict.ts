// Two records of different sources that share an identifier each system assigns itself (a worker
// number, a login) and nothing else: their names share no word and their e-mails share no address.
// An acquisition is the common case: Acme's Workday and Globex's BambooHR both number their workers
// from 1, so worker 1042 is Priya Nair in one and Tomas Berg in the other. Merged on that id alone,
// one of them took the other's accounts (a leaver's account renamed to Priya and kept active). An
// IdM treats a match on one attribute that every other attribute contradicts as a case for manual
// correlation, not a join (SailPoint's and Okta's correlation rules stop at "confirm the match"):
// correlate.ts keeps such records apart and blocks the plan (finding correlation-conflict) until a
// reviewed `links` or `separate` entry decides. E-mail is not such a key: an address routes to one
// mailbox, it is not numbered per system. A record with no name or no e-mail says nothing against
// the match, so it is merged as before; so are records whose names share a word (Jane Smith, now
// Jane Doe in HR while the directory catches up; Raj and Rajesh Singh).
import { normaliseEmail } from "../model/keys.js";
import type { SourceRecord } from "../model/source-record.js";

/** Keys whose values each system assigns itself, so two systems may give them to two people. */
export const SELF_ASSIGNED_KEYS: ReadonlySet<string> = new Set(["employeeId", "userName"]);

/** Whether a and b contradict each other on both name and e-mail (each side has some of both). */
export function contradict(a: SourceRecord, b: SourceRecord): boolean {
  return emailsDisagree(a, b) && namesDisagree(a, b);
}

function emailsDisagree(a: SourceRecord, b: SourceRecord): boolean {
  if (a.emails.length === 0 || b.emails.length === 0) return false;
  // A record has an address or two: comparing each pair allocates nothing (every employeeId match
  // of 100k+ records comes through here).
  for (const x of a.emails) {
    const mine = normaliseEmail(x);
    for (const y of b.emails) if (normaliseEmail(y) === mine) return false;
  }
  return true;
}

function namesDisagree(a: SourceRecord, b: SourceRecord): boolean {
  const left = nameWords(a);
  const right = nameWords(b);
  if (left.size === 0 || right.size === 0) return false;
  for (const w of left) if (right.has(w)) return false;
  return true;
}

/**
 * The words of a record's given, family and display names, compared without case or accents
 * ("García" is "garcia": LDAP and HR spell accents differently). Initials ("J.") are left out:
 * one letter is no evidence either way.
 */
function nameWords(r: SourceRecord): Set<string> {
  const words = new Set<string>();
  for (const part of [r.name.given, r.name.family, r.name.display]) {
    if (!part) continue;
    const plain = part.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
    for (const w of plain.split(/[^\p{L}\p{N}]+/u)) if (w.length > 1) words.add(w);
  }
  return words;
}

/** The two records' names and e-mails, for the finding: `"Priya Nair" <priya@acme.example>`. */
export function describe(r: SourceRecord): string {
  const name = r.name.display ?? [r.name.given, r.name.family].filter(Boolean).join(" ");
  return `${JSON.stringify(name)} <${r.emails.join(", ")}>`;
}
