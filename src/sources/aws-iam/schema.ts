// Options of an `aws-iam` source. New options go here: validate, editors and docs/formats.md read it.
import type { AdapterSchema } from "../../model/adapter-schema.js";
import { exportFileOption, undeclaredOption } from "../common/discovery/options.js";
import { exportOptions, nonEmptyString } from "../common/schema.js";

export const awsIamSchema: AdapterSchema = {
  requiredKeys: ["path"],
  options: exportOptions({
    roles: exportFileOption("The roles: `aws iam get-account-authorization-details --filter Role --output json` (each `{ \"RoleDetailList\": [...] }`, with each role's `Tags` and `RoleLastUsed`), `aws iam get-role --role-name NAME --output json` outputs (`{ \"Role\": {...} }`, one file per role), or `aws iam list-roles --output json` (`{ \"Roles\": [...] }`, which AWS returns without `Tags` and `RoleLastUsed`: no owner and no last use, said by a `source-roles-without-tags` warning); a file or a directory of pages. Roles become NHIs without long-lived keys; a role trusting GitHub's OIDC issuer shows that the account offers short-lived federation (`nhi-long-lived-key`)."),
    ownerTag: { ...nonEmptyString, description: "Role tag whose value names the owner (an e-mail or login), read from `Tags` (not in `list-roles` output). Default: `owner`." },
    undeclared: undeclaredOption,
  }),
};
