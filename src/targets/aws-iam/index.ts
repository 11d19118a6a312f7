// The `aws-iam` target: IAM users' access keys, through the official @aws-sdk/client-iam against
// a configurable endpoint. See readme.md for what it reads, revokes and needs.
import type { TargetConfig } from "../../model/documents.js";
import { TARGET_CAPABILITIES } from "../../model/target-types.js";
import type { ConnectorContext, TargetConnector } from "../connector.js";
import { applyIamChange } from "./apply.js";
import { iamClient } from "./client.js";
import { readIam } from "./read.js";
import { awsIamSettings } from "./settings.js";

export function createAwsIamConnector(config: TargetConfig, ctx: ConnectorContext): TargetConnector {
  const { settings, credentials } = awsIamSettings(config, ctx);
  const client = iamClient(settings, credentials);
  const clock = ctx.now ?? Date.now;
  return {
    type: "aws-iam",
    name: ctx.name,
    capabilities: TARGET_CAPABILITIES["aws-iam"],
    read: () => readIam(client, settings, new Date(clock()).toISOString()),
    apply: (change) => applyIamChange(client, settings, change),
    async close() {
      client.destroy();
    },
  };
}
