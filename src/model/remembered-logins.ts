// What a live plan knew of a target's accounts before today's read: the login each account id had
// in a reviewed or recorded record. A target account keeps its own id across a rename (a GitHub user
// renamed is the same user id under the new login, `GET /user/{account_id}`; "after changing your
// username, your old username becomes available for anyone else to claim",
// https://docs.github.com/en/account-and-profile/concepts/username-changes), so this is what tells
// a renamed account from a stranger's. Written by targets/remembered-logins.ts; read by the planner
// (plan/renamed-links.ts, plan/deprovisioned-accounts.ts).

/** Account id → the login it had, and where that was recorded. */
export interface RememberedLogins {
  /** The committed state file the ids come from ("state/github.json"), for reasons. */
  from: string;
  /** Account id → the login the account had there (the state file's, else the journal's). */
  logins: ReadonlyMap<string, string>;
  /**
   * Ids no state file has and the apply journal does (an account apply acted on since the last
   * `state pull`): where that journal is, and which ids came from it.
   */
  journal?: { from: string; ids: ReadonlySet<string> };
  /**
   * Where a login names a user of the whole service, not an account of the target (GitHub: a login
   * freed by a rename is anyone's to register, and the new holder need not be in the org), who
   * holds each remembered login of a renamed account now, looked up live (`GET /users/{username}`,
   * remembered-login-holders.ts). Absent where the target's own read lists every holder (a SCIM
   * app's userName is unique in the app). Present, a login it does not answer for was not looked
   * up, and the rename is not followed on the record alone (plan/renamed-links.ts).
   */
  holders?: LoginHolders;
}

/** Who holds each remembered login on the service now, as a live read looked it up. */
export interface LoginHolders {
  /** Normalised login → the id of the user who has it now, or null when nobody does (404). */
  logins: ReadonlyMap<string, string | null>;
  /** Why some were not looked up (more than a plan looks up), for the finding; absent when all were. */
  skipped?: string;
}

/** Where the login remembered for `id` was recorded: the state file or the journal. */
export function rememberedIn(remembered: RememberedLogins, id: string): string {
  return remembered.journal?.ids.has(id) ? remembered.journal.from : remembered.from;
}
