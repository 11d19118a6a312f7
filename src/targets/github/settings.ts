// The github target's settings from scopesync.yaml. The shape of the entry (org and token present,
// option types) is checked by schema.ts when scopesync.yaml loads; what is left here is resolving
// the token from the environment and applying the defaults.
import type { TargetConfig } from "../../model/documents.js";
import type { ConnectorContext } from "../connector.js";
import { TargetError } from "../target-error.js";
import { GITHUB_API, type GithubOptions } from "./schema.js";

const ENV_REF = /^\$\{env:([A-Z_][A-Z0-9_]*)\}$/;

/** Options a test (or an embedding) passes in code, never through scopesync.yaml. */
export interface GithubConnectorOptions {
  /** API root; wins over `options.baseUrl` in scopesync.yaml. */
  baseUrl?: string;
  /**
   * Scales every wait the throttling and retry plugins make (1 = GitHub's real seconds, and one
   * second between writes, as GitHub asks). Tests use a small value so a Retry-After of 1 s costs
   * milliseconds.
   */
  waitScale?: number;
}

/** A github target's settings, made once when the connector is built. */
export interface GithubSettings {
  name: string;
  org: string;
  token: string;
  baseUrl: string;
  /** Fewest active org owners a change may leave (options.minAdmins, default 1). */
  minAdmins: number;
  /** Deploy keys of which repositories to read: all the org's (default), a list, or none. */
  deployKeys: "all" | "none" | string[];
  /** Read fine-grained PAT grants (default true; the endpoint needs a GitHub App token). */
  patGrants: boolean;
  waitScale: number;
}

function fail(name: string, message: string, hint: string): never {
  throw new TargetError(name, message, { retryable: false, hint });
}

function resolveToken(name: string, config: TargetConfig, env: ConnectorContext["env"]): string {
  const ref = config.token === undefined ? undefined : ENV_REF.exec(config.token);
  if (!ref) {
    fail(name, config.token === undefined ? "has no token" : "token must be a reference like ${env:NAME}", `set targets.${name}.token to "\${env:GITHUB_TOKEN}" and export the token in that variable`);
  }
  const variable = ref[1]!;
  const token = env[variable];
  if (!token) fail(name, `token variable ${variable} is not set`, `export ${variable} with a token (or GitHub App installation token) that is an owner of ${config.org}`);
  return token;
}

export function githubSettings(config: TargetConfig, ctx: ConnectorContext, options: GithubConnectorOptions = {}): GithubSettings {
  const name = ctx.name;
  const opts = (config.options ?? {}) as GithubOptions;
  const deployKeys = opts.deployKeys ?? true;
  return {
    name,
    org: config.org!,
    token: resolveToken(name, config, ctx.env),
    baseUrl: (options.baseUrl ?? opts.baseUrl ?? GITHUB_API).replace(/\/+$/, ""),
    minAdmins: opts.minAdmins ?? 1,
    deployKeys: deployKeys === true ? "all" : deployKeys === false ? "none" : deployKeys,
    patGrants: opts.patGrants ?? true,
    waitScale: options.waitScale ?? 1,
  };
}
