// Before a SCIM app is imported: does it answer filters? scopesync's apply finds accounts and
// groups by `filter=externalId eq "…"` / `userName eq "…"`, so an app without filter support can be
// read but never safely managed; importing it would adopt accounts that apply cannot find again.
import { DEFAULT_RETRY, withRetry, type Timing } from "../apply/retry.js";
import type { TargetConfig } from "../model/documents.js";
import { scimFetch } from "../targets/scim/http.js";
import { scimSettings } from "../targets/scim/settings.js";
import { TargetError } from "../targets/target-error.js";

/** `timing`: the question is retried as reads are (a 429, a 5xx, a dropped connection). */
export async function requireScimFilters(name: string, config: TargetConfig, env: Record<string, string | undefined>, timing: Timing): Promise<void> {
  const { settings, token } = scimSettings(config, { name, repoDir: ".", env });
  const http = scimFetch(name, settings.baseUrl, token, settings.timeoutMs);
  let body: unknown;
  try {
    ({ body } = (await withRetry(() => http("GET", "/ServiceProviderConfig"), DEFAULT_RETRY, timing)).value);
  } catch (error) {
    // No ServiceProviderConfig (404): the app does not say; the read and apply find out.
    if (error instanceof TargetError && error.details.status === 404) return;
    throw error;
  }
  const filter = (body as { filter?: { supported?: unknown } } | undefined)?.filter;
  if (filter?.supported !== true) {
    throw new TargetError(name, "the SCIM app does not support filters (ServiceProviderConfig filter.supported is not true); scopesync finds accounts by filter, so it cannot manage this app", { hint: "enable filtering in the app (RFC 7644 section 3.4.2.2), or ask its vendor; nothing was written" });
  }
}
