// The github target's settings from scopesync.yaml. The shape of the entry (org and token present,
// option types) is checked by schema.ts when scopesync.yaml loads; what is left here is resolving
// the token from the environment and applying the defaults.
import type { TargetConfig } from "../../model/documents.js";
import { envReferenceName } from "../../model/env-ref.js";
import { DEFAULT_MIN_ADMINS } from "../../model/github-owners.js";
import type { ConnectorContext } from "../connector.js";
import { TargetError } from "../target-error.js";
import { UNREACHABLE_AFTER_MS } from "./errors.js";
import { GITHUB_API, type GithubOptions } from "./schema.js";

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
  /** The wall clock that GitHub's rate-limit reset (x-ratelimit-reset, epoch seconds) is read against; default Date.now. */
  clock?: () => number;
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
  /**
   * Direct collaborators (members and outside collaborators) and repository invitations of which
   * repositories to read as `repo:<name>:<role>` entitlements: none (default), all, or a list.
   */
  repositories: "all" | "none" | string[];
  /** Read custom organization roles as `org-role:<name>` entitlements (options.orgRoles, default false). */
  orgRoles: boolean;
  /** Ask GitHub Enterprise Cloud which teams an identity provider owns (options.idpTeams, default true: an org without team sync answers none). */
  idpTeams: boolean;
  /** An Enterprise Managed Users org (options.enterpriseManagedUsers): no invitations; the IdP provisions. */
  enterpriseManagedUsers: boolean;
  /** Read the org's SAML identities: accounts carry attributes.samlNameId (options.saml). */
  saml: boolean;
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
  /** See GithubConnectorOptions.clock. */
  clock?: () => number;
  waitScale: number;
}

function fail(name: string, message: string, hint: string): never {
  throw new TargetError(name, message, { retryable: false, hint });
}

function resolveToken(name: string, config: TargetConfig, env: ConnectorContext["env"]): string {
  const variable = envReferenceName(config.token);
  if (variable === undefined) {
    fail(name, config.token === undefined ? "has no token" : "token must be a reference like ${env:NAME}", `set targets.${name}.token to "\${env:GITHUB_TOKEN}" and export the token in that variable`);
  }
  const token = env[variable];
  if (!token) fail(name, `token variable ${variable} is not set`, `export ${variable} with a token (or GitHub App installation token) that is an owner of ${config.org}`);
  return token;
}

export function githubSettings(config: TargetConfig, ctx: ConnectorContext, options: GithubConnectorOptions = {}): GithubSettings {
  const name = ctx.name;
  const opts = (config.options ?? {}) as GithubOptions;
  const deployKeys = opts.deployKeys ?? true;
  const repositories = opts.repositories ?? false;
  return {
    name,
    org: config.org!,
    token: resolveToken(name, config, ctx.env),
    baseUrl: (options.baseUrl ?? opts.baseUrl ?? GITHUB_API).replace(/\/+$/, ""),
    minAdmins: opts.minAdmins ?? DEFAULT_MIN_ADMINS,
    deployKeys: deployKeys === true ? "all" : deployKeys === false ? "none" : deployKeys,
    repositories: repositories === true ? "all" : repositories === false ? "none" : repositories,
    patGrants: opts.patGrants ?? true,
    orgRoles: opts.orgRoles ?? false,
    idpTeams: opts.idpTeams ?? true,
    enterpriseManagedUsers: opts.enterpriseManagedUsers ?? false,
    saml: opts.saml ?? false,
    ...(config.runAs ? { runAs: config.runAs } : {}),
    timeoutMs: options.timeoutMs ?? opts.timeoutMs ?? 10_000,
    unreachableAfterMs: options.unreachableAfterMs ?? UNREACHABLE_AFTER_MS,
    ...(options.clock ? { clock: options.clock } : {}),
    waitScale: options.waitScale ?? 1,
  };
}
