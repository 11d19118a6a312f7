// `scopesync import --target NAME`: read the live target (read side only), link its accounts to
// the sources' people, and write today's access as desired state below imported/ paths.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { isMap, isNode, isSeq, LineCounter, parseAllDocuments, parseDocument, type YAMLMap } from "yaml";
import { prepare, weigh } from "../compile.js";
import type { TargetConfig } from "../model/documents.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import { workingTree } from "../config/repo-files.js";
import { targetEndpoint } from "../model/target-endpoint.js";
import { ScopesyncError } from "../model/errors.js";
import type { Identity } from "../model/identity.js";
import { GithubApi } from "../targets/github/api.js";
import { githubSettings } from "../targets/github/settings.js";
import { createConnector } from "../targets/registry.js";
import { statePath } from "../targets/state-file.js";
import { earlierState, withAcceptedInvitations } from "../targets/accepted-invitations.js";
import { cancelledInvitations } from "../targets/cancelled-invitations.js";
import { journalNames } from "../targets/renamed-targets.js";
import { journalFile } from "../model/journal-record.js";
import type { TargetState } from "../model/target-state.js";
import type { TargetType } from "../model/target-types.js";
import { importDesiredState, type CredentialNhi, type ImportOutput } from "./desired-state.js";
import { credentialNhis, samlIdentities } from "./github-extras.js";
import { DEFAULT_RETRY, realTiming, retryingReads, type ReadRetryNotice, type Timing } from "../apply/retry.js";
import { GENERATED_HEADER, importPaths, isImportedPath, isPartOf, loginAttributeFor } from "./layout.js";
import { indexPeople, isEmailInvitation, linkAccounts, type AccountEvidence, type Answer } from "./link-accounts.js";
import { requireScimFilters } from "./scim-features.js";
import { stateJson } from "./state-json.js";
import { maskedStateWarning, secretFreeState } from "./state-secrets.js";
import { refuseUndecided, undecidedDirectories, undecidedNote } from "./undecided-directories.js";
import { writeFiles } from "./write-files.js";

export interface ImportOptions {
  repoDir: string;
  target: string;
  /** Where the imported files go (default: the repository itself). */
  outDir: string;
  env: Record<string, string | undefined>;
  now: number;
  /** Tests inject timing so read retries do not wait (as for apply and drift). */
  timing?: Timing;
  /** Told before each wait of a retried read (the CLI says so on standard error). */
  onRetry?: ReadRetryNotice;
  /** The most bytes per written file (default FILE_BUDGET); tests set a small one. */
  fileBudget?: number;
  /** Told, before anything is read, when the organisation fits the heap only near its limit (compile.ts). */
  onMemoryWarning?: (warning: ScopesyncError) => void;
}

export interface ImportReport {
  counts: ImportOutput["counts"];
  written: string[];
  unchanged: string[];
  removed: string[];
  proposals: string;
  /** That a directory source has still to say what a disabled account means (undecided-directories.ts). */
  note?: string;
  /** What became of each pending e-mail invitation (desired-state.ts), one line each. */
  invitations: string[];
  /** What import could not tell, one line each (an unreadable earlier state file). */
  warnings: string[];
}

export async function importTarget(options: ImportOptions): Promise<ImportReport> {
  const { repoDir, target, env, now } = options;
  // The identities, the one target read live (weighed as its saved state, if it has one yet) and what import writes of it.
  const inputs = { repoDir, files: workingTree(repoDir), env, now, ...(options.onMemoryWarning ? { onMemoryWarning: options.onMemoryWarning } : {}) };
  const prepared = await prepare(inputs, weigh(inputs, { imported: target }));
  if (!prepared.ok) throw new ScopesyncError(`the repository does not validate (${prepared.diagnostics.length} problem${prepared.diagnostics.length === 1 ? "" : "s"})`, "run scopesync validate and fix what it reports; nothing was written");
  const { repo, identities } = prepared.value;
  const config = repo.config.value.targets[target];
  if (!config) throw new ScopesyncError(`no target "${target}" in scopesync.yaml`, `targets: ${Object.keys(repo.config.value.targets).sort().join(", ")}`);
  const type = config.type as TargetType;
  const handPolicy = repo.apps.find((a) => a.value.target === target && !isImportedPath(a.file));
  if (handPolicy) throw new ScopesyncError(`target "${target}" already has a hand-written app policy (${handPolicy.file}:${handPolicy.line}); import writes its own`, "import a target that no policy manages yet, or move that policy away first; nothing was written");
  const machinePattern = patternOf(target, config);
  // Before the target is read: what a disabled directory account means is the organisation's to
  // say, and the imported policy's onSuspended: keep rests on it.
  const undecided = undecidedDirectories(repo.config, identities);
  refuseUndecided(target, undecided);

  // Read first, decide after: nothing is written unless every read succeeded.
  const read = await readTarget(target, config, type, repoDir, env, now, options.timing ?? realTiming, options.onRetry);
  const { evidence, credentials } = read;
  const paths = importPaths(target);
  const answers = readAnswers(join(options.outDir, paths.proposals), paths.proposals);
  // The state file this import replaces is the record of which e-mail invitations were pending: a
  // member who accepted one since is recorded so (targets/accepted-invitations.ts), and links by it.
  const stateFile = statePath(target, config);
  const earlier = type === "file" ? {} : earlierState(existsSync(join(options.outDir, stateFile)) ? options.outDir : repoDir, stateFile, target);
  // One scopesync cancelled (its journal: apply.journal, or the default) was not accepted, whatever the read shows.
  const state = withAcceptedInvitations(earlier.state, read.state, new Date(now).toISOString(), cancelledInvitations(journalFile(repoDir, repo.config.value), journalNames(repo.config.value, target)));
  // An answer for an e-mail invitation would write its address as someone's login: refused, not dropped.
  const answeredInvitation = [...answers.accounts.keys()].find((id) => state.accounts.some((a) => a.id === id && isEmailInvitation(a)));
  if (answeredInvitation) throw new ScopesyncError(`${paths.proposals}: ${answeredInvitation} is a pending e-mail invitation, which has no ${loginAttributeFor(target)} to link until someone accepts it under a GitHub login`, `delete its answer; once it is accepted, run scopesync state pull and import again (the member who accepted it is linked then where the org's SAML identity of it names the address, and named for you to answer otherwise); nothing was written`);

  const people = identities.filter((i) => i.kind === "person");
  // A typo in an answer is refused, not dropped: dropping it would erase what the person wrote.
  const personIds = new Set(people.map((p) => p.id));
  const unknown = answers.named.find((n) => !personIds.has(n.person));
  if (unknown) throw new ScopesyncError(`${unknown.at}: ${unknown.what} is ${JSON.stringify(unknown.person)}, which names no person from the sources`, "write the person's id (their login in the sources, not an email address), or nhi or ignore for an account; nothing was written");
  const loginAttr = loginAttributeFor(target);
  const index = indexPeople(people, loginAttr, (at) => isImportedPath(at));
  // scopesync's own account (runAs) is neither a person's nor an NHI to own: the planner never
  // touches it, whatever the desired state says.
  const runAs = config.runAs?.toLowerCase();
  const accounts = runAs ? state.accounts.filter((a) => a.login.toLowerCase() !== runAs) : state.accounts;
  const links = linkAccounts(accounts, evidence, index, answers.accounts);
  const machine = new Set(links.nhi.map((a) => a.id));
  // Unlinked accounts whose login the configured pattern calls a machine's become ServiceAccounts.
  const unlinked = links.unlinked.filter((u) => {
    if (!machinePattern?.test(u.account.login)) return true;
    machine.add(u.account.id);
    return false;
  });
  const result = importDesiredState({
    target,
    type,
    date: new Date(now).toISOString().slice(0, 10),
    accounts,
    links: { ...links, unlinked },
    machineAccounts: accounts.filter((a) => machine.has(a.id) && a.active),
    credentialNhis: credentials,
    nhiOwners: answers.owners,
    takenIds: handWrittenIds(repo, identities),
    importedPeople: importedOverlays(repo, options, paths.people),
    handWritten: new Map(repo.people.filter((p) => !isImportedPath(p.file)).map((p) => [p.value.id, { at: `${p.file}:${p.line}`, attributes: p.value.attributes ?? {} }])),
    privileged: (e) => type === "github" && e === "role:admin",
    previousFiles: [paths.people, paths.groups, paths.serviceAccounts].flatMap((p) => partsOnDisk(options.outDir, p)),
    ...(options.fileBudget !== undefined ? { fileBudget: options.fileBudget } : {}),
  });
  if (result.conflicts.length > 0) {
    // The first few, and how many more: an organisation's worth of overlays would be one unreadable line.
    const shown = result.conflicts.slice(0, CONFLICTS_SHOWN);
    const more = result.conflicts.length - shown.length;
    throw new ScopesyncError(`import of "${target}" needs ${result.conflicts.length} hand-written overlay${result.conflicts.length === 1 ? "" : "s"} changed first: ${shown.join("; ")}${more > 0 ? `; and ${more} more` : ""}`, "add those attributes to the overlays (or move the overlays away) and run import again; nothing was written");
  }

  const files = new Map(result.files);
  // The state file is committed: a secret-shaped attribute is masked, anything else secret-shaped refused (state-secrets.ts).
  const clean = type !== "file" ? secretFreeState(state, target, stateFile) : undefined;
  if (clean) files.set(stateFile, stateJson(clean.state, new Date(now).toISOString(), targetEndpoint(config)));
  const done = writeFiles(options.outDir, files, (path, existing) => (path === stateFile ? isStateFile(existing) : existing.split("\n", 4).includes(GENERATED_HEADER)), `import of "${target}"`);
  const note = undecidedNote(undecided);
  const warnings = [...(earlier.problem ? [`${earlier.problem}; members who accepted an e-mail invitation since it was written cannot be told, and are not linked by it`] : []), ...(clean?.masked ?? []).map((m) => maskedStateWarning(target, stateFile, m).replace(/^warning: /, ""))];
  return { counts: result.counts, ...done, proposals: paths.proposals, invitations: result.invitations, warnings, ...(note !== undefined ? { note } : {}) };
}

async function readTarget(target: string, config: TargetConfig, type: TargetType, repoDir: string, env: Record<string, string | undefined>, now: number, timing: Timing, onRetry?: ReadRetryNotice): Promise<{ state: TargetState; evidence: Map<string, AccountEvidence>; credentials: CredentialNhi[] }> {
  if (type === "scim") await requireScimFilters(target, config, env, timing);
  const connector = createConnector(config, { name: target, repoDir, env, now: () => now });
  try {
    // Retried as apply's reads are (a 429, a 5xx, a dropped connection), resuming at the page it stopped on.
    const state = await retryingReads(new Map([[target, connector]]), DEFAULT_RETRY, timing, onRetry).get(target)!.read();
    const evidence = new Map<string, AccountEvidence>();
    for (const a of state.accounts) evidence.set(a.id, { emails: a.attributes.email ? [a.attributes.email] : [] });
    if (type !== "github") return { state, evidence, credentials: [] };
    const api = new GithubApi(githubSettings(config, { name: target, repoDir, env }));
    if (config.options?.saml === true) {
      const saml = await samlIdentities(api);
      for (const a of state.accounts) {
        const s = saml.get(a.login.toLowerCase());
        if (s) evidence.set(a.id, { ...evidence.get(a.id)!, saml: s });
      }
    }
    return { state, evidence, credentials: await credentialNhis(api, state) };
  } finally {
    await connector.close?.();
  }
}

const CONFLICTS_SHOWN = 5;

/** `path` and its numbered parts (partPath) as they are in `root`, relative to it. */
function partsOnDisk(root: string, path: string): string[] {
  const folder = join(root, dirname(path));
  if (!existsSync(folder) || !statSync(folder).isDirectory()) return [];
  return readdirSync(folder)
    .map((name) => `${dirname(path)}/${name}`)
    .filter((p) => isPartOf(path, p))
    .sort();
}

type Overlays = Map<string, { attributes: Record<string, string | number | boolean>; note?: string }>;

/**
 * The shared people file (with its numbered parts) this import merges its logins into: the files it
 * is about to rewrite. With --out DIR, those in DIR when an earlier import wrote them there (imports
 * of several targets into one folder add up, as they do in the repository); else the repository's.
 */
function importedOverlays(repo: PolicyRepo, options: ImportOptions, path: string): Overlays {
  const fromRepo = (): Overlays => new Map(repo.people.filter((p) => isPartOf(path, p.file)).map((p) => [p.value.id, { ...(p.value.anchor ? { anchor: p.value.anchor } : {}), attributes: p.value.attributes ?? {}, ...(p.value.note ? { note: p.value.note } : {}) }]));
  if (resolve(options.outDir) === resolve(options.repoDir)) return fromRepo();
  // A file import did not write is never overwritten (writeFiles refuses, naming it): nothing to merge.
  const texts = partsOnDisk(options.outDir, path)
    .map((p) => ({ file: join(options.outDir, p), text: readFileSync(join(options.outDir, p), "utf8") }))
    .filter(({ text }) => text.split("\n", 4).includes(GENERATED_HEADER));
  if (texts.length === 0) return fromRepo();
  const overlays: Overlays = new Map();
  for (const { file, text } of texts) {
    for (const doc of parseAllDocuments(text)) {
      const problem = "errors" in doc ? doc.errors[0] : undefined;
      if (problem) throw new ScopesyncError(`${file}: not valid YAML: ${problem.message.split("\n")[0]}`, "delete the file (the next import writes it again), or import into another --out folder; nothing was written");
      const value = doc.toJS() as { kind?: unknown; id?: unknown; anchor?: unknown; attributes?: unknown; note?: unknown } | null;
      if (!value || value.kind !== "Person" || typeof value.id !== "string" || typeof value.attributes !== "object" || value.attributes === null) {
        throw new ScopesyncError(`${file}: a document that is not an imported person overlay (kind Person, id, attributes)`, "delete the file (the next import writes it again), or import into another --out folder; nothing was written");
      }
      overlays.set(value.id, { ...(typeof value.anchor === "string" ? { anchor: value.anchor } : {}), attributes: value.attributes as Record<string, string | number | boolean>, ...(typeof value.note === "string" ? { note: value.note } : {}) });
    }
  }
  return overlays;
}

function patternOf(target: string, config: TargetConfig): RegExp | undefined {
  const source = config.options?.machineAccounts;
  if (source === undefined) return undefined;
  if (typeof source !== "string") throw new ScopesyncError(`targets.${target}.options.machineAccounts must be a regular expression as a string`, 'e.g. machineAccounts: "(^svc-|-bot$|\\\\[bot\\\\]$)"');
  try {
    return new RegExp(source, "i");
  } catch (e) {
    throw new ScopesyncError(`targets.${target}.options.machineAccounts is not a valid regular expression: ${(e as Error).message}`, "fix the pattern in scopesync.yaml");
  }
}

/** Ids an imported document may not take: people, and documents in hand-written files. */
function handWrittenIds(repo: PolicyRepo, identities: readonly Identity[]): Set<string> {
  const ids = new Set(identities.filter((i) => i.kind === "person").map((i) => i.id));
  for (const d of [...repo.groups, ...repo.nhis, ...repo.apps]) if (!isImportedPath(d.file)) ids.add(d.value.id);
  return ids;
}

function isStateFile(text: string): boolean {
  try {
    const data = JSON.parse(text) as { formatVersion?: unknown; accounts?: unknown };
    return data.formatVersion === 1 && Array.isArray(data.accounts);
  } catch {
    return false;
  }
}

interface Answers {
  accounts: Map<string, Answer>;
  owners: Map<string, string>;
  /** Where each person named in an answer stands in the file, for the error that names no person. */
  named: Array<{ person: string; at: string; what: string }>;
}

/** The answers a person wrote into the proposals file of an earlier run; none when it is absent. */
function readAnswers(path: string, shown: string): Answers {
  const accounts = new Map<string, Answer>();
  const owners = new Map<string, string>();
  const named: Answers["named"] = [];
  if (!existsSync(path)) return { accounts, owners, named };
  const lines = new LineCounter();
  const parsed = parseDocument(readFileSync(path, "utf8"), { lineCounter: lines });
  if (parsed.errors.length > 0) throw new ScopesyncError(`${path}: not valid YAML: ${parsed.errors[0]!.message.split("\n")[0]}`, "fix the answers you wrote, or delete the file to start over");
  const at = (node: unknown): string => {
    const offset = isNode(node) ? node.range?.[0] : undefined;
    if (offset === undefined) return shown;
    const { line, col } = lines.linePos(offset);
    return `${shown}:${line}:${col}`;
  };
  const items = (key: string): YAMLMap[] => {
    const seq = parsed.get(key, true);
    return isSeq(seq) ? seq.items.filter((i): i is YAMLMap => isMap(i)) : [];
  };
  for (const item of items("accounts")) {
    const account = item.get("account");
    const raw = item.get("answer");
    const answer = typeof raw === "string" ? raw.trim() : "";
    if (typeof account !== "string" || answer === "") continue;
    accounts.set(account, answer === "nhi" ? { nhi: true } : answer === "ignore" ? { ignore: true } : { person: answer });
    if (answer !== "nhi" && answer !== "ignore") named.push({ person: answer, at: at(item.get("answer", true)), what: `the answer for account ${JSON.stringify(account)}` });
  }
  for (const item of items("owners")) {
    const nhi = item.get("nhi");
    const raw = item.get("owner");
    if (typeof nhi !== "string" || typeof raw !== "string" || raw.trim() === "") continue;
    owners.set(nhi, raw.trim());
    named.push({ person: raw.trim(), at: at(item.get("owner", true)), what: `the owner of ${nhi}` });
  }
  return { accounts, owners, named };
}
