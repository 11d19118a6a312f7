// The aws-iam target's settings from scopesync.yaml: shape checked by schema.ts at load; here the
// access key is resolved (its secret registered with the redactor) and the defaults applied.
import type { TargetConfig } from "../../model/documents.js";
import type { ConnectorContext } from "../connector.js";
import { envSecret } from "../env-secret.js";
import { TargetError } from "../target-error.js";
import { AWS_IAM_DEFAULTS, type AwsIamOptions } from "./schema.js";

export interface AwsIamSettings {
  name: string;
  region: string;
  endpoint?: string;
  pathPrefix: string;
  revoke: "deactivate" | "delete" | "manual";
  maxAttempts: number;
}

export interface AwsCredentials { accessKeyId: string; secretAccessKey: string; sessionToken?: string }

export function awsIamSettings(config: TargetConfig, ctx: ConnectorContext): { settings: AwsIamSettings; credentials?: AwsCredentials } {
  const name = ctx.name;
  const opts = (config.options ?? {}) as AwsIamOptions;
  if ((opts.accessKeyId === undefined) !== (opts.secretAccessKey === undefined)) {
    throw new TargetError(name, "options.accessKeyId and options.secretAccessKey go together", { hint: `set both (as \${env:NAME} references), or neither to use the SDK's default credential chain` });
  }
  const what = "the IAM credentials scopesync signs with";
  const credentials = opts.accessKeyId === undefined ? undefined : {
    accessKeyId: envSecret(name, "options.accessKeyId", opts.accessKeyId, ctx.env, what, false),
    secretAccessKey: envSecret(name, "options.secretAccessKey", opts.secretAccessKey, ctx.env, what),
    ...(opts.sessionToken === undefined ? {} : { sessionToken: envSecret(name, "options.sessionToken", opts.sessionToken, ctx.env, what) }),
  };
  return {
    ...(credentials ? { credentials } : {}),
    settings: {
      name,
      region: opts.region ?? AWS_IAM_DEFAULTS.region,
      ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
      pathPrefix: opts.pathPrefix ?? AWS_IAM_DEFAULTS.pathPrefix,
      revoke: opts.revoke ?? AWS_IAM_DEFAULTS.revoke,
      maxAttempts: opts.maxAttempts ?? AWS_IAM_DEFAULTS.maxAttempts,
    },
  };
}
