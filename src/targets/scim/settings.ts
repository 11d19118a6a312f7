// The scim target's settings from scopesync.yaml, with its bearer token resolved from the
// environment. The shape of the entry (url and token present, option types and ranges) is checked
// by schema.ts when scopesync.yaml loads; what is left here is resolving it. The token is returned
// to the caller only; it never enters a message.
import type { TargetConfig } from "../../model/documents.js";
import { envReferenceName } from "../../model/env-ref.js";
import { isPlaintextHttp } from "../../model/loopback-url.js";
import type { ConnectorContext } from "../connector.js";
import { TargetError } from "../target-error.js";
import { SCIM_DEFAULTS, type DeleteMode, type GroupMembersMode, type PagingMode, type ScimOptions } from "./schema.js";

export interface ScimSettings {
  /** Base URL of the SCIM API, without a trailing slash (".../scim/v2"). */
  baseUrl: string;
  /** Page size asked for when listing; the server may give fewer (we page on totalResults). */
  pageSize: number;
  /** Per-request timeout. */
  timeoutMs: number;
  /** Changes sent at once, and membership questions asked at once with `groupMembers: filter`. */
  maxConcurrency: number;
  /** Where memberships are read from (schema.ts, GroupMembersMode). */
  groupMembers: GroupMembersMode;
  /** How lists are paged (schema.ts, PagingMode). */
  paging: PagingMode;
  /** What the app's DELETE does (schema.ts, DeleteMode). */
  deletes: DeleteMode;
}

function baseUrl(target: string, written: string | undefined): string {
  let url: URL;
  try {
    url = new URL(written ?? "");
  } catch {
    throw new TargetError(target, `url ${JSON.stringify(written ?? "")} is not a valid URL`, { hint: `set targets.${target}.url to the SCIM base URL (for example https://app.example.com/scim/v2)` });
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new TargetError(target, `url must be http(s), not ${url.protocol}`, { hint: `set targets.${target}.url to the SCIM base URL` });
  }
  // Also refused when scopesync.yaml loads (src/config/config-urls.ts); here for every other way a URL arrives.
  if (isPlaintextHttp(url.toString())) {
    throw new TargetError(target, `url ${url.origin} would send the bearer token unencrypted`, { hint: `set targets.${target}.url to the app's https:// URL; for an app that speaks no TLS, put a TLS proxy or tunnel in front of it (http://localhost is allowed)` });
  }
  return url.toString().replace(/\/+$/, "");
}

function bearerToken(target: string, written: string | undefined, env: ConnectorContext["env"]): string {
  const variable = envReferenceName(written);
  if (variable === undefined) {
    throw new TargetError(target, written === undefined ? "has no token" : "token must be a reference like ${env:NAME}", {
      hint: `set targets.${target}.token to "\${env:NAME}" and export the bearer token in NAME`,
    });
  }
  const token = env[variable];
  if (!token) {
    throw new TargetError(target, `environment variable ${variable} (the SCIM bearer token) is not set`, {
      hint: `export ${variable} with the app's SCIM token (in CI: a repository secret mapped to ${variable})`,
    });
  }
  return token;
}

/** Resolves url, token and options; throws a TargetError that says which setting to fix. */
export function scimSettings(config: TargetConfig, ctx: ConnectorContext): { settings: ScimSettings; token: string } {
  const options = (config.options ?? {}) as ScimOptions;
  return {
    token: bearerToken(ctx.name, config.token, ctx.env),
    settings: { baseUrl: baseUrl(ctx.name, config.url), ...SCIM_DEFAULTS, ...options },
  };
}
