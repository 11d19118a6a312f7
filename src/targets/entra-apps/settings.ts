// The entra-apps target's settings from scopesync.yaml: shape checked by schema.ts at load; here
// the client secret is resolved (and registered with the redactor) and the defaults applied.
import type { TargetConfig } from "../../model/documents.js";
import type { ConnectorContext } from "../connector.js";
import { envSecret } from "../env-secret.js";
import { TargetError } from "../target-error.js";
import { ENTRA_DEFAULTS, type EntraAppsOptions } from "./schema.js";

export interface EntraSettings {
  name: string;
  tenantId: string;
  clientId: string;
  /** Graph v1.0 root without a trailing slash. */
  graphUrl: string;
  /** The token endpoint of the tenant. */
  tokenUrl: string;
  /** `https://graph.microsoft.com/.default` for the Graph host in use. */
  scope: string;
  pageSize: number;
  timeoutMs: number;
  revoke: "api" | "manual";
}

export function entraSettings(config: TargetConfig, ctx: ConnectorContext): { settings: EntraSettings; clientSecret: string } {
  const name = ctx.name;
  const opts = (config.options ?? {}) as EntraAppsOptions;
  if (!opts.tenantId || !opts.clientId) {
    throw new TargetError(name, "needs options.tenantId and options.clientId", { hint: `set targets.${name}.options.tenantId and clientId to the directory id and the application (client) id scopesync signs in as` });
  }
  const clientSecret = envSecret(name, "token", config.token, ctx.env, "the client secret of the application scopesync signs in as");
  const graphUrl = (opts.graphUrl ?? ENTRA_DEFAULTS.graphUrl).replace(/\/+$/, "");
  const loginUrl = (opts.loginUrl ?? ENTRA_DEFAULTS.loginUrl).replace(/\/+$/, "");
  return {
    clientSecret,
    settings: {
      name,
      tenantId: opts.tenantId,
      clientId: opts.clientId,
      graphUrl,
      tokenUrl: `${loginUrl}/${encodeURIComponent(opts.tenantId)}/oauth2/v2.0/token`,
      scope: `${new URL(graphUrl).origin}/.default`,
      pageSize: opts.pageSize ?? ENTRA_DEFAULTS.pageSize,
      timeoutMs: opts.timeoutMs ?? ENTRA_DEFAULTS.timeoutMs,
      revoke: opts.revoke ?? ENTRA_DEFAULTS.revoke,
    },
  };
}
