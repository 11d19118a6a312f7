// The app of the directory-disabled tests (AD, Entra, Google as the source of people): a wiki whose
// policy may keep the accounts of people on leave, and the privileged group finance-approvers it
// grants. Whether a leaver the directory disabled keeps that group is what those tests look at.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The wiki's policy; `onSuspended` is its accounts.onSuspended (line 9 of the file, which findings quote). */
const wikiPolicy = (onSuspended: string) => `kind: AppPolicy
id: wiki
target: wiki
scope:
  include:
    - kinds: [person]
accounts:
  login: userName
  onSuspended: ${onSuspended}
entitlements:
  - group: finance-approvers
    entitlement: group:finance-approvers
onLeaveScope: disable
`;

/** Writes policies/apps/wiki.yaml and identities/groups/finance-approvers.yaml (the approvers by login) into `dir`. */
export function writeWikiApprovers(dir: string, approvers: readonly string[], onSuspended = "keep"): void {
  for (const d of ["identities/groups", "policies/apps"]) mkdirSync(join(dir, d), { recursive: true });
  writeFileSync(join(dir, "policies/apps/wiki.yaml"), wikiPolicy(onSuspended));
  const members = approvers.map((login) => `  - { identity: "${login}", reason: approves invoices }`).join("\n");
  writeFileSync(join(dir, "identities/groups/finance-approvers.yaml"), `kind: Group\nid: finance-approvers\nprivileged: true\nmembers:\n${members}\n`);
}
