// The `github` target: org membership, the owner role, team memberships, deploy keys and
// fine-grained token grants, through @octokit/rest. See readme.md for how GitHub's model maps
// onto scopesync's, and which tokens it takes.
import type { TargetConfig } from "../../model/documents.js";
import { TARGET_CAPABILITIES } from "../../model/target-types.js";
import type { ConnectorContext, TargetConnector } from "../connector.js";
import { GithubApi } from "./api.js";
import { GithubApplier } from "./apply.js";
import { preflight } from "./preflight.js";
import { readOrg } from "./read.js";
import { RenamedTeams } from "./renamed-teams.js";
import { githubSettings, type GithubConnectorOptions } from "./settings.js";

export type { GithubConnectorOptions } from "./settings.js";

export function createGithubConnector(config: TargetConfig, ctx: ConnectorContext, options: GithubConnectorOptions = {}): TargetConnector {
  const settings = githubSettings(config, ctx, options);
  const api = new GithubApi(settings);
  // Teams renamed in the org are followed by the ids the committed state file remembers.
  const renamed = new RenamedTeams(api, config, ctx);
  const applier = new GithubApplier(api, renamed);
  return {
    type: "github",
    name: settings.name,
    capabilities: TARGET_CAPABILITIES.github,
    read: async (opts) => {
      const state = await api.reading(opts?.resume === true, () => readOrg(api, new Date(ctx.now?.() ?? Date.now()).toISOString(), renamed));
      // Apply reads just before it applies: a leaver's removal starts from what this read found.
      applier.read(state);
      return state;
    },
    preflight: (changes) => preflight(api, changes),
    apply: (change) => applier.apply(change),
    loginOwners: async (logins) => {
      const out = new Map<string, string | undefined>();
      // One GET /users/{username} each: joiners are few, and login-owners.ts caps how many.
      for (const login of logins) out.set(login, (await api.userByLogin(login))?.id.toString());
      return out;
    },
    close: async () => {},
  };
}
