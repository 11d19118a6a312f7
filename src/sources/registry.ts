// The hand-written list of source types. A test checks it against the folders in src/sources/,
// so an adapter cannot be added without being registered (or registered without existing).
import type { SourceRecord } from "../model/source-record.js";
import { ScopesyncError } from "../model/errors.js";
import { awsIamSource } from "./aws-iam/index.js";
import { csvSource } from "./csv/index.js";
import { entraSource } from "./entra/index.js";
import { entraAppsSource } from "./entra-apps/index.js";
import { gcpIamSource } from "./gcp-iam/index.js";
import { githubSource } from "./github/index.js";
import { googleSource } from "./google/index.js";
import { kubernetesSource } from "./kubernetes/index.js";
import { ldapSource } from "./ldap/index.js";
import { ldifSource } from "./ldif/index.js";
import { oktaSource } from "./okta/index.js";
import { scimSource } from "./scim/index.js";
import type { SourceAdapter, SourceContext } from "./source.js";
import { nfcRecords } from "./nfc-records.js";
import { zoneDays } from "./zone-days.js";

const adapters: ReadonlyMap<string, SourceAdapter> = new Map(
  [awsIamSource, csvSource, entraSource, entraAppsSource, gcpIamSource, githubSource, googleSource, kubernetesSource, ldapSource, ldifSource, oktaSource, scimSource].map((adapter) => [adapter.type, adapter]),
);

/** Every registered source type, sorted. */
export function sourceTypes(): string[] {
  return [...adapters.keys()].sort();
}

export function getSourceAdapter(type: string): SourceAdapter {
  const adapter = adapters.get(type);
  if (!adapter) {
    throw new ScopesyncError(
      `Unknown source type ${JSON.stringify(type)}. Valid types: ${sourceTypes().join(", ")}`,
      "Fix the source's type in scopesync.yaml.",
    );
  }
  return adapter;
}

/**
 * Reads one configured source with the adapter its type names, its texts in Unicode NFC
 * (nfc-records.ts): every adapter's records pass here, so none compares a decomposed export.
 */
export async function readSource(context: SourceContext): Promise<SourceRecord[]> {
  return zoneDays(nfcRecords(await getSourceAdapter(context.config.type).read(context)), context.timeZone);
}
