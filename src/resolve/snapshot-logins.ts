// The logins apps link by (`accounts.login`: githubLogin, crmLogin) come from Person overlays, not
// from the sources, and a snapshot keeps only the sources' records. Resolved from a snapshot with
// today's overlays, a leaver whose overlay a pull request removed (as validate once advised), or
// reused for a new hire, had no GitHub login any more: their account read as unmanaged and stayed,
// or passed to the new hire unseen. So `snapshot` writes each person's overlay logins on their
// anchor record (SourceRecord.logins), and they are read back here where no overlay gives one.
import type { Identity } from "../model/identity.js";
import { recordRef } from "../model/keys.js";
import type { SourceRecord } from "../model/source-record.js";

/** Fills each person's app logins that no overlay gives from their anchor record's `logins` (only snapshot records have them). */
export function applySnapshotLogins(identities: Iterable<Identity>, records: readonly SourceRecord[]): void {
  const byRef = new Map<string, Record<string, string>>();
  for (const r of records) if (r.logins !== undefined) byRef.set(recordRef(r.source, r.externalId), r.logins);
  if (byRef.size === 0) return;
  for (const identity of identities) {
    const logins = identity.kind === "person" ? byRef.get(identity.anchor) : undefined;
    if (!logins) continue;
    for (const [attribute, login] of Object.entries(logins)) {
      if (identity.attributes[attribute] !== undefined) continue;
      identity.attributes[attribute] = login;
      identity.provenance[attribute] = { source: identity.anchor.slice(0, identity.anchor.indexOf(":")), at: "the last accepted snapshot (the login an overlay gave them then)" };
    }
  }
}

/** The logins overlays give people for the apps' `accounts.login` attributes (not userName, which the sources give): what `snapshot` writes on each anchor record. */
export function overlayLogins(identity: Identity, attributes: readonly string[]): Record<string, string> | undefined {
  let logins: Record<string, string> | undefined;
  for (const attribute of attributes) {
    const value = identity.attributes[attribute];
    if (attribute === "userName" || typeof value !== "string" || value === "" || identity.provenance[attribute]?.source !== "file") continue;
    (logins ??= {})[attribute] = value;
  }
  return logins;
}
