import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { AppPolicyDoc } from "../model/documents.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import type { MarkedAccount } from "../model/marked-account.js";
import { emailKey, sourceOfRef } from "../model/keys.js";
import { readStateFile, statePath } from "./state-file.js";
import { TextReader } from "./text-reader.js";

/** The identity attributes that are a person's own addresses: a mapping from one fills the account's. */
const OWN_ADDRESSES: ReadonlySet<string> = new Set(["email", "emails"]);

/**
 * The account attribute names that hold the holder's own address by convention (SCIM's `emails`,
 * LDAP's `mail`), in any case. A state imported by `scopesync import`, or kept for a policy that
 * maps no e-mail, holds the address there unmapped: not counting it made the leaver a joiner.
 */
const CONVENTIONAL_ADDRESSES: ReadonlySet<string> = new Set(["email", "emails", "mail"]);

/**
 * Which account attributes hold the account holder's own address: those the target's policy maps
 * from the identity's `email` or `emails` and the SAML NameID when the policy takes it from one;
 * where it maps none of them, an attribute named `email`, `emails` or `mail` unless the policy
 * fills an attribute of that name from something else. Any other attribute holding an address (a mapped `manager`, an assistant's,
 * a notification list) is someone else's: matched by it, the manager of a leaver was offboarded as
 * the leaver (rv101 H1); so is an `email: { from: manager }`, whatever its name says.
 */
function ownAddressAttributes(policy: AppPolicyDoc | undefined): (attribute: string) => boolean {
  const mappings = Object.entries(policy?.accounts.attributes ?? {});
  const mapped = new Set(mappings.filter(([, m]) => OWN_ADDRESSES.has(m.from)).map(([name]) => name));
  if (policy?.accounts.samlNameId !== undefined && OWN_ADDRESSES.has(policy.accounts.samlNameId)) mapped.add("samlNameId");
  // Compared without case, as the conventional names are: `Email: { from: manager }` also takes `email` from the account.
  const someoneElses = new Set(mappings.filter(([, m]) => !OWN_ADDRESSES.has(m.from)).map(([name]) => name.toLowerCase()));
  // A policy that maps the address somewhere says where it is: an unmapped `email` beside a mapped
  // `mail` holds another address (a team's, a supervisor's), which would match someone else (rv108 L1).
  if (mapped.size > 0) return (attribute) => mapped.has(attribute);
  return (attribute) => CONVENTIONAL_ADDRESSES.has(attribute.toLowerCase()) && !someoneElses.has(attribute.toLowerCase());
}

/**
 * The accounts the targets' saved state files hold marked with an anchor of one of `sources`, in
 * target and login order. Read from the committed files in every mode (also where the plan reads
 * the targets live), so that the plan and apply's re-plan decide alike; a target without a state
 * file yet has no marks to give. A malformed file is the error the plan's own read gives. The
 * addresses are the account's own (ownAddressAttributes), never every address it holds.
 */
export function markedAccounts(repo: PolicyRepo, repoDir: string, sources: ReadonlySet<string>): MarkedAccount[] {
  const out: MarkedAccount[] = [];
  if (sources.size === 0) return out;
  const reader = new TextReader();
  for (const [name, target] of Object.entries(repo.config.value.targets).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const path = statePath(name, target);
    if (!existsSync(resolve(repoDir, path))) continue;
    const accounts = [...readStateFile(repoDir, path, name, reader).accounts].sort((a, b) => (a.login < b.login ? -1 : a.login > b.login ? 1 : 0));
    const own = ownAddressAttributes(repo.apps.find((app) => app.value.target === name)?.value);
    for (const account of accounts) {
      if (account.externalId === undefined || !sources.has(sourceOfRef(account.externalId))) continue;
      // A value that is not text (a state file's own shape) holds no address to match.
      const held = Object.entries(account.attributes).filter(([attribute, v]) => own(attribute) && typeof v === "string").map(([, v]) => v);
      const emails = [account.login, ...held].filter((v) => v.includes("@")).map(emailKey);
      out.push({ anchor: account.externalId, target: name, login: account.login, emails: [...new Set(emails)].sort() });
    }
  }
  return out;
}
