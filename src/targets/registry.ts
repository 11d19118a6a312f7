import type { TargetConfig } from "../model/documents.js";
import { ScopesyncError } from "../model/errors.js";
import type { ConnectorContext, TargetConnector } from "./connector.js";
import { createFileConnector } from "./file/index.js";
import { createGithubConnector } from "./github/index.js";
import { createScimConnector } from "./scim/index.js";
import { TARGET_TYPES, type TargetType } from "../model/target-types.js";

// The hand-written list of target connectors; a test checks it against the folders and TARGET_TYPES.
const FACTORIES: Record<TargetType, (config: TargetConfig, ctx: ConnectorContext) => TargetConnector> = {
  file: createFileConnector,
  github: (config, ctx) => createGithubConnector(config, ctx),
  scim: createScimConnector,
};

export function targetTypes(): string[] {
  return Object.keys(FACTORIES).sort();
}

export function createConnector(config: TargetConfig, ctx: ConnectorContext): TargetConnector {
  const factory = (FACTORIES as Record<string, (typeof FACTORIES)[TargetType]>)[config.type];
  if (!factory) throw new ScopesyncError(`Unknown target type "${config.type}" for target "${ctx.name}". Valid types: ${TARGET_TYPES.join(", ")}`, "fix the target's type in scopesync.yaml");
  return factory(config, ctx);
}
