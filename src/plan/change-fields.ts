import type { Identity } from "../model/identity.js";
import type { TargetAccount } from "../model/target-state.js";
import type { AttributeChange, Change } from "../model/change.js";

/** The fields every change to one identity's account carries: which account, anchor and login. */
export function accountFields(identity: Identity, account: TargetAccount | undefined, login: string | undefined): Partial<Change> {
  return { ...(account ? { account: account.id } : {}), anchor: identity.anchor, login: account?.login ?? login ?? identity.id };
}

/** The source record a change rests on: where the identity's status (or its userName) was read. */
export function recordEvidence(identity: Identity): string[] {
  const p = identity.provenance.status ?? identity.provenance.userName;
  return p ? [`${p.source} ${p.at}`] : [];
}

/** A mover's attribute changes in words, for reasons. */
export function describeMove(move: Record<string, AttributeChange>): string {
  return Object.entries(move).map(([k, v]) => `${k} ${v.from ?? "(none)"} → ${v.to ?? "(none)"}`).join(", ");
}
