import { resolve } from "node:path";
import { DEFAULT_RETRY, realTiming, retryingReads } from "../apply/retry.js";
import { baseOptions, compile, weighLive } from "../compile.js";
import { workingTree } from "../config/repo-files.js";
import { ScopesyncError } from "../model/errors.js";
import type { Identity } from "../model/identity.js";
import { append } from "../model/append.js";
import { findIdentity } from "../model/find-identity.js";
import { normaliseLogin } from "../model/keys.js";
import { maskSecretShapes } from "../model/secret-shapes.js";
import { unwritableShape } from "../model/unwritable-value.js";
import { closest } from "../model/suggest.js";
import { renderExplain } from "../plan/render/explain.js";
import { ExitCode } from "./exit-codes.js";
import type { Io } from "./io.js";
import { valueOrReport, warnOnStderr } from "./load-or-report.js";
import { parseNow } from "../model/now.js";
import { journalFile, journalName } from "../model/journal-record.js";
import { journalIdentity } from "../model/journal-offboarding.js";
import { journalEnds } from "../targets/journal-ends.js";
import { readTargetsLive } from "../targets/read-targets.js";
import type { ExplainJournal } from "../plan/render/explain-journal.js";
import { accountKey, historyText, inHistory, unreadHistory, type HistorySubject } from "../plan/render/explain-history.js";
import { termText as t } from "../plan/render/escape.js";
import { loginForReview } from "../model/look-alike-logins.js";
import type { JournalRecord } from "../model/journal-record.js";
import { formerTargetNames } from "../targets/renamed-targets.js";
import { loadedConfig } from "./emit-plan.js";
import { withHeartbeat } from "./progress.js";
import { readRetryNotice } from "./read-retry-notice.js";

export interface ExplainOptions {
  repo: string;
  identity: string | undefined;
  app?: string;
  now?: string;
  fromSnapshots?: boolean;
  /** As plan --base: the pull request's plan, which knows the base's logins (an account under an earlier one, a deleted bot's). */
  base?: string;
  /** As plan --fetched-exports: with base, the exports count as the sources'. */
  fetchedExports?: boolean;
  /** As plan --live: read every target through its connector (read-only) instead of its state file. */
  live?: boolean;
  /** Apply's journal (--journal), relative to the repository; when absent, scopesync.yaml's apply.journal, else .scopesync/journal.jsonl. */
  journal?: string;
  /** Also every line the journal has for the identity, whenever written (plan/render/explain-history.ts). */
  history?: boolean;
}

/**
 * `scopesync explain NAME [--app APP]`: plans once, asking the planner to keep its decisions for
 * NAME, and renders them with the plan's changes. NAME is an identity (login, NHI id, anchor,
 * alias or email) or any name a plan's change carries for an account without identity
 * (`account:demo.user`, or a gone person's anchor).
 */
export async function explainCommand(options: ExplainOptions, io: Io): Promise<number> {
  const asked = options.identity;
  if (!asked) throw new ScopesyncError("explain needs an identity", "scopesync explain ada.lovelace [--app github]");
  const now = parseNow(options.now);
  let identity: Identity | undefined;
  let knownIds: string[] = [];
  const login = normaliseLogin(asked);
  // An earlier login of a renamed person may also name an account no identity holds now (its
  // anchor's record is gone): the plan's changes for it are under that login, so both are explained.
  const accountNames = [...new Set([asked, login, `account:${asked}`, `account:${login}`])];
  const earlier = (): boolean => identity !== undefined && identity.id !== login && identity.formerIds?.includes(login) === true;
  // Asked by a key an export holds where the login belongs: the identity is shown under its anchor
  // (model/secret-free-identities.ts), found by what was asked (model/renamed-secret-ids.ts).
  let shownAs: string | undefined;
  const names = (identities: readonly Identity[], _config: unknown, renamed: (asked: string) => string | undefined): ReadonlySet<string> => {
    shownAs = renamed(asked);
    identity = findIdentity(identities, shownAs ?? asked);
    knownIds = identities.map((i) => i.id);
    return new Set(identity ? [identity.id, ...(earlier() ? accountNames : [])] : [asked, `account:${asked}`]);
  };
  // --live as plan's: the targets are read through their connectors (read-only), and the account
  // shown is the target's now. Without it, the state files, named with their age beside the account,
  // and the journal's lines since each was read (plan/render/explain-journal.ts).
  const base = await baseOptions(options.repo, options.base, options.fetchedExports);
  if (options.live) weighLive({ repoDir: options.repo, files: workingTree(options.repo), ...base });
  const live = options.live ? await import("../connectors.js") : undefined;
  const connectors = live?.openConnectors(loadedConfig(options.repo), options.repo, io.env, () => now);
  let compiled;
  try {
    const compiling = compile({
      ...(connectors ? { readTargets: () => readTargetsLive(retryingReads(connectors, DEFAULT_RETRY, realTiming, readRetryNotice(io))), lookUpLogins: connectors } : {}),
      repoDir: options.repo, files: workingTree(options.repo), env: io.env, now, onMemoryWarning: warnOnStderr(io), explain: names, ...(options.journal ? { journalPath: resolve(options.repo, options.journal) } : {}),
      ...(options.fromSnapshots ? { fromSnapshots: true } : {}),
      ...base,
    });
    compiled = valueOrReport(await (connectors ? withHeartbeat(io, "explain: reading the targets live", compiling) : compiling), io);
  } finally {
    if (connectors) await live!.closeConnectors(connectors);
  }
  if (!compiled) return ExitCode.invalid;
  const { repo, plan, decisions } = compiled;
  if (options.app && !repo.apps.some((a) => a.value.id === options.app || a.value.target === options.app)) {
    throw new ScopesyncError(`no app "${options.app}"`, `apps: ${repo.apps.map((a) => a.value.id).sort().join(", ")}`);
  }
  const name = identity?.id ?? [asked, `account:${asked}`].find((n) => decisions?.apps.some((d) => d.identity === n));
  // --journal, else scopesync.yaml's apply.journal, else the default: the one compile read (journalFile).
  const journalPath = journalFile(options.repo, repo.config.value, options.journal);
  const from = journalName(options.repo, journalPath);
  const formerNames = formerTargetNames(repo.config.value);
  // Whose lines the journal is read for: only those are kept of it (a year of it is a million lines).
  // An earlier login's account is named account:<login> (and explained after the identity's own block).
  const also = identity ? [...(identity.formerIds ?? []).map((id) => `account:${id}`), ...(earlier() ? accountNames : [])] : accountNames;
  const mine = name && decisions ? decisions.apps.filter((d) => d.identity === name || also.includes(d.identity)) : [];
  const subject: HistorySubject = {
    shown: name ?? asked,
    // The journal names an identity whose id looks like a secret by its anchor (journalIdentity).
    names: new Set([...(identity ? [identity.id, journalIdentity(identity.id, identity.anchor), ...(identity.formerIds ?? [])] : [asked, login]), ...also, ...(name ? [name] : [])]),
    accounts: new Set(mine.flatMap((d) => (d.account ? [accountKey(d.target, d.account.id)] : []))),
  };
  const accountIds = new Set(mine.flatMap((d) => (d.account ? [d.account.id] : [])));
  const keep = (r: Partial<JournalRecord>) => (typeof r.identity === "string" && subject.names.has(r.identity)) || (typeof r.account === "string" && accountIds.has(r.account));
  // A line cut off or edited is no record, but its text may still name them (`"identity":"tlind"`).
  const quoted = [...subject.names].map((n) => JSON.stringify(n));
  const named = (text: string) => quoted.some((q) => text.includes(q));
  const read = (): ExplainJournal => {
    const { lines, unreadable, naming } = journalEnds(journalPath, keep, named);
    return { from, lines, ...(formerNames.size > 0 ? { formerNames } : {}), ...(unreadable.length > 0 ? { unreadable } : {}), ...(naming.length > 0 ? { unreadableNaming: naming } : {}) };
  };
  if (!decisions || !name) {
    // Someone no source exports any more, and no account holds: their history is still the journal's.
    const journal = options.history ? read() : undefined;
    if (journal?.lines.some((l) => inHistory(l, journal, subject))) {
      io.out([`${t(asked)}: no identity or account in the plan now; what the journal records:`, "", ...historyText(journal, subject)].map(maskSecretShapes).join("\n"));
      return ExitCode.ok;
    }
    // A key is not a name to suggest another like: say what became of such names, without it.
    const secret = secretShape(asked);
    if (secret !== undefined) throw new ScopesyncError(`no identity or account has the name asked, which looks like a secret (${secret}), so it is not shown`, "an identity whose login or id looks like a secret is shown under its anchor (hr:W1001): scopesync identities lists every identity; ask by the anchor, and rotate the key wherever an export holds it");
    const candidates = [...knownIds, ...new Set(plan.changes.map((c) => c.identity))];
    const guess = closest(normaliseLogin(asked), candidates);
    const unread = journal && unreadHistory(journal, subject);
    // Lines that name them exist but cannot be read: what was found, and the way to read them.
    if (unread && journal.unreadableNaming) throw new ScopesyncError(`no identity or account "${asked}" in the plan now, and ${unread}`, `each line of the journal is one JSON record as apply wrote it (docs/formats.md, "The apply journal"): restore those lines from the journal artifact the workflows kept, or repair them by hand, then run scopesync explain ${asked} --history again`);
    throw new ScopesyncError(`no identity or account "${asked}"${unread ? `; ${unread}` : ""}`, guess ? `did you mean "${loginForReview(guess)}"? (scopesync identities lists every identity)` : "an identity is a login, an NHI id, an anchor such as hr:W1001, or an email; an account without identity is account:LOGIN (scopesync identities lists every identity)");
  }
  if (shownAs !== undefined && identity) io.err(`explain: the name asked looks like a secret (${secretShape(asked) ?? "a key"}), so it is not shown: the ${identity.kind === "person" ? "person whose login it is is shown under their" : `${identity.kind.replace("-", " ")} whose id it is is shown under its`} anchor, ${t(identity.id)}`);
  const onlyApp = options.app ? { onlyApp: options.app } : {};
  const journal = read();
  const lines = renderExplain({ repo, plan, decisions, identity, name, ...onlyApp, sourcesFailingGates: compiled.sourcesFailingGates, sourcesUnproven: compiled.sourcesUnproven, journal });
  if (earlier()) {
    io.err(`explain: "${t(loginForReview(login))}" is the earlier login of ${t(loginForReview(identity!.id))}, whom the sources renamed`);
    const account = accountNames.find((n) => decisions.apps.some((d) => d.identity === n));
    if (account) append(lines, ["", ...renderExplain({ repo, plan, decisions, identity: undefined, name: account, ...onlyApp, sourcesFailingGates: compiled.sourcesFailingGates, sourcesUnproven: compiled.sourcesUnproven, journal })]);
  }
  if (options.history) append(lines, ["", ...historyText(journal, subject)]);
  // Explain shows an identity's attributes as the exports give them, and the planner's reasons:
  // text from sources. Every line passes the masker here, whatever renderExplain adds later.
  io.out(lines.map(maskSecretShapes).join("\n"));
  return ExitCode.ok;
}

/** The kind of secret `asked` looks like, as typed or as a login is compared; undefined for a name. */
function secretShape(asked: string): string | undefined {
  return unwritableShape(asked) ?? unwritableShape(normaliseLogin(asked));
}
