// GitHub's NHIs as discovery: the organisation's App installations (`path`), deploy keys
// (`options.deployKeys`) and fine-grained token grants (`options.patGrants`), from saved REST
// responses. The github target reads the same objects live; both give deploy keys and grants the
// ids of src/model/github-credential-id.ts, so what is discovered here is what the target revokes.
import { SourceError } from "../../model/errors.js";
import type { SourceRecord } from "../../model/source-record.js";
import type { SourceAdapter, SourceContext } from "../source.js";
import { uniqueNames } from "../common/discovery/ids.js";
import { readOptionalExport } from "../common/discovery/options.js";
import { discoveredRecord } from "../common/discovery/record.js";
import { readExportPages } from "../common/export-files.js";
import { resolveExportedAt } from "../common/exported-at.js";
import { listDeployKeys } from "./deploy-keys.js";
import { listInstallations } from "./installations.js";
import { listPatGrants } from "./pat-grants.js";
import { githubSchema } from "./schema.js";

async function read(context: SourceContext): Promise<SourceRecord[]> {
  const installationFiles = await readExportPages(context, "json");
  const keyFiles = (await readOptionalExport(context, "deployKeys", "json")) ?? [];
  const grantFiles = (await readOptionalExport(context, "patGrants", "json")) ?? [];
  const exportedAt = resolveExportedAt(context, [...installationFiles, ...keyFiles, ...grantFiles]);
  const installations = listInstallations(context, installationFiles);
  const names = uniqueNames(installations);
  const nhis = [...installations.map((i) => ({ ...i, userName: names.get(i)! })), ...listDeployKeys(context, keyFiles), ...listPatGrants(context, grantFiles)];
  const seen = new Map<string, string>();
  for (const nhi of nhis) {
    const first = seen.get(nhi.externalId);
    if (first) throw new SourceError(context.name, `${nhi.position}: ${nhi.externalId} appears twice (first at ${first})`, "Export each repository and page once.");
    seen.set(nhi.externalId, nhi.position);
  }
  return nhis.map((nhi) => discoveredRecord(context.name, exportedAt, nhi));
}

/** `type: github` — GitHub App installations, deploy keys and fine-grained token grants as NHIs. */
export const githubSource: SourceAdapter = { type: "github", live: false, schema: githubSchema, read };
