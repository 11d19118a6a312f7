// Where the Action's apply and sync keep the apply journal: scopesync.yaml's `apply.journal` in the
// job's checkout (the default branch's tip), as every CLI command reads it (model/journal-record.ts
// journalFile), so that a later plan reads what this job wrote. The workflows keep and carry the
// file by its path (actions/upload-artifact; carried-journal.ts merges those), which they cannot read from
// scopesync.yaml: a journal configured elsewhere that the workflows do not name would be lost with
// the runner, so the job says so, as a warning on the run's page.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfigOnly } from "../config/load-repo.js";
import { workingTree } from "../config/repo-files.js";
import { ScopesyncError } from "../model/errors.js";
import { DEFAULT_JOURNAL_PATH, journalFile } from "../model/journal-record.js";
import { pathOutsideRepo } from "../model/repo-path.js";
import type { ActionContext } from "./action-io.js";

/** The journal file of the checkout at `repo`, warning when `workflow` (apply.yml, sync.yml) does not keep it. */
export function actionJournalPath(ctx: Pick<ActionContext, "annotate">, repo: string, workflow: string): string {
  const config = loadConfigOnly(workingTree(repo));
  const configured = config?.apply?.journal;
  if (configured === undefined || configured === DEFAULT_JOURNAL_PATH) return journalFile(repo, undefined);
  // The same rule as every configured path (config/config-paths.ts): no journal outside the checkout unless listed.
  if (pathOutsideRepo(configured, (config?.allowPathsOutsideRepo ?? []).map((a) => a.path))) {
    throw new ScopesyncError(`apply.journal "${configured}" points outside the repository`, "use a path inside the repository, or list it under allowPathsOutsideRepo with a reason");
  }
  const file = join(repo, ".github", "workflows", workflow);
  if (existsSync(file) && !readFileSync(file, "utf8").includes(configured)) {
    ctx.annotate("warning", `the apply journal is ${configured} (scopesync.yaml apply.journal), but .github/workflows/${workflow} keeps and carries ${DEFAULT_JOURNAL_PATH}: set the path of its journal upload step to ${configured}, or this job's journal is not kept`);
  }
  return journalFile(repo, config);
}
