// The `entra-apps` target: Microsoft Entra application registrations and their credentials,
// through Microsoft Graph v1.0. See readme.md for what it reads, revokes and needs.
import type { TargetConfig } from "../../model/documents.js";
import { TARGET_CAPABILITIES } from "../../model/target-types.js";
import type { ConnectorContext, TargetConnector } from "../connector.js";
import { applyEntraChange } from "./apply.js";
import { graphClient } from "./graph.js";
import { readApplications } from "./read.js";
import { entraSettings } from "./settings.js";

export function createEntraAppsConnector(config: TargetConfig, ctx: ConnectorContext): TargetConnector {
  const { settings, clientSecret } = entraSettings(config, ctx);
  const graph = graphClient(settings, clientSecret);
  const clock = ctx.now ?? Date.now;
  return {
    type: "entra-apps",
    name: ctx.name,
    capabilities: TARGET_CAPABILITIES["entra-apps"],
    read: () => readApplications(graph, settings, new Date(clock()).toISOString()),
    apply: (change) => applyEntraChange(graph, settings, change),
  };
}
