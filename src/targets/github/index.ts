// The `github` target: org membership, the owner role, team memberships, deploy keys and
// fine-grained token grants, through @octokit/rest with the throttling and retry plugins.
// See readme.md for how GitHub's model maps onto scopesync's.
import type { TargetConfig } from "../../model/documents.js";
import { TARGET_CAPABILITIES } from "../../model/target-types.js";
import type { ConnectorContext, TargetConnector } from "../connector.js";
import { GithubApi } from "./api.js";
import { GithubApplier } from "./apply.js";
import { readOrg } from "./read.js";
import { githubSettings, type GithubConnectorOptions } from "./settings.js";

export type { GithubConnectorOptions } from "./settings.js";

export function createGithubConnector(config: TargetConfig, ctx: ConnectorContext, options: GithubConnectorOptions = {}): TargetConnector {
  const settings = githubSettings(config, ctx, options);
  const api = new GithubApi(settings);
  const applier = new GithubApplier(api);
  return {
    type: "github",
    name: settings.name,
    capabilities: TARGET_CAPABILITIES.github,
    read: () => readOrg(api, new Date().toISOString()),
    apply: (change) => applier.apply(change),
    close: async () => {},
  };
}
