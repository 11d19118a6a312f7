// A source attribute mapped to an app attribute (accounts.attributes) can hold a secret someone
// pasted into it: an AWS key in an HR "notes" or "title" column, a token in an LDAP description.
// The planner does not write it (account-attributes.ts): the plan would show it to every reader of
// the pull request, the JSON plan and the journal would keep it, and the target would hold it for
// anyone who can read the app. This finding says so, naming where the value is, never the value.
import type { Finding } from "../model/finding.js";
import type { Identity } from "../model/identity.js";
import type { WithheldValue } from "./account-attributes.js";

/**
 * The warning for a value left out of the identity's change in `app` (target `target`): a new
 * account is made without it, an existing one keeps what it holds. A warning, not an error: the
 * plan is otherwise sound and nothing of the secret is in it, and an error would hold back every
 * joiner's access for a value in a column the reviewer cannot change.
 */
export function attributeSecretShaped(identity: Identity, withheld: WithheldValue, app: string, target: string, creating: boolean, policyAt: string): Finding {
  const at = identity.provenance[withheld.from]?.at;
  const where = at ? `${withheld.from} (${at})` : `attribute ${withheld.from}`;
  return {
    rule: "attribute-secret-shaped",
    severity: "warning",
    identity: identity.id,
    message: `${identity.id}'s ${where}, mapped to ${app}'s ${withheld.attribute} (accounts.attributes in ${policyAt}), looks like a secret (${withheld.shape}): it is not written to target "${target}" and not shown here; ${creating ? "the account is created without it" : "the account keeps the value it holds"}`,
    remediation: `remove the secret from ${at ?? `the identity's ${withheld.from}`} and rotate it: whoever can read that ${at ? "export" : "value"} has it. Once the value is gone the next plan writes ${withheld.attribute} as usual`,
    location: at ?? identity.definedAt ?? policyAt,
  };
}
