// directory-disabled-access-kept: a person whose directory account is disabled (AD ACCOUNTDISABLE,
// an OpenLDAP administrative lock, a statusAttribute value, an Entra ID user whose sign-in is
// blocked, a Google Workspace user an administrator suspended), which the source reads as on leave
// (options.disabledMeans: suspended, the default), keeps privileged access in an app whose policy
// keeps the accounts of people on leave (accounts.onSuspended: keep). None of these directories
// has an "on leave" state, and disabling the account is how most organisations offboard in them
// (model/directory-disabled.ts): without this finding, such a leaver kept an admin role in every
// app adopted with `scopesync import` (which wrote keep) and the plan said nothing. The finding
// says what the directory said, and both fixes. A leave the source itself states (an HR export's
// `Leave`) is a leave, not a hidden leaver, yet the privileged access kept through it was said
// nowhere (rv112 L2), while access reviews ask for privilege kept through an extended absence:
// leave-privilege-kept, an info finding, names it.
import { directoryDisabled, disabledInWords } from "../model/directory-disabled.js";
import type { AppPolicyDoc } from "../model/documents.js";
import type { Finding } from "../model/finding.js";
import type { Identity } from "../model/identity.js";
import type { Located } from "../model/located.js";
import { statusWords } from "../policy/lifecycle.js";


/**
 * The finding, when the identity is on leave, the app keeps the accounts of people on leave, and
 * `privileged` (the privileged entitlements it holds after this plan, by name) is not empty:
 * directory-disabled-access-kept where the leave is only a directory's disabled account, else
 * leave-privilege-kept. Undefined otherwise.
 */
export function directoryDisabledKept(identity: Identity, policy: Located<AppPolicyDoc>, privileged: readonly string[]): Finding | undefined {
  if (identity.status !== "suspended" || policy.value.accounts.onSuspended !== "keep" || privileged.length === 0) return undefined;
  // onSuspended: keep is written (keep is not the default), so its key has a line of its own.
  const keepAt = `${policy.file}:${policy.locateKey(["accounts", "onSuspended"]).line}`;
  const status = identity.provenance.status;
  const disabled = directoryDisabled(identity);
  if (!disabled) {
    return {
      rule: "leave-privilege-kept",
      severity: "info",
      identity: identity.id,
      target: policy.value.target,
      message: `${identity.id} is on leave (${statusWords(identity, "suspended")}), and ${keepAt} keeps the accounts of people on leave (accounts.onSuspended: keep): they keep ${privileged.join(", ")} (privileged) in ${policy.value.id} through the leave`,
      remediation: `review whether the leave needs that access: set accounts.onSuspended: disable at ${keepAt} to take it away for every leave (given back on return), or keep it knowingly`,
      location: status ? `${status.source} ${status.at}` : keepAt,
      controls: ["NIST-SP800-53-AC-2"],
    };
  }
  return {
    rule: "directory-disabled-access-kept",
    severity: "warning",
    identity: identity.id,
    target: policy.value.target,
    message: `${identity.id} is ${disabledInWords(disabled)}, which ${disabled.source} reads as on leave (options.disabledMeans: suspended), and ${keepAt} keeps the accounts of people on leave (accounts.onSuspended: keep): they keep ${privileged.join(", ")} (privileged) in ${policy.value.id}`,
    remediation: `if a disabled account in ${disabled.source} means the person left (how most organisations offboard in Active Directory, Entra ID and Google Workspace), set sources.${disabled.source}.options.disabledMeans: terminated in scopesync.yaml (the next plan offboards them); if it means a leave, set accounts.onSuspended: disable at ${keepAt} to take the access away for the leave, or keep it knowingly`,
    location: status ? `${status.source} ${status.at}` : keepAt,
  };
}
