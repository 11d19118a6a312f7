// Kubernetes service accounts as NHIs: `kubectl get serviceaccounts -A -o json`, with the legacy
// long-lived token Secrets (type kubernetes.io/service-account-token) as their credentials.
// Projected tokens (TokenRequest) are short-lived and never stored: there is nothing to list.
import type { SourceRecord } from "../../model/source-record.js";
import type { SourceAdapter, SourceContext } from "../source.js";
import { slugId, uniqueNames } from "../common/discovery/ids.js";
import { jsonListEntries } from "../common/discovery/json-list.js";
import { readOptionalExport } from "../common/discovery/options.js";
import { discoveredRecord, type DiscoveredNhi } from "../common/discovery/record.js";
import { readExportPages } from "../common/export-files.js";
import { resolveExportedAt } from "../common/exported-at.js";
import { kubernetesSchema } from "./schema.js";

const HINT = "Save the output of kubectl get ... -A -o json.";
const TOKEN_TYPE = "kubernetes.io/service-account-token";

async function read(context: SourceContext): Promise<SourceRecord[]> {
  const accountFiles = await readExportPages(context, "json");
  const secretFiles = (await readOptionalExport(context, "secrets", "json")) ?? [];
  const exportedAt = resolveExportedAt(context, [...accountFiles, ...secretFiles]);
  const ownerAnnotation = typeof context.config.options?.["ownerAnnotation"] === "string" ? context.config.options["ownerAnnotation"] : "owner";
  const accounts = new Map<string, DiscoveredNhi & { slug: string }>();
  for (const entry of jsonListEntries(context, accountFiles, "items", "service accounts", HINT)) {
    const kind = entry.string("kind");
    if (kind !== undefined && kind !== "ServiceAccount") throw entry.fail(`kind is ${JSON.stringify(kind)}, expected ServiceAccount`, "Export with kubectl get serviceaccounts.");
    const name = entry.requiredString("metadata.name", HINT);
    const namespace = entry.requiredString("metadata.namespace", "Export with -A so that every item names its namespace.");
    const key = `${namespace}/${name}`;
    if (accounts.has(key)) throw entry.fail(`${key} appears twice (first at ${accounts.get(key)!.position})`);
    const owner = entry.string(["metadata", "annotations", ownerAnnotation]);
    const created = entry.date("metadata.creationTimestamp");
    const attributes: DiscoveredNhi["attributes"] = { k8sNamespace: namespace, federationAvailable: "projected-service-account-token" };
    if (created) attributes["createdAt"] = created;
    // Every namespace gets a `default` account, and kube-* hold the cluster's own: the platform made them.
    if (name === "default" || namespace.startsWith("kube-")) attributes["platformManaged"] = true;
    accounts.set(key, {
      externalId: key,
      userName: "",
      slug: slugId(`${name}.${namespace}`),
      displayName: key,
      status: "active",
      owners: owner ? [owner.toLowerCase()] : [],
      credentials: [],
      attributes,
      raw: { uid: entry.string("metadata.uid") ?? "", namespace, name },
      position: entry.position,
    });
  }
  for (const secret of jsonListEntries(context, secretFiles, "items", "secrets", HINT)) {
    if (secret.get("data") !== undefined || secret.get("stringData") !== undefined) {
      throw secret.fail("holds the token (data)", "Remove the token data before saving the export: kubectl get secrets ... -o json | jq 'del(.items[].data)'; and delete this file, it holds a live token.");
    }
    if (secret.string("type") !== TOKEN_TYPE) throw secret.fail(`type is ${JSON.stringify(secret.string("type") ?? "")}, expected ${TOKEN_TYPE}`, "Export with --field-selector type=kubernetes.io/service-account-token.");
    const namespace = secret.requiredString("metadata.namespace", HINT);
    const account = secret.requiredString(["metadata", "annotations", "kubernetes.io/service-account.name"], "A service-account-token secret names its account in this annotation.");
    const owner = accounts.get(`${namespace}/${account}`);
    if (!owner) throw secret.fail(`token of ${namespace}/${account}, which is not in the service account list`, "Export accounts and secrets from the same cluster at the same time.");
    const issuedAt = secret.date("metadata.creationTimestamp");
    if (!issuedAt) throw secret.fail("metadata.creationTimestamp is missing", HINT);
    const lastUsedAt = secret.date(["metadata", "labels", "kubernetes.io/legacy-token-last-used"]);
    owner.credentials.push({
      id: secret.requiredString("metadata.name", HINT),
      type: "token",
      issuedAt,
      ...(lastUsedAt ? { lastUsedAt } : {}),
      status: secret.get(["metadata", "labels", "kubernetes.io/legacy-token-invalid-since"]) !== undefined ? "inactive" : "active",
      principal: `${namespace}/${account}`,
      // A Secret's name is unique within its namespace, and the export is of one cluster
      // (https://kubernetes.io/docs/concepts/overview/working-with-objects/names/): another cluster
      // (another source) can have a token Secret of the same name, which is another credential.
      idScope: `${context.name}/${namespace}`,
      // A token Secret holds "a non-expiring token credential"; TokenRequest gives bounded ones
      // instead, https://kubernetes.io/docs/concepts/configuration/secret/#serviceaccount-token-secrets
      cannotExpire: "kubernetes-token-secret",
    });
  }
  const list = [...accounts.values()];
  const names = uniqueNames(list);
  return list.map((nhi) => discoveredRecord(context.name, exportedAt, { ...nhi, userName: names.get(nhi)! }));
}

/** `type: kubernetes` — service accounts and their long-lived token secrets as NHIs. */
export const kubernetesSource: SourceAdapter = { type: "kubernetes", live: false, schema: kubernetesSchema, read };
