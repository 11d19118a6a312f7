// Where scopesync.yaml points a target, in one line a reviewer can read and two runs can compare
// (model/target-tenant.ts): written to a state file at `state pull`, recorded in a plan, compared
// by plan (a state file read from elsewhere) and apply (a reviewed plan made from elsewhere).
// Only what picks the system counts: a token or a timeout does not make the target another one.
import type { TargetConfig } from "../model/documents.js";

/**
 * GitHub's API root when `options.baseUrl` is not written (targets/github/schema.ts's default):
 * written or not, it is the same system.
 */
const GITHUB_API = "https://api.github.com";
/** Microsoft Graph's root when `options.graphUrl` is not written (targets/entra-apps/schema.ts's default). */
const GRAPH_API = "https://graph.microsoft.com/v1.0";

const trimmed = (url: string): string => url.replace(/\/+$/, "");
const option = (t: TargetConfig, key: string): string | undefined => (typeof t.options?.[key] === "string" ? (t.options[key] as string) : undefined);

/**
 * The target's endpoint: scim, its `url`; github, its organization under the API root (an org's
 * login is case-insensitive, so lower case); entra-apps, its tenant at the Graph root; aws-iam,
 * `options.endpoint` where written (else the account its credentials open decides, recorded as the
 * plan's awsAccount). None for a file target, whose path is its store.
 */
export function targetEndpoint(t: TargetConfig): string | undefined {
  switch (t.type) {
    case "scim":
      return t.url ? trimmed(t.url) : undefined;
    case "github":
      return t.org ? `${trimmed(option(t, "baseUrl") ?? GITHUB_API)}/orgs/${t.org.toLowerCase()}` : undefined;
    case "entra-apps": {
      const tenant = option(t, "tenantId");
      return tenant ? `${trimmed(option(t, "graphUrl") ?? GRAPH_API)} tenant ${tenant.toLowerCase()}` : undefined;
    }
    case "aws-iam": {
      const endpoint = option(t, "endpoint");
      return endpoint ? trimmed(endpoint) : undefined;
    }
    default:
      return undefined;
  }
}
