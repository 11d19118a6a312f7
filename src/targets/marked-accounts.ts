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
 * The account attributes that hold the account holder's own address: those the target's policy
 * maps from the identity's `email` or `emails`, and the SAML NameID when the policy takes it from
 * one. Any other attribute holding an address (a mapped `manager`, an assistant's, a notification
 * list) is someone else's: matched by it, the manager of a leaver was offboarded as the leaver
 * (rv101 H1). Without a policy, only the login is the account's.
 */
function ownAddressAttributes(policy: AppPolicyDoc | undefined): string[] {
  if (policy === undefined) return [];
  const mapped = Object.entries(policy.accounts.attributes ?? {}).filter(([, m]) => OWN_ADDRESSES.has(m.from)).map(([name]) => name);
  return policy.accounts.samlNameId !== undefined && OWN_ADDRESSES.has(policy.accounts.samlNameId) ? [...mapped, "samlNameId"] : mapped;
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
      const held = own.map((attribute) => account.attributes[attribute]).filter((v): v is string => v !== undefined);
      const emails = [account.login, ...held].filter((v) => v.includes("@")).map(emailKey);
      out.push({ anchor: account.externalId, target: name, login: account.login, emails: [...new Set(emails)].sort() });
    }
  }
  return out;
}
