import { compile } from "../compile.js";
import { workingTree } from "../config/repo-files.js";
import { ScopesyncError } from "../model/errors.js";
import { normaliseLogin } from "../model/keys.js";
import { closest } from "../model/suggest.js";
import { explainIdentity } from "../plan/explain.js";
import { ExitCode } from "./exit-codes.js";
import type { Io } from "./io.js";
import { valueOrReport } from "./load-or-report.js";
import { parseNow } from "../model/now.js";

export interface ExplainOptions { repo: string; identity: string | undefined; app?: string; now?: string; fromSnapshots?: boolean }

/** `scopesync explain IDENTITY [--app APP]`. */
export async function explainCommand(options: ExplainOptions, io: Io): Promise<number> {
  if (!options.identity) throw new ScopesyncError("explain needs an identity", "scopesync explain ada.lovelace [--app github]");
  const now = parseNow(options.now);
  const compiled = valueOrReport(await compile({ repoDir: options.repo, files: workingTree(options.repo), env: io.env, now, ...(options.fromSnapshots ? { fromSnapshots: true } : {}) }), io);
  if (!compiled) return ExitCode.invalid;
  const wanted = normaliseLogin(options.identity);
  const identity = compiled.identities.find((i) => i.id === wanted || i.anchor === options.identity || i.aliases.includes(options.identity!) || (i.attributes.emails as string[] | undefined)?.includes(wanted));
  if (!identity) {
    const guess = closest(wanted, compiled.identities.map((i) => i.id));
    throw new ScopesyncError(`no identity "${options.identity}"`, guess ? `did you mean "${guess}"? (scopesync identities lists them all)` : "scopesync identities lists them all; an identity is a login, an NHI id, an anchor such as hr:W1001, or an email");
  }
  if (options.app && !compiled.repo.apps.some((a) => a.value.id === options.app || a.value.target === options.app)) {
    throw new ScopesyncError(`no app "${options.app}"`, `apps: ${compiled.repo.apps.map((a) => a.value.id).sort().join(", ")}`);
  }
  const states = new Map([...compiled.targets].map(([k, v]) => [k, v.state]));
  io.out(explainIdentity({ repo: compiled.repo, identities: compiled.identities, plan: compiled.plan, states, now }, identity, options.app).join("\n"));
  return ExitCode.ok;
}
