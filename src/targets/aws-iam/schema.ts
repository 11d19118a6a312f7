// What an `aws-iam` target accepts in scopesync.yaml. New options go here: validate, editors and
// docs/formats.md read it; settings.ts resolves what a schema cannot (the access key's secret).
import type { AdapterSchema } from "../../model/adapter-schema.js";

/** `options` of an aws-iam target as the schema below admits them. */
export interface AwsIamOptions {
  region?: string;
  endpoint?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  pathPrefix?: string;
  revoke?: "deactivate" | "delete" | "manual";
  maxAttempts?: number;
}

export const AWS_IAM_DEFAULTS = { region: "us-east-1", pathPrefix: "/", revoke: "deactivate", maxAttempts: 1 } as const;

const ENV_REF = { type: "string", pattern: "^\\$\\{env:[A-Z_][A-Z0-9_]*\\}$", title: "`${env:NAME}`" };

export const awsIamSchema: AdapterSchema = {
  options: {
    type: "object",
    additionalProperties: false,
    properties: {
      region: { type: "string", default: AWS_IAM_DEFAULTS.region, description: "Region the IAM client signs for (IAM is global; `us-east-1` in the aws partition)." },
      endpoint: { type: "string", pattern: "^https?://", title: "http(s) URL", description: "IAM endpoint (a partition's, a VPC endpoint's, or a test server's); the SDK's own when absent." },
      accessKeyId: { ...ENV_REF, description: "Access key id scopesync signs with; with `secretAccessKey`. Absent: the SDK's default credential chain (environment, web identity, instance role)." },
      secretAccessKey: { ...ENV_REF, description: "The secret of `accessKeyId`; never the value itself." },
      sessionToken: { ...ENV_REF, description: "Session token of temporary credentials, if any." },
      pathPrefix: { type: "string", pattern: "^/", default: AWS_IAM_DEFAULTS.pathPrefix, description: "Only users under this IAM path are read (ListUsers `PathPrefix`)." },
      revoke: {
        type: "string", enum: ["deactivate", "delete", "manual"], default: AWS_IAM_DEFAULTS.revoke,
        description: "`deactivate`: UpdateAccessKey / UpdateSigningCertificate / UpdateServiceSpecificCredential / UpdateSSHPublicKey Status=Inactive (reversible); `delete`: DeleteAccessKey / DeleteSigningCertificate / DeleteServiceSpecificCredential / DeleteSSHPublicKey; either deletes an offboarded identity's console password (DeleteLoginProfile: IAM cannot switch one off); `manual`: every revocation is a finding with the `aws iam` command.",
      },
      maxAttempts: { type: "integer", minimum: 1, maximum: 10, default: AWS_IAM_DEFAULTS.maxAttempts, description: "Attempts per request inside the SDK (its standard retry strategy: Throttling, 5xx). Default 1: scopesync already retries a failed read or change as a whole with backoff, and the two would multiply." },
    },
  },
};
