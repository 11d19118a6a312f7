// The logins apply's journal saw each account id under on one target: what records an account
// apply made or acted on after the last committed `state pull` (a joiner invited yesterday is in
// no state file). Each `done` line names the account's id and its login at that moment
// (model/journal-record.ts); a later line is the newer record. The journal is read by
// journal-done-lines.ts.
import { journalDoneLines } from "./journal-done-lines.js";

/**
 * Account id → the last login the journal at `path` gave it on the target the journal named
 * `names` (its name, then its former names: renamed-targets.ts journalNames); empty when there is no journal.
 */
export function journalLogins(path: string, names: readonly string[]): Map<string, string> {
  const logins = new Map<string, string>();
  const lines = names.length === 1 ? journalDoneLines(path, `"target":${JSON.stringify(names[0])}`) : journalDoneLines(path);
  for (const { record: r } of lines) {
    // An e-mail invitation's id (invitation:<n>) is no user's, and its "login" is an address.
    if (typeof r.target !== "string" || !names.includes(r.target) || typeof r.account !== "string" || typeof r.login !== "string" || r.account.startsWith("invitation:")) continue;
    logins.set(r.account, r.login);
  }
  return logins;
}
