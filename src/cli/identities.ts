import { prepare } from "../compile.js";
import { workingTree } from "../config/repo-files.js";
import { canonicalJson } from "../model/canonical-json.js";
import { ScopesyncError } from "../model/errors.js";
import type { Identity } from "../model/identity.js";
import { termText } from "../plan/render/escape.js";
import { ExitCode } from "./exit-codes.js";
import type { Io } from "./io.js";
import { valueOrReport } from "./load-or-report.js";
import { parseNow } from "../model/now.js";

export interface IdentitiesOptions { repo: string; format?: string; now?: string; fromSnapshots?: boolean }

/** `scopesync identities`: every resolved identity with where each attribute came from. */
export async function identitiesCommand(options: IdentitiesOptions, io: Io): Promise<number> {
  const format = options.format ?? "text";
  if (format !== "text" && format !== "json") throw new ScopesyncError(`unknown format "${format}"`, "valid formats: text, json");
  const prepared = valueOrReport(await prepare({ repoDir: options.repo, files: workingTree(options.repo), env: io.env, now: parseNow(options.now), ...(options.fromSnapshots ? { fromSnapshots: true } : {}) }), io);
  if (!prepared) return ExitCode.invalid;
  if (format === "json") {
    io.out(`${canonicalJson({ identities: prepared.identities, findings: prepared.findings })}\n`);
  } else {
    io.out(prepared.identities.map(describe).join("\n\n"));
    for (const f of prepared.findings) io.out(`${f.severity} ${f.rule}: ${termText(f.message, 600)}`);
    io.out(`\n${prepared.identities.length} identities (${prepared.identities.filter((i) => i.kind === "person").length} people, ${prepared.identities.filter((i) => i.kind !== "person").length} non-human)`);
  }
  return prepared.findings.some((f) => f.severity === "error") ? ExitCode.blocked : ExitCode.ok;
}

function describe(identity: Identity): string {
  const lines = [`${termText(identity.id)}  ${identity.kind}  ${identity.status}${identity.breakGlass ? "  break-glass" : ""}  anchor ${termText(identity.anchor)}`];
  if (identity.records.length > 1) lines.push(`  merged records: ${identity.records.map((r) => termText(r)).join(", ")}`);
  for (const key of Object.keys(identity.attributes).sort()) {
    const value = identity.attributes[key]!;
    const shown = Array.isArray(value) ? value.join(", ") : String(value);
    const p = identity.provenance[key];
    lines.push(`  ${key.padEnd(16)} ${termText(shown, 80).padEnd(40)} ${p ? `${termText(p.source)} ${termText(p.at)}${p.rule ? ` (${p.rule})` : ""}` : ""}`.trimEnd());
  }
  return lines.join("\n");
}
