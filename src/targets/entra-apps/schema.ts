// What an `entra-apps` target accepts in scopesync.yaml. New options go here: validate, editors
// and docs/formats.md read it; settings.ts resolves what a schema cannot (the client secret).
import type { AdapterSchema } from "../../model/adapter-schema.js";

/** `options` of an entra-apps target as the schema below admits them. */
export interface EntraAppsOptions {
  tenantId?: string;
  clientId?: string;
  graphUrl?: string;
  loginUrl?: string;
  pageSize?: number;
  timeoutMs?: number;
  revoke?: "api" | "manual";
}

export const ENTRA_DEFAULTS = {
  graphUrl: "https://graph.microsoft.com/v1.0",
  loginUrl: "https://login.microsoftonline.com",
  pageSize: 100,
  timeoutMs: 30_000,
  revoke: "api",
} as const;

const GUID = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

export const entraAppsSchema: AdapterSchema = {
  // token: the client secret of the app registration scopesync signs in as, `${env:NAME}`.
  requiredKeys: ["token"],
  options: {
    type: "object",
    additionalProperties: false,
    required: ["tenantId", "clientId"],
    properties: {
      tenantId: { type: "string", pattern: GUID, title: "GUID", description: "Directory (tenant) id the applications live in, a GUID (the Overview page of Microsoft Entra ID shows it)." },
      clientId: { type: "string", pattern: GUID, title: "GUID", description: "Application (client) id scopesync signs in as; `token:` is its client secret (`${env:NAME}`)." },
      graphUrl: { type: "string", pattern: "^https?://", default: ENTRA_DEFAULTS.graphUrl, title: "http(s) URL", description: "Microsoft Graph v1.0 root (a national cloud's, or a test server's)." },
      loginUrl: { type: "string", pattern: "^https?://", default: ENTRA_DEFAULTS.loginUrl, title: "http(s) URL", description: "Microsoft identity platform authority host the client-credentials token comes from." },
      pageSize: { type: "integer", minimum: 1, maximum: 999, default: ENTRA_DEFAULTS.pageSize, description: "`$top` when listing applications; pages follow `@odata.nextLink`." },
      timeoutMs: { type: "integer", minimum: 1, maximum: 600_000, default: ENTRA_DEFAULTS.timeoutMs, description: "Per-request timeout." },
      revoke: {
        type: "string", enum: ["api", "manual"], default: ENTRA_DEFAULTS.revoke,
        description: "`api`: client secrets are removed through Graph (`removePassword`) and federated identity credentials deleted (`DELETE …/federatedIdentityCredentials/{id}`); `manual`: every revocation is a finding with the `az ad app credential delete` (or `az ad app federated-credential delete`) command. Certificates are always manual (Graph's `removeKey` needs proof of possession of the app's own key).",
      },
    },
  },
};
