// The connectors of the targets a command or an apply works on, opened one way for the CLI and the
// Action alike (the referenced secrets registered for masking first).
import type { PolicyRepo } from "./model/policy-repo.js";
import { ScopesyncError } from "./model/errors.js";
import { registerReferencedSecrets } from "./model/redact.js";
import { policyLinksByLogin } from "./model/linked-by-login.js";
import { targetEntitlements } from "./model/target-entitlements.js";
import type { TargetConnector } from "./targets/connector.js";
import { createConnector } from "./targets/registry.js";

/**
 * Builds the connectors of the targets a command works on: all of them, or the one `--target`
 * names (so targets can be applied as parallel jobs).
 */
export function openConnectors(repo: PolicyRepo, repoDir: string, env: Record<string, string | undefined>, now: () => number, only?: string): Map<string, TargetConnector> {
  const targets = repo.config.value.targets;
  if (only && !targets[only]) throw new ScopesyncError(`no target "${only}"`, `targets: ${Object.keys(targets).sort().join(", ")}`);
  registerReferencedSecrets(repo.config.value, env);
  const out = new Map<string, TargetConnector>();
  for (const [name, config] of Object.entries(targets).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (only && name !== only) continue;
    out.set(name, createConnector(config, { name, repoDir, env, now, entitlements: targetEntitlements(repo, name), ...(policyLinksByLogin(repo, name) ? { linksByLogin: true } : {}) }));
  }
  return out;
}

export async function closeConnectors(connectors: ReadonlyMap<string, TargetConnector>): Promise<void> {
  await Promise.all([...connectors.values()].map((c) => c.close?.()));
}
