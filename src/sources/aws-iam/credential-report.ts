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
import { reportBoolean, reportDate, type Fail } from "./report-values.js";
import { copied, joined } from "../../model/joined.js";
import { interner } from "../../model/interner.js";

const REQUIRED = ["user", "arn", "user_creation_time", "password_enabled", "mfa_active", "access_key_1_active", "access_key_1_last_rotated", "access_key_1_last_used_date", "access_key_2_active", "access_key_2_last_rotated", "access_key_2_last_used_date"];
const ROOT = "<root_account>";

/** The columns of one credential slot ("access_key_1"), named once per report, not once per row. */
interface Slot {
  id: string;
  active: string;
  lastRotated: string;
  lastUsedDate?: string;
  lastUsedService?: string;
}

const keySlot = (n: number): Slot => ({ id: `access_key_${n}`, active: `access_key_${n}_active`, lastRotated: `access_key_${n}_last_rotated`, lastUsedDate: `access_key_${n}_last_used_date`, lastUsedService: `access_key_${n}_last_used_service` });
const certSlot = (n: number): Slot => ({ id: `cert_${n}`, active: `cert_${n}_active`, lastRotated: `cert_${n}_last_rotated` });
const KEY_SLOTS = [keySlot(1), keySlot(2)];
const CERT_SLOTS = [certSlot(1), certSlot(2)];

export function credentialReportUsers(context: SourceContext, file: ExportFile): DiscoveredNhi[] {
  return parseCsv(context, file.text, file.path, (headers) => {
    const index = new Map(headers.map((h, i) => [h.trim(), i]));
    const missing = REQUIRED.filter((h) => !index.has(h));
    if (missing.length > 0) {
      throw new SourceError(context.name, `${file.path}: not an IAM credential report: missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`, "Save `aws iam get-credential-report --query Content --output text | base64 -d` as the file.");
    }
    // A column the report does not have reads as "N/A" (older reports lack the cert and password columns).
    const at = (column: string | undefined): number => (column !== undefined && index.has(column) ? index.get(column)! : -1);
    const keys = KEY_SLOTS.map((slot) => ({ slot, active: at(slot.active), lastRotated: at(slot.lastRotated), lastUsedDate: at(slot.lastUsedDate), lastUsedService: at(slot.lastUsedService) }));
    const certs = CERT_SLOTS.map((slot) => ({ slot, active: at(slot.active), lastRotated: at(slot.lastRotated) }));
    const column = { user: at("user"), arn: at("arn"), created: at("user_creation_time"), password: at("password_enabled"), passwordUsed: at("password_last_used"), mfa: at("mfa_active") };
    // A few hundred AWS service names ("secretsmanager", "elasticloadbalancing") for every key of
    // the report: one copy of each, out of the report's text (see copied()).
    const serviceName = interner(copied);
    return (row, rowNumber) => {
      // The csv source's wording, so that a finding reads the same whichever CSV it points into.
      const position = joined(file.path, " row ", rowNumber, " (line ", row.line, ")");
      const fail: Fail = (what, hint) => new SourceError(context.name, `${position}: ${what}`, hint);
      const value = (i: number): string => (i === -1 ? "N/A" : (row.fields[i] ?? "").trim());
      // Kept by the NHI for the whole plan: copied out of the report's text (see copied()).
      const user = copied(value(column.user));
      if (user === "") throw fail("user is empty");
      const root = user === ROOT;
      const arn = copied(value(column.arn));
      // The slot names repeat for every user of every account (GetCredentialReport "Retrieves a
      // credential report for the AWS account", one row per user,
      // https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetCredentialReport.html): the
      // user's ARN (account and user) is what makes access_key_1 one key. A row without one is
      // this source's user.
      const idScope = arn !== "" && arn !== "N/A" ? arn : joined(context.name, ":", user);
      const credentials: CredentialDoc[] = [];
      for (const cols of keys) {
        const slot = cols.slot;
        const issuedAt = reportDate(value(cols.lastRotated), slot.lastRotated, fail);
        if (!issuedAt) continue;
        const lastUsedAt = reportDate(value(cols.lastUsedDate), slot.lastUsedDate!, fail);
        const service = serviceName(value(cols.lastUsedService));
        credentials.push({
          id: slot.id,
          type: "api-key",
          issuedAt,
          ...(lastUsedAt ? { lastUsedAt } : { neverUsed: true as const }),
          ...(service && service !== "N/A" ? { lastUsedService: service } : {}),
          status: reportBoolean(value(cols.active), slot.active, fail) ? "active" : "inactive",
          principal: user,
          // An IAM user's access key is a long-term credential with no expiry to set: "long-term
          // access keys that never expire (as you have when you create access keys for an IAM
          // user)", https://docs.aws.amazon.com/IAM/latest/UserGuide/security-creds-programmatic-access.html
          // A signing certificate is not marked: its X.509 body carries the validity its maker chose.
          cannotExpire: "aws-access-key",
          discoveredBy: context.name,
          idScope,
          reportedAt: position,
        });
      }
      for (const cols of certs) {
        const slot = cols.slot;
        const issuedAt = reportDate(value(cols.lastRotated), slot.lastRotated, fail);
        if (!issuedAt) continue;
        credentials.push({ id: slot.id, type: "certificate", issuedAt, status: reportBoolean(value(cols.active), slot.active, fail) ? "active" : "inactive", principal: user, discoveredBy: context.name, idScope, reportedAt: position });
      }
      const attributes: DiscoveredNhi["attributes"] = { awsPrincipalType: root ? "root" : "user", awsArn: arn };
      // The root user comes with the account and cannot be deleted: no NHI to declare or propose
      // (nhi-undeclared), but its keys and MFA are judged (aws-root-user).
      if (root) attributes["platformManaged"] = true;
      const password = reportBoolean(value(column.password), "password_enabled", fail);
      attributes["interactiveLogin"] = root || password === true;
      const mfa = reportBoolean(value(column.mfa), "mfa_active", fail);
      if (mfa !== undefined) attributes["mfaActive"] = mfa;
      const created = reportDate(value(column.created), "user_creation_time", fail);
      if (created) attributes["createdAt"] = created;
      const passwordUsed = reportDate(value(column.passwordUsed), "password_last_used", fail);
      if (passwordUsed) attributes["lastSignInAt"] = passwordUsed;
      // Each account's password on its own (model/console-password.ts): the root user's is the aws-root-user rule's.
      const consolePassword = password === true && !root ? { userName: user, idScope, ...(passwordUsed ? { lastUsedAt: passwordUsed } : {}) } : undefined;
      const nhi: DiscoveredNhi = {
        externalId: user,
        userName: root ? "aws-root-account" : slugId(user),
        displayName: user,
        status: "active",
        owners: [],
        credentials,
        attributes,
        raw: { user, arn },
        position,
      };
      if (consolePassword) nhi.consolePassword = consolePassword;
      return nhi;
    };
  });
}
