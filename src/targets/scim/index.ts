// The `scim` target: SCIM 2.0 (RFC 7643/7644) Users and Groups. See readme.md for what it maps.
import type { TargetConfig } from "../../model/documents.js";
import { refineCapabilities, type TargetCapabilities } from "../../model/target-types.js";
import type { ConnectorContext, TargetConnector } from "../connector.js";
import { applyChange } from "./apply.js";
import { scimFetch } from "./http.js";
import { readState } from "./read.js";
import { createSession, type ScimFeatures } from "./session.js";
import { scimSettings } from "./settings.js";
import { rememberedGroups, type RememberedGroups } from "../renamed-groups.js";

export interface ScimConnector extends TargetConnector {
  /** Asks the app's ServiceProviderConfig (once) and returns the capabilities it implies. */
  discover(): Promise<TargetCapabilities>;
}

/**
 * Builds the connector from its scopesync.yaml entry (`url`, `token: ${env:NAME}`, `options:
 * { pageSize, timeoutMs, maxConcurrency }`). Throws a TargetError naming the setting to fix.
 */
export function createScimConnector(config: TargetConfig, ctx: ConnectorContext): ScimConnector {
  const { settings, token } = scimSettings(config, ctx);
  // The group ids the committed state file remembers, read once and only where a policy maps groups
  // (an import has none): a group renamed in the app is followed by its id (targets/renamed-groups.ts).
  let remembered: { value: RememberedGroups | undefined } | undefined;
  const recall = ctx.entitlements?.length ? () => (remembered ??= { value: rememberedGroups(ctx.repoDir, ctx.name, config) }).value : undefined;
  const session = createSession(ctx.name, scimFetch(ctx.name, settings.baseUrl, token, settings.timeoutMs), settings, ctx.entitlements, recall);
  if (ctx.linksByLogin) session.linksByLogin = true;
  // Bulk is unknown until the app was asked: until then the declaration (no bulk endpoint) holds.
  const capabilities = (known: ScimFeatures | undefined): TargetCapabilities =>
    refineCapabilities("scim", { maxConcurrency: settings.maxConcurrency, ...(known ? { supportsBulk: known.bulk } : {}) });
  return {
    type: "scim",
    name: ctx.name,
    get capabilities() {
      return capabilities(session.known);
    },
    async discover() {
      return capabilities(await session.features());
    },
    read: (options) => readState(session, options?.resume === true),
    apply: (change) => applyChange(session, change),
    async close() {
      session.users.clear();
      session.groups.clear();
      session.created.clear();
      delete session.anchors;
    },
  };
}
