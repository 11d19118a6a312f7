import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { PolicyRepo } from "../model/policy-repo.js";
import type { MarkedAccount } from "../model/marked-account.js";
import { emailKey, sourceOfRef } from "../model/keys.js";
import { readStateFile, statePath } from "./state-file.js";
import { TextReader } from "./text-reader.js";

/**
 * The accounts the targets' saved state files hold marked with an anchor of one of `sources`, in
 * target and login order. Read from the committed files in every mode (also where the plan reads
 * the targets live), so that the plan and apply's re-plan decide alike; a target without a state
 * file yet has no marks to give. A malformed file is the error the plan's own read gives.
 */
export function markedAccounts(repo: PolicyRepo, repoDir: string, sources: ReadonlySet<string>): MarkedAccount[] {
  const out: MarkedAccount[] = [];
  if (sources.size === 0) return out;
  const reader = new TextReader();
  for (const [name, target] of Object.entries(repo.config.value.targets).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const path = statePath(name, target);
    if (!existsSync(resolve(repoDir, path))) continue;
    const accounts = [...readStateFile(repoDir, path, name, reader).accounts].sort((a, b) => (a.login < b.login ? -1 : a.login > b.login ? 1 : 0));
    for (const account of accounts) {
      if (account.externalId === undefined || !sources.has(sourceOfRef(account.externalId))) continue;
      const emails = [account.login, ...Object.values(account.attributes)].filter((v) => v.includes("@")).map(emailKey);
      out.push({ anchor: account.externalId, target: name, login: account.login, emails: [...new Set(emails)].sort() });
    }
  }
  return out;
}
