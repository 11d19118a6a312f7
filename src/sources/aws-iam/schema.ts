// Options of an `aws-iam` source. New options go here: validate, editors and docs/formats.md read it.
import type { AdapterSchema } from "../../model/adapter-schema.js";
import { exportFileOption, undeclaredOption } from "../common/discovery/options.js";
import { exportOptions, nonEmptyString } from "../common/schema.js";

export const awsIamSchema: AdapterSchema = {
  requiredKeys: ["path"],
  options: exportOptions({
    roles: exportFileOption("`aws iam list-roles --output json` (a file or a directory of pages, each `{ \"Roles\": [...] }`): roles become NHIs without long-lived keys; a role trusting GitHub's OIDC issuer shows that the account offers short-lived federation (`nhi-long-lived-key`)."),
    ownerTag: { ...nonEmptyString, description: "Role tag whose value names the owner (an e-mail or login). Default: `owner`." },
    undeclared: undeclaredOption,
  }),
};
