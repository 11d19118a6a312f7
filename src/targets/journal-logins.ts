// The logins apply's journal saw each account id under on one target: what records an account
// apply made or acted on after the last committed `state pull` (a joiner invited yesterday is in
// no state file). Each `done` line names the account's id and its login at that moment
// (model/journal-record.ts); a later line is the newer record. Lines that are no record (a cut-off
// write) are not read here: apply names each one on every run (apply/journal.ts).
import { readFileSync } from "node:fs";
import { fileError } from "../model/file-failure.js";
import type { JournalRecord } from "../model/journal-record.js";

/** Account id → the last login the journal at `path` gave it on `target`; empty when there is no journal. */
export function journalLogins(path: string, target: string): Map<string, string> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return new Map();
    throw fileError(e, `cannot read the apply journal ${path}`);
  }
  const logins = new Map<string, string>();
  for (const line of text.split("\n")) {
    if (!line.includes(`"target":${JSON.stringify(target)}`)) continue;
    let r: Partial<JournalRecord>;
    try {
      r = JSON.parse(line) as Partial<JournalRecord>;
    } catch {
      continue;
    }
    // An e-mail invitation's id (invitation:<n>) is no user's, and its "login" is an address.
    if (r.phase !== "done" || r.target !== target || typeof r.account !== "string" || typeof r.login !== "string" || r.account.startsWith("invitation:")) continue;
    logins.set(r.account, r.login);
  }
  return logins;
}
