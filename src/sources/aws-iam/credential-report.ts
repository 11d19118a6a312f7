// The IAM credential report (GetCredentialReport, base64-decoded CSV): one row per IAM user and
// one for the root account. Each access key and signing certificate slot with a date becomes a
// credential named after its columns (access_key_1, access_key_2, cert_1, cert_2): the report has
// no AccessKeyId, and an access key id is treated as secret material anywhere scopesync writes.
import type { CredentialDoc } from "../../model/documents.js";
import { SourceError } from "../../model/errors.js";
import type { ExportFile } from "../common/export-files.js";
import type { DiscoveredNhi } from "../common/discovery/record.js";
import { slugId } from "../common/discovery/ids.js";
import { parseCsv } from "../csv/parse.js";
import type { SourceContext } from "../source.js";
import { reportBoolean, reportDate, type Cell } from "./report-values.js";

const REQUIRED = ["user", "arn", "user_creation_time", "password_enabled", "mfa_active", "access_key_1_active", "access_key_1_last_rotated", "access_key_1_last_used_date", "access_key_2_active", "access_key_2_last_rotated", "access_key_2_last_used_date"];
const ROOT = "<root_account>";

export function credentialReportUsers(context: SourceContext, file: ExportFile): DiscoveredNhi[] {
  return parseCsv(context, file.text, file.path, (headers) => {
    const index = new Map(headers.map((h, i) => [h.trim(), i]));
    const missing = REQUIRED.filter((h) => !index.has(h));
    if (missing.length > 0) {
      throw new SourceError(context.name, `${file.path}: not an IAM credential report: missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`, "Save `aws iam get-credential-report --query Content --output text | base64 -d` as the file.");
    }
    return (row, rowNumber) => {
      // The csv source's wording, so that a finding reads the same whichever CSV it points into.
      const position = `${file.path} row ${rowNumber} (line ${row.line})`;
      const fail = (what: string, hint?: string) => new SourceError(context.name, `${position}: ${what}`, hint);
      const cell = (column: string): Cell => ({ column, value: index.has(column) ? (row.fields[index.get(column)!] ?? "").trim() : "N/A" });
      const user = cell("user").value;
      if (user === "") throw fail("user is empty");
      const root = user === ROOT;
      const credentials: CredentialDoc[] = [];
      for (const slot of [1, 2]) {
        const issuedAt = reportDate(cell(`access_key_${slot}_last_rotated`), fail);
        if (!issuedAt) continue;
        const lastUsedAt = reportDate(cell(`access_key_${slot}_last_used_date`), fail);
        const service = cell(`access_key_${slot}_last_used_service`).value;
        credentials.push({
          id: `access_key_${slot}`,
          type: "api-key",
          issuedAt,
          ...(lastUsedAt ? { lastUsedAt } : { neverUsed: true as const }),
          ...(service && service !== "N/A" ? { lastUsedService: service } : {}),
          status: reportBoolean(cell(`access_key_${slot}_active`), fail) ? "active" : "inactive",
          principal: user,
          // An IAM user's access key is a long-term credential with no expiry to set: "long-term
          // access keys that never expire (as you have when you create access keys for an IAM
          // user)", https://docs.aws.amazon.com/IAM/latest/UserGuide/security-creds-programmatic-access.html
          // A signing certificate is not marked: its X.509 body carries the validity its maker chose.
          cannotExpire: "aws-access-key",
        });
      }
      for (const slot of [1, 2]) {
        const issuedAt = reportDate(cell(`cert_${slot}_last_rotated`), fail);
        if (!issuedAt) continue;
        credentials.push({ id: `cert_${slot}`, type: "certificate", issuedAt, status: reportBoolean(cell(`cert_${slot}_active`), fail) ? "active" : "inactive", principal: user });
      }
      const attributes: DiscoveredNhi["attributes"] = { awsPrincipalType: root ? "root" : "user", awsArn: cell("arn").value };
      // The root user comes with the account and cannot be deleted: no NHI to declare or propose
      // (nhi-undeclared), but its keys and MFA are judged (aws-root-user).
      if (root) attributes["platformManaged"] = true;
      const password = reportBoolean(cell("password_enabled"), fail);
      attributes["interactiveLogin"] = root || password === true;
      const mfa = reportBoolean(cell("mfa_active"), fail);
      if (mfa !== undefined) attributes["mfaActive"] = mfa;
      const created = reportDate(cell("user_creation_time"), fail);
      if (created) attributes["createdAt"] = created;
      const passwordUsed = reportDate(cell("password_last_used"), fail);
      if (passwordUsed) attributes["lastSignInAt"] = passwordUsed;
      return {
        externalId: user,
        userName: root ? "aws-root-account" : slugId(user),
        displayName: user,
        status: "active",
        owners: [],
        credentials,
        attributes,
        raw: { user, arn: cell("arn").value },
        position,
      } satisfies DiscoveredNhi;
    };
  });
}
