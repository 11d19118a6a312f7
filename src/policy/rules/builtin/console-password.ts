// An IAM user's console password, as the credential report tells it (password_enabled,
// password_last_used): not a credential of the report's own (it has no slot, no id), yet it signs
// in to the AWS console, where the user can switch an access key back on or make a new one, and the
// owner who left is the one most likely to know it. "Deleting a user's password does not prevent a
// user from accessing AWS through the command line interface or the API", nor the reverse
// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteLoginProfile.html): an offboarded
// NHI's password is deleted by a planned change or named, like its keys. One per user of each
// account: an NHI that two accounts' reports name has a password in each (model/console-password.ts).
import { awsAccountOf } from "../../../model/aws-account.js";
import type { ReportedConsolePassword } from "../../../model/console-password.js";
import type { Identity } from "../../../model/identity.js";
import type { PolicyRepo } from "../../../model/policy-repo.js";
import type { RuleHit } from "../rule.js";
import { sh } from "./revoke-command.js";
import { afterLeavingWords, usedAfterLeaving } from "./used-after-leaving.js";

/** A reported password with its source's type (aws-iam). */
export type ConsolePassword = ReportedConsolePassword & { type: string };

/** The console passwords discovery sources report enabled for the NHI's IAM users, each account's. */
export function consolePasswords(identity: Identity, config: PolicyRepo["config"]["value"]): ConsolePassword[] {
  // The root user's password is the aws-root-user rule's.
  if (identity.attributes.awsPrincipalType === "root") return [];
  return (identity.consolePasswords ?? []).map((p) => ({ ...p, type: (config.sources[p.source]?.type as string | undefined) ?? p.source }));
}

/** Why no change deletes it, and what else would: said by the rule, as for the NHI's other credentials. */
export interface NotDeleted { why: string; otherwise: string }

export function consolePasswordHit(identity: Identity, reason: string, p: ConsolePassword, not: NotDeleted, byId: ReadonlyMap<string, Identity>): RuleHit {
  // A sign-in after the owner left: someone still knows the password, perhaps the leaver.
  const after = p.lastUsedAt ? usedAfterLeaving(p.lastUsedAt, identity, byId) : undefined;
  // Named by the credential report's columns where it matters most: a reviewer checks them there.
  const used = p.lastUsedAt ? `, last used ${p.lastUsedAt}${after ? ` (password_last_used; password_enabled is true)${afterLeavingWords(after)}` : ""}` : "";
  const account = awsAccountOf(p.idScope);
  const where = account === undefined ? "" : `in AWS account ${account}, `;
  const since = after ? `; then find out who signed in after ${after.owner} left: CloudTrail's ConsoleLogin events of IAM user ${p.userName} since ${after.left}` : "";
  return {
    identity: identity.id,
    message: `${identity.id} is offboarded (${reason}), but its console password (${p.source}: ${p.userName}) is still enabled${used}: whoever knows it signs in to the AWS console, where access keys can be switched back on or made anew; ${not.why}`,
    remediation: `${where}\`aws iam delete-login-profile --user-name ${sh(p.userName)}\`${not.otherwise}${since}`,
    location: p.at,
  };
}
