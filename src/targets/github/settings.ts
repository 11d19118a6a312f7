import type { TargetConfig } from "../../model/documents.js";
import type { ConnectorContext } from "../connector.js";
import { TargetError } from "../target-error.js";

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

/** A github target's settings, checked once when the connector is built. */
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

export function githubSettings(config: TargetConfig, ctx: ConnectorContext, options: GithubConnectorOptions = {}): GithubSettings {
  const name = ctx.name;
  const opts = config.options ?? {};
  if (!config.org) fail(name, "has no org", `set targets.${name}.org to the GitHub organisation's login`);
  const ref = config.token === undefined ? undefined : ENV_REF.exec(config.token);
  if (!ref) {
    fail(name, config.token === undefined ? "has no token" : "token must be a reference like ${env:NAME}", `set targets.${name}.token to "\${env:GITHUB_TOKEN}" and export the token in that variable`);
  }
  const variable = ref[1]!;
  const token = ctx.env[variable];
  if (!token) fail(name, `token variable ${variable} is not set`, `export ${variable} with a token (or GitHub App installation token) that is an owner of ${config.org}`);

  const minAdmins = opts.minAdmins ?? 1;
  if (typeof minAdmins !== "number" || !Number.isInteger(minAdmins) || minAdmins < 0) fail(name, `options.minAdmins must be a whole number ≥ 0, not ${JSON.stringify(minAdmins)}`, `set targets.${name}.options.minAdmins to e.g. 2`);
  const deployKeys = opts.deployKeys ?? true;
  if (!(typeof deployKeys === "boolean" || (Array.isArray(deployKeys) && deployKeys.every((r) => typeof r === "string")))) {
    fail(name, "options.deployKeys must be true, false or a list of repository names", `set targets.${name}.options.deployKeys to e.g. [infra, terraform]`);
  }
  const patGrants = opts.patGrants ?? true;
  if (typeof patGrants !== "boolean") fail(name, "options.patGrants must be true or false", `set targets.${name}.options.patGrants: false when the token is not a GitHub App's`);
  const baseUrl = options.baseUrl ?? opts.baseUrl ?? "https://api.github.com";
  if (typeof baseUrl !== "string" || !/^https?:\/\//.test(baseUrl)) fail(name, "options.baseUrl must be an http(s) URL", `set targets.${name}.options.baseUrl to e.g. https://github.example.com/api/v3`);

  return {
    name,
    org: config.org,
    token,
    baseUrl: baseUrl.replace(/\/+$/, ""),
    minAdmins,
    deployKeys: deployKeys === true ? "all" : deployKeys === false ? "none" : (deployKeys as string[]),
    patGrants,
    waitScale: options.waitScale ?? 1,
  };
}
