// Is code scanning available, so that uploading SARIF will not fail the job? Public repositories
// have it; private and internal ones only with GitHub Advanced Security (Code Security). The
// `code-scanning` input decides (`true`, `false`), or `auto` asks GitHub: listing analyses answers
// 403 where code scanning is not enabled, 404 where it is enabled but nothing was uploaded yet.
import { ScopesyncError } from "../model/errors.js";
import type { GithubWorkflow } from "./client.js";

export type CodeScanning = "auto" | "true" | "false";

export function parseCodeScanning(value: string): CodeScanning {
  if (value === "auto" || value === "true" || value === "false") return value;
  throw new ScopesyncError(`input "code-scanning" must be auto, true or false, not "${value}"`);
}

export interface CodeScanningAnswer { available: boolean; why: string }

export async function codeScanningAvailable(gh: GithubWorkflow, setting: CodeScanning, visibility: string | undefined): Promise<CodeScanningAnswer> {
  if (setting !== "auto") return { available: setting === "true", why: `input code-scanning: ${setting}` };
  if (visibility === "public") return { available: true, why: "public repository" };
  try {
    await gh.octokit.rest.codeScanning.listRecentAnalyses({ ...gh.repo, per_page: 1 });
    return { available: true, why: "code scanning has analyses" };
  } catch (e) {
    const status = (e as { status?: unknown }).status;
    if (status === 404) return { available: true, why: "code scanning is enabled (no analysis yet)" };
    if (status === 403) return { available: false, why: "code scanning is not enabled for this repository (GitHub answered 403)" };
    return { available: false, why: `could not tell (GitHub answered ${typeof status === "number" ? status : "nothing"}); SARIF is not uploaded` };
  }
}
