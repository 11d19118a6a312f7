// What an aws-iam target has switched off already, for the target's part of the plan
// (model/switched-off-credential.ts): the state's inactive access keys and signing certificates,
// and every one the apply journal records scopesync revoking there. Only these, never the
// target's active credentials: an account of 100k users has few switched off.
import { parseIamCredential } from "../model/aws-iam-credential-ids.js";
import type { JournalOffboarding } from "../model/journal-offboarding.js";
import type { SwitchedOffCredential } from "../model/switched-off-credential.js";
import type { TargetState } from "../model/target-state.js";

/** Sorted by credential id; undefined when there are none. `journal`: the target's journal offboardings, by identity. */
export function switchedOffCredentials(state: TargetState, journal: ReadonlyMap<string, JournalOffboarding> | undefined): SwitchedOffCredential[] | undefined {
  const out = new Map<string, SwitchedOffCredential>();
  for (const c of state.credentials) {
    const ref = parseIamCredential(c.id);
    if (c.status !== "inactive" || ref === undefined || ref.kind === "login-profile") continue;
    out.set(c.id, { credential: c.id, ...(c.createdAt !== undefined ? { createdAt: c.createdAt } : {}), inactive: true });
  }
  const revokes = [...(journal?.values() ?? [])].filter((off) => off.credentials.size > 0);
  // Only with journal records to match: the state's credentials by id, once.
  const listed = revokes.length > 0 ? new Map(state.credentials.map((c) => [c.id, c])) : undefined;
  for (const off of revokes) {
    for (const [id, step] of off.credentials) {
      const ref = parseIamCredential(id);
      if (ref === undefined || ref.kind === "login-profile") continue;
      const now = listed!.get(id);
      // A key the state lists active again was switched back on after the revoke: the plan revokes it anew.
      if (now !== undefined && now.status !== "inactive") continue;
      out.set(id, { ...(out.get(id) ?? { credential: id }), ...(now?.createdAt !== undefined ? { createdAt: now.createdAt } : {}), revoked: step });
    }
  }
  if (out.size === 0) return undefined;
  return [...out.values()].sort((a, b) => (a.credential < b.credential ? -1 : a.credential > b.credential ? 1 : 0));
}
