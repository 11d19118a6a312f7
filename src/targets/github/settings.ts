import type { TargetConfig } from "../../model/documents.js";
import type { ConnectorContext } from "../connector.js";
import { TargetError } from "../target-error.js";
import { UNREACHABLE_AFTER_MS } from "./errors.js";

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
  /** Per-request deadline in ms; wins over `options.timeoutMs`. */
  timeoutMs?: number;
  /** How long a host may not answer at all before it counts as unreachable (default 10 s). */
  unreachableAfterMs?: number;
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
  /**
   * Direct collaborators (members and outside collaborators) and repository invitations of which
   * repositories to read as `repo:<name>:<role>` entitlements: none (default), all, or a list.
   */
  repositories: "all" | "none" | string[];
  /** Read custom organization roles as `org-role:<name>` entitlements (options.orgRoles, default false). */
  orgRoles: boolean;
  /** Ask GitHub Enterprise Cloud which teams an identity provider owns (options.idpTeams, default false). */
  idpTeams: boolean;
  /** An Enterprise Managed Users org (options.enterpriseManagedUsers): no invitations; the IdP provisions. */
  enterpriseManagedUsers: boolean;
  /**
   * Read fine-grained PAT grants (default true). Only a GitHub App installation token can list
   * them; with another token the read says, as an info finding, that grants were not covered.
   */
  patGrants: boolean;
  /** The login scopesync runs as (targets.<name>.runAs): never removed or demoted. */
  runAs?: string;
  /** Per-request deadline (options.timeoutMs, default 10 s). */
  timeoutMs: number;
  /** How long the host may not answer at all before errors stop being retryable. */
  unreachableAfterMs: number;
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
  const repositories = opts.repositories ?? false;
  if (!(typeof repositories === "boolean" || (Array.isArray(repositories) && repositories.every((r) => typeof r === "string")))) {
    fail(name, "options.repositories must be true, false or a list of repository names", `set targets.${name}.options.repositories to e.g. [infra, website] (the repositories whose access the policy maps as repo:<name>:<role>)`);
  }
  const orgRoles = opts.orgRoles ?? false;
  if (typeof orgRoles !== "boolean") fail(name, "options.orgRoles must be true or false", `set targets.${name}.options.orgRoles: true to manage org-role:<name> entitlements`);
  const idpTeams = opts.idpTeams ?? false;
  if (typeof idpTeams !== "boolean") fail(name, "options.idpTeams must be true or false", `set targets.${name}.options.idpTeams: true on GitHub Enterprise Cloud with team synchronization or Enterprise Managed Users`);
  const enterpriseManagedUsers = opts.enterpriseManagedUsers ?? false;
  if (typeof enterpriseManagedUsers !== "boolean") fail(name, "options.enterpriseManagedUsers must be true or false", `set targets.${name}.options.enterpriseManagedUsers: true for an org of an Enterprise Managed Users enterprise`);
  const patGrants = opts.patGrants ?? true;
  if (typeof patGrants !== "boolean") fail(name, "options.patGrants must be true or false", `set targets.${name}.options.patGrants to true or false`);
  const timeoutMs = options.timeoutMs ?? opts.timeoutMs ?? 10_000;
  if (typeof timeoutMs !== "number" || !Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 600_000) fail(name, `options.timeoutMs must be a whole number of milliseconds from 1 to 600000, not ${JSON.stringify(timeoutMs)}`, `set targets.${name}.options.timeoutMs to e.g. 10000`);
  const baseUrl = options.baseUrl ?? opts.baseUrl ?? "https://api.github.com";
  if (typeof baseUrl !== "string" || !/^https?:\/\//.test(baseUrl)) fail(name, "options.baseUrl must be an http(s) URL", `set targets.${name}.options.baseUrl to e.g. https://github.example.com/api/v3`);

  return {
    name,
    org: config.org,
    token,
    baseUrl: baseUrl.replace(/\/+$/, ""),
    minAdmins,
    deployKeys: deployKeys === true ? "all" : deployKeys === false ? "none" : (deployKeys as string[]),
    repositories: repositories === true ? "all" : repositories === false ? "none" : (repositories as string[]),
    patGrants,
    orgRoles,
    idpTeams,
    enterpriseManagedUsers,
    ...(config.runAs ? { runAs: config.runAs } : {}),
    timeoutMs,
    unreachableAfterMs: options.unreachableAfterMs ?? UNREACHABLE_AFTER_MS,
    waitScale: options.waitScale ?? 1,
  };
}
