import { formatDiagnostic, sortDiagnostics } from "../config/diagnostic.js";
import { loadRepo } from "../config/load-repo.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import { checkReferences } from "../config/references.js";
import { canonicalJson } from "../model/canonical-json.js";
import { workingTree } from "../config/repo-files.js";
import type { SourceRecord } from "../model/source-record.js";
import { resolveIdentities } from "../resolve/resolve-identities.js";
import { getSourceAdapter, readSource } from "../sources/registry.js";
import { readSnapshot, snapshotPath } from "../sources/snapshot.js";
import { ExitCode } from "./exit-codes.js";
import type { Io } from "./io.js";

export interface ValidateOptions {
  repo: string;
  /** One JSON document on standard output instead of lines for a person. */
  json?: boolean;
}

/**
 * `scopesync validate`: every problem in one run, each as file:line:col with a fix. References to
 * people (owners, members, approvers) are checked against the people the sources export: export
 * files are read; a live source counts through its committed snapshot, or the check is skipped.
 */
export async function validateCommand(options: ValidateOptions, io: Io): Promise<number> {
  const notes: string[] = [];
  const noteIo: Io = { ...io, err: (t) => (options.json ? notes.push(t) : io.err(t)) };
  const result = loadRepo(workingTree(options.repo));
  if (!result.repo) return report(result.diagnostics, io, options.json);
  const repo = result.repo;
  const people = await knownPeople(repo, options.repo, noteIo);
  if (people) {
    const diagnostics = checkReferences(repo, people);
    if (diagnostics.length > 0) return report(sortDiagnostics(diagnostics), io, options.json);
  }
  const count = repo.people.length + repo.groups.length + repo.nhis.length + repo.links.length + repo.apps.length + repo.ruleSets.length;
  if (options.json) {
    io.out(`${canonicalJson({ valid: true, documents: count, groups: repo.groups.length, nonHumanIdentities: repo.nhis.length, appPolicies: repo.apps.length, ...(people ? { peopleFromSources: people.size } : {}), notes, problems: [] })}\n`);
    return ExitCode.ok;
  }
  io.out(`valid: scopesync.yaml and ${count} documents (${repo.groups.length} groups, ${repo.nhis.length} non-human identities, ${repo.apps.length} app policies)${people ? `; references checked against ${people.size} people from the sources` : ""}`);
  return ExitCode.ok;
}

/** `--json`: `{ valid: false, problems: [{ file, line, col, message, hint }] }`, still exit 1. */
function report(diagnostics: ReturnType<typeof sortDiagnostics>, io: Io, json = false): number {
  if (json) {
    io.out(`${canonicalJson({ valid: false, problems: diagnostics })}\n`);
    return ExitCode.invalid;
  }
  for (const d of diagnostics) io.err(formatDiagnostic(d));
  io.err(`\n${diagnostics.length} problem${diagnostics.length === 1 ? "" : "s"} found; nothing was planned.`);
  return ExitCode.invalid;
}

async function knownPeople(repo: PolicyRepo, repoDir: string, io: Io): Promise<Set<string> | undefined> {
  const records = new Map<string, SourceRecord[]>();
  for (const [name, config] of Object.entries(repo.config.value.sources)) {
    if (getSourceAdapter(config.type).live) {
      const snapshot = readSnapshot(repoDir, snapshotPath(name, config), name);
      if (!snapshot) {
        io.err(`note: source "${name}" is live and has no snapshot; references to people were not checked (run scopesync snapshot)`);
        return undefined;
      }
      records.set(name, snapshot.records);
    } else {
      records.set(name, await readSource({ name, config, repoDir, env: io.env }));
    }
  }
  const { identities } = resolveIdentities(repo, records);
  return new Set(identities.filter((i) => i.kind === "person").map((i) => i.id));
}
