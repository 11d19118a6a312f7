// An IAM user's console password, as the credential report tells it (password_enabled,
// password_last_used): not a credential of the report's own (it has no slot, no id), yet it signs
// in to the AWS console, where the user can switch an access key back on or make a new one, and the
// owner who left is the one most likely to know it. "Deleting a user's password does not prevent a
// user from accessing AWS through the command line interface or the API", nor the reverse
// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteLoginProfile.html): an offboarded
// NHI's password is deleted by a planned change or named, like its keys.
import type { Identity } from "../../../model/identity.js";
import type { PolicyRepo } from "../../../model/policy-repo.js";
import type { RuleHit } from "../rule.js";
import { sh } from "./revoke-command.js";
import { reachHint } from "./target-reach.js";

export interface ConsolePassword {
  /** The IAM user name. */
  userName: string;
  /** The reporting source's name and type (aws-iam), and where it reported the password. */
  source: string;
  type: string;
  at: string;
  lastUsedAt?: string;
}

/** The console password a discovery source reports enabled for the IAM user, if any. */
export function consolePassword(identity: Identity, config: PolicyRepo["config"]["value"]): ConsolePassword | undefined {
  if (identity.attributes.awsPrincipalType !== "user" || identity.attributes.interactiveLogin !== true) return undefined;
  // Reported by the system, not written in the file (a file's `interactiveLogin` is a declaration).
  const from = identity.provenance.interactiveLogin;
  if (!from || from.source === "file") return undefined;
  const type = (config.sources[from.source]?.type as string | undefined) ?? from.source;
  if (type !== "aws-iam") return undefined;
  // arn:aws:iam::<account>:user/<path/>name: the user name is the ARN's last segment.
  const arn = String(identity.attributes.awsArn ?? "");
  const fromRecord = identity.records.find((r) => r.startsWith(`${from.source}:`))?.slice(from.source.length + 1);
  const userName = arn.includes(":user/") ? arn.slice(arn.lastIndexOf("/") + 1) : fromRecord;
  if (!userName) return undefined;
  const used = identity.provenance.lastSignInAt?.source === from.source ? identity.attributes.lastSignInAt : undefined;
  return { userName, source: from.source, type, at: from.at, ...(typeof used === "string" ? { lastUsedAt: used } : {}) };
}

export function consolePasswordHit(identity: Identity, reason: string, p: ConsolePassword, governed: boolean): RuleHit {
  const used = p.lastUsedAt ? `, last used ${p.lastUsedAt}` : "";
  const why = governed ? `no target of type ${p.type} plans to delete it (none holds it, or none has ${identity.id} in its scope)` : `no target in scopesync.yaml is of type ${p.type}, so no plan deletes it`;
  const otherwise = governed ? `; or ${reachHint(identity.id, p.type)}, which the plan then deletes it in` : `; or configure a target of type ${p.type}, which the plan then deletes it in`;
  return {
    identity: identity.id,
    message: `${identity.id} is offboarded (${reason}), but its console password (${p.source}: ${p.userName}) is still enabled${used}: whoever knows it signs in to the AWS console, where access keys can be switched back on or made anew; ${why}`,
    remediation: `\`aws iam delete-login-profile --user-name ${sh(p.userName)}\`${otherwise}`,
    location: p.at,
  };
}
