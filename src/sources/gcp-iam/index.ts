// Google Cloud service accounts as NHIs: `gcloud iam service-accounts list --format=json` and the
// keys of each (`... keys list --format=json`). A SYSTEM_MANAGED key is rotated by Google and
// kept as `managedBy: system`; a USER_MANAGED key is a long-lived secret the organisation holds.
import type { CredentialDoc } from "../../model/documents.js";
import type { SourceRecord } from "../../model/source-record.js";
import type { SourceAdapter, SourceContext } from "../source.js";
import { uniqueNames, slugId } from "../common/discovery/ids.js";
import { jsonListEntries } from "../common/discovery/json-list.js";
import { readOptionalExport } from "../common/discovery/options.js";
import { discoveredRecord, type DiscoveredNhi } from "../common/discovery/record.js";
import { readExportPages } from "../common/export-files.js";
import { resolveExportedAt } from "../common/exported-at.js";
import type { JsonEntry } from "../common/json-entry.js";
import { gcpIamSchema } from "./schema.js";
import { checkKeysPerAccount, type KeysFileAccounts } from "./keys-directory.js";
import { keyLastAuthentications } from "./key-activity.js";

const KEY_NAME = /^projects\/[^/]+\/serviceAccounts\/([^/]+)\/keys\/([^/]+)$/;
const GCLOUD_HINT = "Save the output of gcloud with --format=json.";

async function read(context: SourceContext): Promise<SourceRecord[]> {
  const accountFiles = await readExportPages(context, "json");
  const keyFiles = (await readOptionalExport(context, "keys", "json")) ?? [];
  const activityFiles = (await readOptionalExport(context, "keyActivity", "json")) ?? [];
  const exportedAt = resolveExportedAt(context, [...accountFiles, ...keyFiles, ...activityFiles]);
  const lastAuth = keyLastAuthentications(context, activityFiles, GCLOUD_HINT);
  const accounts = new Map<string, DiscoveredNhi & { slug: string }>();
  for (const entry of jsonListEntries(context, accountFiles, "array", "service accounts", GCLOUD_HINT)) {
    const email = entry.requiredString("email", "gcloud iam service-accounts list returns email for every account.").toLowerCase();
    if (accounts.has(email)) throw entry.fail(`${email} appears twice (first at ${accounts.get(email)!.position})`);
    accounts.set(email, account(entry, email));
  }
  const keysOf: KeysFileAccounts[] = [];
  for (const file of keyFiles) {
    const named = new Set<string>();
    for (const key of jsonListEntries(context, [file], "array", "keys", GCLOUD_HINT)) {
      refusePrivateKey(key);
      const name = key.requiredString("name", "keys list returns the key's name.");
      const match = KEY_NAME.exec(name);
      if (!match) throw key.fail(`name ${JSON.stringify(name.slice(0, 200))} is not projects/P/serviceAccounts/EMAIL/keys/ID`);
      const email = match[1]!.toLowerCase();
      const owner = accounts.get(email);
      if (!owner) throw key.fail(`key of ${email}, which is not in the service account list`, "Export the accounts and their keys at the same time, from the same project.");
      owner.credentials.push(credential(key, name, email, lastAuth.get(name)));
      named.add(email);
    }
    keysOf.push({ file, accounts: named });
  }
  checkKeysPerAccount(context, keysOf, accounts);
  // An account id is "unique within a project" (IAM API, projects.serviceAccounts.create,
  // accountId), so terraform@proj-a… and terraform@proj-b… are two accounts, and gcloud lists one
  // project at a time. Accounts sharing a local part are named with their project,
  // "terraform-proj-a" and "terraform-proj-b". Neither keeps the plain "terraform": no rule from
  // the export alone could say which one a file that names "terraform" meant (the list has no
  // creation time), and handing it the other project's account would merge the wrong NHI into it.
  // So when a second project with a "terraform" is exported, the first one's id changes once: a
  // file made by `nhi propose` names the e-mail under `discoveredBy` and still matches; an
  // undeclared account shows up as "terraform-proj-a", and a file that claims it by name alone
  // claims neither (nhi-name-ambiguous), nor is either quarantined for it.
  const list = [...accounts.values()];
  const names = uniqueNames(list, { qualifierOf: (nhi) => projectOf(nhi) });
  return list.map((nhi) => discoveredRecord(context.name, exportedAt, { ...nhi, userName: names.get(nhi)! }));
}

/** The account's project: `projectId`, else the project the e-mail's domain names (`…@P.iam.gserviceaccount.com`). */
function projectOf(nhi: DiscoveredNhi): string {
  const project = nhi.attributes["gcpProject"];
  return typeof project === "string" && project ? project : nhi.externalId.slice(nhi.externalId.indexOf("@") + 1).split(".")[0]!;
}

function account(entry: JsonEntry, email: string): DiscoveredNhi & { slug: string } {
  const displayName = entry.string("displayName");
  const attributes: DiscoveredNhi["attributes"] = { gcpProject: entry.string("projectId") ?? "", federationAvailable: "workload-identity-federation" };
  const description = entry.string("description");
  if (description) attributes["description"] = description;
  // Accounts Google creates for its services (…@developer.gserviceaccount.com, …@appspot.gserviceaccount.com).
  if (!email.endsWith(".iam.gserviceaccount.com")) attributes["platformManaged"] = true;
  return {
    externalId: email,
    userName: "",
    slug: slugId(email.split("@")[0]!),
    ...(displayName ? { displayName } : {}),
    status: entry.boolean("disabled") === true ? "suspended" : "active",
    owners: [],
    credentials: [],
    attributes,
    raw: { email, uniqueId: entry.string("uniqueId") ?? "" },
    position: entry.position,
  };
}

/**
 * A key entry with `privateKeyData` is a keys.create response: "The private key data. Only
 * provided in CreateServiceAccountKey responses. Make sure to keep the private key data secure
 * because it allows for the assertion of the service account identity" (IAM API,
 * projects.serviceAccounts.keys, ServiceAccountKey). It is a live private key in a file meant to be
 * committed, so the file is refused like an Entra `secretText`, and the key never echoed.
 */
function refusePrivateKey(key: JsonEntry): void {
  const data = key.get("privateKeyData");
  if (data === undefined || data === null || data === "") return;
  throw key.fail("privateKeyData holds the key's private key (a keys create response)", "Export with `gcloud iam service-accounts keys list --iam-account EMAIL --format=json` (list responses never include privateKeyData), and delete this file: it holds a live secret. Delete the key in Google Cloud too if nothing uses it.");
}

function credential(key: JsonEntry, name: string, email: string, lastUsedAt: string | undefined): CredentialDoc {
  const issuedAt = key.date("validAfterTime");
  if (!issuedAt) throw key.fail("validAfterTime is missing", GCLOUD_HINT);
  const expiresAt = key.date("validBeforeTime");
  const system = key.string("keyType") === "SYSTEM_MANAGED";
  return {
    id: name,
    type: "api-key",
    issuedAt,
    // Google writes 9999-12-31T23:59:59Z for a key that never expires. A user-managed key can be
    // given an expiry (org policy constraints/iam.serviceAccountKeyExpiryHours, or an uploaded
    // certificate's validity), so it is not `cannotExpire`: https://cloud.google.com/blog/products/identity-security/introducing-time-bound-key-authentication-for-service-accounts
    ...(expiresAt && !expiresAt.startsWith("9999-") ? { expiresAt } : {}),
    ...(lastUsedAt ? { lastUsedAt } : {}),
    status: key.boolean("disabled") === true ? "disabled" : "active",
    principal: email,
    ...(system ? { managedBy: "system" as const } : {}),
  };
}

/** `type: gcp-iam` — Google Cloud service accounts and their keys as NHIs. */
export const gcpIamSource: SourceAdapter = { type: "gcp-iam", live: false, schema: gcpIamSchema, read };
