// The scim target's settings from scopesync.yaml, with its bearer token resolved from the
// environment. The token is returned to the caller only; it never enters a message.
import type { TargetConfig } from "../../model/documents.js";
import type { ConnectorContext } from "../connector.js";
import { TargetError } from "../target-error.js";

export interface ScimSettings {
  /** Base URL of the SCIM API, without a trailing slash (".../scim/v2"). */
  baseUrl: string;
  /** Page size asked for when listing; the server may give fewer (we page on totalResults). */
  pageSize: number;
  /** Per-request timeout. */
  timeoutMs: number;
  maxConcurrency: number;
}

const ENV_REF = /^\$\{env:([A-Z_][A-Z0-9_]*)\}$/;

function positiveInt(target: string, options: Record<string, unknown>, key: string, fallback: number, max: number): number {
  const value = options[key];
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > max) {
    throw new TargetError(target, `options.${key} must be a whole number from 1 to ${max}`, { hint: `fix targets.${target}.options.${key} in scopesync.yaml` });
  }
  return value;
}

/** Reads url, token and options; throws a TargetError that says which setting to fix. */
export function scimSettings(config: TargetConfig, ctx: ConnectorContext): { settings: ScimSettings; token: string } {
  const target = ctx.name;
  if (!config.url) {
    throw new TargetError(target, "has no url", { hint: `set targets.${target}.url to the SCIM base URL (for example https://app.example.com/scim/v2)` });
  }
  let url: URL;
  try {
    url = new URL(config.url);
  } catch {
    throw new TargetError(target, `url "${config.url}" is not a valid URL`, { hint: `set targets.${target}.url to the SCIM base URL` });
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new TargetError(target, `url must be http(s), not ${url.protocol}`, { hint: `set targets.${target}.url to the SCIM base URL` });
  }
  const ref = config.token === undefined ? undefined : ENV_REF.exec(config.token);
  if (!ref) {
    throw new TargetError(target, config.token === undefined ? "has no token" : "token must be a reference like ${env:NAME}", {
      hint: `set targets.${target}.token to "\${env:NAME}" and export the bearer token in NAME`,
    });
  }
  const variable = ref[1]!;
  const token = ctx.env[variable];
  if (!token) {
    throw new TargetError(target, `environment variable ${variable} (the SCIM bearer token) is not set`, {
      hint: `export ${variable} with the app's SCIM token (in CI: a repository secret mapped to ${variable})`,
    });
  }
  const options = config.options ?? {};
  return {
    token,
    settings: {
      baseUrl: url.toString().replace(/\/+$/, ""),
      pageSize: positiveInt(target, options, "pageSize", 100, 1000),
      timeoutMs: positiveInt(target, options, "timeoutMs", 30_000, 600_000),
      maxConcurrency: positiveInt(target, options, "maxConcurrency", 8, 64),
    },
  };
}
