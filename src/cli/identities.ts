import { prepare, weigh, type Prepared } from "../compile.js";
import { absenceUnknown } from "../model/unknown-absence.js";
import { workingTree } from "../config/repo-files.js";
import { canonicalJsonFilePieces } from "../model/canonical-json.js";
import { maskTexts } from "../model/mask-texts.js";
import { ScopesyncError } from "../model/errors.js";
import { noExpiryText } from "../model/cannot-expire.js";
import type { CredentialDoc } from "../model/documents.js";
import type { Identity } from "../model/identity.js";
import { termName, termText } from "../plan/render/escape.js";
import { loginForReview } from "../model/look-alike-logins.js";
import { ExitCode } from "./exit-codes.js";
import type { Io } from "./io.js";
import { jsonLines, printPieces } from "./print-pieces.js";
import type { Finding } from "../model/finding.js";
import { valueOrReport, warnOnStderr } from "./load-or-report.js";
import { parseNow } from "../model/now.js";

export interface IdentitiesOptions { repo: string; format?: string; now?: string; fromSnapshots?: boolean }

/** `scopesync identities`: every resolved identity with where each attribute came from. */
export async function identitiesCommand(options: IdentitiesOptions, io: Io): Promise<number> {
  const format = options.format ?? "text";
  if (format !== "text" && format !== "json") throw new ScopesyncError(`unknown format "${format}"`, "valid formats: text, json");
  const inputs = { repoDir: options.repo, files: workingTree(options.repo), env: io.env, onMemoryWarning: warnOnStderr(io), now: parseNow(options.now), ...(options.fromSnapshots ? { fromSnapshots: true } : {}) };
  // Weighed by what it reads and holds: the identities, never a target's state (memory-budget.ts).
  const prepared = valueOrReport(await prepare(inputs, weigh(inputs, "resolve")), io);
  if (!prepared) return ExitCode.invalid;
  // Attributes, credential labels and findings carry text from the exports (a description, a
  // display name): all of it is masked here, once, for both formats, before any is cut short.
  const { identities, findings } = maskTexts({ identities: prepared.identities, findings: prepared.findings });
  // An identity at a time: a million identities' text does not fit in one string (print-pieces.ts).
  await printPieces(io, format === "json" ? jsonLines(canonicalJsonFilePieces({ identities, findings })) : textPieces(identities, findings, prepared));
  return findings.some((f) => f.severity === "error") ? ExitCode.blocked : ExitCode.ok;
}

/** An identity's lines at a time, each piece ending with a line break (print-pieces.ts). */
function* textPieces(identities: readonly Identity[], findings: readonly Finding[], absence: Pick<Prepared, "sourcesFailingGates" | "sourcesUnproven">): Generator<string> {
  // No identities: the empty line their list was printed as.
  if (identities.length === 0) yield "\n";
  for (let i = 0; i < identities.length; i++) yield `${i > 0 ? "\n" : ""}${describe(identities[i]!, absence)}\n`;
  for (const f of findings) yield `${f.severity} ${f.rule}: ${termText(f.message, 600)}\n`;
  const people = identities.filter((i) => i.kind === "person").length;
  yield `\n${identities.length} identities (${people} people, ${identities.length - people} non-human)\n`;
}

function describe(identity: Identity, absence: Pick<Prepared, "sourcesFailingGates" | "sourcesUnproven">): string {
  // An id, anchor or value that reads as an ASCII one is shown with its code points, as the plan shows it (loginForReview).
  const lines = [`${termText(loginForReview(identity.id))}  ${identity.kind}  ${identity.status}${identity.breakGlass ? "  break-glass" : ""}  anchor ${termText(loginForReview(identity.anchor))}`];
  if (identity.records.length > 1) lines.push(`  merged records: ${identity.records.map((r) => termText(loginForReview(r))).join(", ")}`);
  if (identity.held) {
    const { why, until } = absenceUnknown(identity.held, absence.sourcesUnproven, absence.sourcesFailingGates);
    lines.push(`  held: ${identity.held.map((s) => termText(s)).join(" and ")} ${why} and no longer exports this person; ${identity.status === "terminated" ? "they left (status terminated), so they are offboarded all the same" : `nothing is planned for them ${until}`}`);
  }
  for (const key of Object.keys(identity.attributes).sort()) {
    const value = identity.attributes[key]!;
    const shown = Array.isArray(value) ? value.map((x) => loginForReview(x)).join(", ") : loginForReview(String(value));
    const p = identity.provenance[key];
    lines.push(`  ${termText(key).padEnd(16)} ${termText(shown, 80).padEnd(40)} ${p ? `${termText(p.source)} ${termText(p.at)}${p.rule ? ` (${p.rule})` : ""}` : ""}`.trimEnd());
  }
  // Discovered NHIs: where the systems reported them, and each credential with the system's dates.
  if (identity.discoveredBy?.length) lines.push(`  discovered by    ${identity.records.map((r) => termText(r, 120)).join(", ")}`);
  if (identity.notFoundIn?.length) lines.push(`  not found in     ${identity.notFoundIn.map((r) => termText(r, 120)).join(", ")}`);
  for (const c of identity.credentials ?? []) if (c.discoveredBy) lines.push(`  credential       ${credentialLine(c)}`);
  return lines.join("\n");
}

function credentialLine(c: CredentialDoc): string {
  const facts = [
    `${c.type} ${termName(c.id, 200)}`,
    c.status ?? "active",
    c.managedBy === "system" ? "system-managed" : undefined,
    `issued ${c.issuedAt}`,
    c.expiresAt ? `expires ${c.expiresAt}` : noExpiryText(c),
    c.lastRotatedAt ? `rotated ${c.lastRotatedAt}` : undefined,
    c.lastUsedAt ? `last used ${c.lastUsedAt}${c.lastUsedService ? ` (${termText(c.lastUsedService)})` : ""}` : c.neverUsed ? "never used" : "use not recorded",
    c.principal ? `on ${termText(c.principal, 200)}` : undefined,
  ];
  return facts.filter((f) => f !== undefined).join(", ");
}
