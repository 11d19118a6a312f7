// A login that looks like a secret: an API key pasted into HR's UserID column, a token in an LDAP
// uid. Used as a login it would be the account's name in the app, shown to everyone who can list
// users there, and the plan, its comment, the journal and every log would carry it. So no account
// is planned or changed under it in the app (as for a login no app takes, login-invalid), and this
// finding says where it is: the identity's anchor, the attribute and the record, never the value.
// A snapshot hides such a login ("(a value not shown: …)", model/unwritable-value.ts): planned from
// the snapshot it is refused the same way, as the same finding.
import type { Finding } from "../model/finding.js";
import type { Identity } from "../model/identity.js";
import { shownIdentity } from "../model/shown-identity.js";

/**
 * The warning for identity's login (`attribute`) in `app`. Its id is its login most of the time
 * (userName), so the finding names it by its anchor when the id looks like a secret too.
 */
export function loginSecretShaped(identity: Identity, attribute: string, shape: string, app: string, policyAt: string): Finding {
  const who = shownIdentity(identity.id, identity.anchor);
  const from = identity.provenance[attribute] ?? identity.provenance.userName;
  const at = from?.at ?? identity.definedAt;
  return {
    rule: "login-secret-shaped",
    severity: "warning",
    identity: who,
    message: `${who}'s ${attribute}${at ? ` (${at})` : ""}, the login ${app} would use, looks like a secret (${shape}): no account is planned or changed under it in ${app}, and it is not shown here`,
    remediation: `correct the login in ${at ?? "the source it comes from"} and rotate the secret: whoever can read that ${from?.source === "file" ? "file" : "export"} has it. The next plan after that plans ${who}'s account as usual`,
    location: at ?? policyAt,
  };
}
