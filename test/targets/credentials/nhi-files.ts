// Service accounts as a policy repository declares them, for the credential tests.
import { stringify } from "yaml";
import type { PolicyRepo } from "../../apply/helpers/policy-repo.js";

export interface NhiSpec {
  id: string;
  owner?: string;
  status?: "active" | "disabled";
  attributes: Record<string, string>;
  /** Credential ids as the system gives them (written lower-case, as ids in YAML are). */
  credentials?: Array<{ id: string; type: "api-key" | "oauth-client" | "certificate"; target: string }>;
}

export function writeNhis(repo: PolicyRepo, nhis: readonly NhiSpec[]): void {
  for (const n of nhis) {
    repo.write(
      `identities/service-accounts/${n.id}.yaml`,
      stringify({
        kind: "ServiceAccount",
        id: n.id,
        owner: n.owner ?? "ada",
        status: n.status ?? "active",
        environment: "production",
        purpose: "credential governance test",
        attributes: n.attributes,
        ...(n.credentials ? { credentials: n.credentials.map((c) => ({ id: c.id.toLowerCase(), type: c.type, target: c.target, issuedAt: "2026-01-01" })) } : {}),
      }),
    );
  }
}
