// Files inside a workflow run's artifact, read through the REST API: list the run's artifacts by
// name, download the newest unexpired one (a zip, as actions/upload-artifact stores it) and unzip
// it in memory with fflate.
import { isUtf8 } from "node:buffer";
import { unzipSync } from "fflate";
import { ScopesyncError } from "../model/errors.js";
import type { GithubWorkflow } from "./client.js";

/** Upper bound on an artifact we unzip: a plan of a million identities stays well under it. */
const MAX_BYTES = 512 * 1024 * 1024;

/**
 * The named files of a run's artifact, as bytes (a reviewed plan can be longer than a string:
 * model/large-json.ts reads it); a missing one is an error.
 */
export async function readArtifactFiles(gh: GithubWorkflow, runId: string | number, artifact: string, names: readonly string[]): Promise<Record<string, Uint8Array>> {
  const { data } = await gh.call(`list the artifacts of run ${runId}`, () => gh.octokit.rest.actions.listWorkflowRunArtifacts({ ...gh.repo, run_id: Number(runId), name: artifact, per_page: 100 }));
  const found = data.artifacts.filter((a) => a.name === artifact && !a.expired).sort((a, b) => b.id - a.id)[0];
  if (!found) {
    throw new ScopesyncError(`run ${runId} has no unexpired artifact "${artifact}"`, "artifacts expire (90 days here): re-run the plan workflow on the pull request so the plan is made and reviewed again");
  }
  return artifactBytes(gh, found, `artifact "${artifact}" of run ${runId}`, names, "re-run the plan workflow on the pull request so the publish job makes it again");
}

/** The named files of one artifact (`label` names it in errors), as text; a missing one is an error, with `hint`. */
export async function readArtifact(gh: GithubWorkflow, found: { id: number; size_in_bytes: number }, label: string, names: readonly string[], hint: string): Promise<Record<string, string>> {
  const entries = await artifactBytes(gh, found, label, names, hint);
  const out: Record<string, string> = {};
  for (const name of names) out[name] = new TextDecoder("utf-8", { fatal: true }).decode(entries[name]);
  return out;
}

/** The named files of one artifact, as bytes, each of them UTF-8. */
async function artifactBytes(gh: GithubWorkflow, found: { id: number; size_in_bytes: number }, label: string, names: readonly string[], hint: string): Promise<Record<string, Uint8Array>> {
  if (found.size_in_bytes > MAX_BYTES) throw new ScopesyncError(`${label} is ${found.size_in_bytes} bytes, over the ${MAX_BYTES} this reads`);
  const zip = await gh.call(`download ${label}`, async () => (await gh.octokit.rest.actions.downloadArtifact({ ...gh.repo, artifact_id: found.id, archive_format: "zip" })).data as ArrayBuffer);
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(new Uint8Array(zip), { filter: (f) => names.includes(f.name) });
  } catch (e) {
    throw new ScopesyncError(`${label} is not a readable zip: ${(e as Error).message}`);
  }
  for (const name of names) {
    const bytes = entries[name];
    if (!bytes) throw new ScopesyncError(`${label} holds no ${name}`, hint);
    if (!isUtf8(bytes)) throw new ScopesyncError(`${label}: ${name} is not UTF-8 text`, hint);
  }
  return entries;
}
