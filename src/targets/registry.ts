import type { AdapterSchema } from "../model/adapter-schema.js";
import type { TargetConfig } from "../model/documents.js";
import { ScopesyncError } from "../model/errors.js";
import { TARGET_TYPES, type TargetType } from "../model/target-types.js";
import type { ConnectorContext, TargetConnector } from "./connector.js";
import { createAwsIamConnector } from "./aws-iam/index.js";
import { awsIamSchema } from "./aws-iam/schema.js";
import { createEntraAppsConnector } from "./entra-apps/index.js";
import { entraAppsSchema } from "./entra-apps/schema.js";
import { createFileConnector } from "./file/index.js";
import { fileSchema } from "./file/schema.js";
import { createGithubConnector } from "./github/index.js";
import { githubSchema } from "./github/schema.js";
import { createScimConnector } from "./scim/index.js";
import { scimSchema } from "./scim/schema.js";

/** One target type: how its connector is built and what its scopesync.yaml entry accepts. */
export interface TargetAdapter {
  readonly create: (config: TargetConfig, ctx: ConnectorContext) => TargetConnector;
  readonly schema: AdapterSchema;
}

// The hand-written list of target connectors, one per folder of src/targets/; a test checks it
// against the folders and TARGET_TYPES. Capabilities are declared in TARGET_CAPABILITIES.
const ADAPTERS: Record<TargetType, TargetAdapter> = {
  "aws-iam": { create: createAwsIamConnector, schema: awsIamSchema },
  "entra-apps": { create: createEntraAppsConnector, schema: entraAppsSchema },
  file: { create: createFileConnector, schema: fileSchema },
  github: { create: (config, ctx) => createGithubConnector(config, ctx), schema: githubSchema },
  scim: { create: createScimConnector, schema: scimSchema },
};

/** Every registered target type, sorted. */
export function targetTypes(): string[] {
  return Object.keys(ADAPTERS).sort();
}

/** The adapter of a type; an unknown type is an error naming the valid ones (and the target, if given). */
export function getTargetAdapter(type: string, target?: string): TargetAdapter {
  const adapter = (ADAPTERS as Record<string, TargetAdapter>)[type];
  if (!adapter) {
    const which = target === undefined ? "" : ` for target ${JSON.stringify(target)}`;
    throw new ScopesyncError(`Unknown target type ${JSON.stringify(type)}${which}. Valid types: ${TARGET_TYPES.join(", ")}`, "Fix the target's type in scopesync.yaml.");
  }
  return adapter;
}

export function createConnector(config: TargetConfig, ctx: ConnectorContext): TargetConnector {
  return getTargetAdapter(config.type, ctx.name).create(config, ctx);
}
