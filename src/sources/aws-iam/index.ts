// AWS IAM as NHIs: the credential report (users, their access keys, passwords and MFA) and,
// optionally, the roles (roles.ts: get-account-authorization-details, get-role or list-roles). When a role trusts GitHub's OIDC issuer, every user of the
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
  // IAM keeps users and roles apart (arn:…:user/N, arn:…:role/N; names are unique, case aside,
  // only among users and among roles: "IAM user, group, role, and policy names must be unique
  // within the account. Names are not distinguished by case", CreateUser/CreateRole RoleName in
  // the IAM API reference), so a user and a role may both be "etl-runner". scopesync has one name
  // space: the user keeps "etl-runner" and the role is "etl-runner-role".
  // Why the user: a user's external id is its name, so a `discoveredBy` id "etl-runner" means the
  // user; a role keeping that name would answer the same id (reconcile matches a ref by external
  // id or by name) and two records would merge into one file. And the user's id never changes when
  // a same-named role appears (a role created later, or `options.roles` set later). The other way
  // round a role's id does change once, "etl-runner" → "etl-runner-role", when a user of its name
  // is created: a file made by `nhi propose` names it `role/etl-runner` and still matches it; only
  // an undeclared role's id changes. Only the user whose name is its slug, case aside, keeps it
  // (at most one: IAM names differ in more than case); others sharing a slug are "-user"/"-role".
  // The records are this read's own, so their names and role ids are set in place.
  const all = users.concat(roles);
  const names = uniqueNameList(all, (nhi) => nhi.userName, (nhi) => `${String(nhi.attributes["awsPrincipalType"])}/${nhi.externalId}`, {
    qualifierOf: (nhi) => String(nhi.attributes["awsPrincipalType"]),
    keepsName: (nhi) => nhi.attributes["awsPrincipalType"] === "user" && nhi.externalId.toLowerCase() === nhi.userName,
  });
  return all.map((nhi, i) => {
    nhi.userName = names[i]!;
    if (nhi.attributes["awsPrincipalType"] === "role") nhi.externalId = `role/${nhi.externalId}`;
    return discoveredRecord(context.name, exportedAt, nhi);
  });
}

/** `type: aws-iam` — IAM credential report and roles as NHIs with access keys. */
export const awsIamSource: SourceAdapter = { type: "aws-iam", live: false, schema: awsIamSchema, read };
