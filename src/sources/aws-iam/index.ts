// AWS IAM as NHIs: the credential report (users, their access keys, passwords and MFA) and,
// optionally, `aws iam list-roles`. When a role trusts GitHub's OIDC issuer, every user of the
// account is marked as having short-lived federation available (nhi-long-lived-key).
import type { SourceRecord } from "../../model/source-record.js";
import type { SourceAdapter, SourceContext } from "../source.js";
import { uniqueNameList } from "../common/discovery/ids.js";
import { readOptionalExport } from "../common/discovery/options.js";
import { discoveredRecord } from "../common/discovery/record.js";
import { readExportFile } from "../common/export-files.js";
import { resolveExportedAt } from "../common/exported-at.js";
import { credentialReportUsers } from "./credential-report.js";
import { listRoles } from "./roles.js";
import { awsIamSchema } from "./schema.js";

async function read(context: SourceContext): Promise<SourceRecord[]> {
  const report = await readExportFile(context);
  const roleFiles = (await readOptionalExport(context, "roles", "json")) ?? [];
  const exportedAt = resolveExportedAt(context, [report, ...roleFiles]);
  const ownerTag = typeof context.config.options?.["ownerTag"] === "string" ? context.config.options["ownerTag"] : "owner";
  const users = credentialReportUsers(context, report);
  const roles = listRoles(context, roleFiles, ownerTag);
  if (roles.some((r) => r.attributes["federation"] === "github-actions")) for (const u of users) u.attributes["federationAvailable"] = "github-actions";
  // Users and roles share one name space in scopesync: a user and a role named alike keep apart by
  // suffix. The records are this read's own, so their names and role ids are set in place.
  const all = users.concat(roles);
  const names = uniqueNameList(all, (nhi) => nhi.userName, (nhi) => nhi.externalId);
  return all.map((nhi, i) => {
    nhi.userName = names[i]!;
    if (nhi.attributes["awsPrincipalType"] === "role") nhi.externalId = `role/${nhi.externalId}`;
    return discoveredRecord(context.name, exportedAt, nhi);
  });
}

/** `type: aws-iam` — IAM credential report and roles as NHIs with access keys. */
export const awsIamSource: SourceAdapter = { type: "aws-iam", live: false, schema: awsIamSchema, read };
