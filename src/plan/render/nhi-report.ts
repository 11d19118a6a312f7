// The NHI inventory as text (`nhi report`) and as the Markdown section of the plan comment. Names
// come from the systems: escaped like every other untrusted string, and an NHI id, owner or
// credential id that reads as an ASCII one written with its code points, as the plan writes it
// (loginForReview): "ci-dеploy" with a Cyrillic "е" is not the "ci-deploy" a reviewer knows.
import type { NhiCredentialRow, NhiInventory, NhiRow, NhiSummary } from "../../policy/nhi-inventory.js";
import { mdCode, mdText, termName, termText } from "./escape.js";
import { append } from "../../model/append.js";
import { parseDate } from "../../model/time.js";
import { noExpiryText } from "../../model/cannot-expire.js";
import { loginForReview } from "../../model/look-alike-logins.js";

const share = (part: number, whole: number): string => (whole === 0 ? "n/a" : `${Math.round((part / whole) * 100)}% (${part}/${whole})`);

/** The headline figures, one per line, the same words in text and Markdown. */
function figures(s: NhiSummary): string[] {
  return [
    `NHIs: ${s.nhis} (${s.declared} declared, ${s.undeclared} undeclared${s.fromDirectories ? `, ${s.fromDirectories} from directories` : ""}${s.notFound ? `, ${s.notFound} declared but not found` : ""}${s.platformManaged ? `; ${s.platformManaged} platform-managed not counted` : ""})`,
    `with an active owner: ${share(s.withActiveOwner, s.nhis)}`,
    `credentials rotated within ${s.maxAge}: ${share(s.rotatedWithinPolicy, s.credentials)}`,
    `credentials unused for more than ${s.maxUnused}: ${s.unused}`,
    `credentials that never expire: ${s.neverExpire}`,
    `credential age: ${s.ageBuckets[0]} ≤30d · ${s.ageBuckets[1]} 31–90d · ${s.ageBuckets[2]} 91–365d · ${s.ageBuckets[3]} older`,
  ];
}

/**
 * An expiry as an ISO 8601 date (UTC): files write dates (2027-01-18), systems date-times
 * (2028-04-17T08:30:00Z); a report that counts ages in days shows them one way.
 */
function isoDate(value: string): string {
  const at = parseDate(value);
  return Number.isNaN(at) ? value : new Date(at).toISOString().slice(0, 10);
}

/** A credential's state after its type and id, the same words in text and Markdown (numbers and fixed words only). */
function credentialState(c: NhiCredentialRow): string {
  const use = c.lastUsedDays !== undefined ? `used ${c.lastUsedDays}d ago` : c.neverUsed ? "never used" : "use not recorded";
  return `${c.ageDays}d old, ${c.rotatedWithinPolicy ? "within policy" : "NOT ROTATED"}, ${use}${c.unused ? " (UNUSED)" : ""}${c.expiresAt ? `, expires ${isoDate(c.expiresAt)}` : `, ${noExpiryText(c)}`}`;
}

/** An owner row's standing: no one knows an unknown owner, so it is neither active nor gone (NhiRow.ownerUnknown). */
const ownerState = (o: NhiInventory["byOwner"][number]): "" | "active" | "gone" | "unknown" => (o.owner === "(none)" ? "" : o.active ? "active" : o.unknown ? "unknown" : "gone");
const STATE_TEXT = { "": "", active: "active", gone: "GONE", unknown: "UNKNOWN" } as const;
const STATE_MARKDOWN = { "": "", active: "active", gone: "⚠️ gone", unknown: "❔ unknown" } as const;
/** After an NHI's owner: why it does not count, in text or Markdown. */
const rowOwnerState = (r: NhiRow, markdown: boolean): string => (r.ownerGone ? (markdown ? " ⚠️ gone" : " (gone)") : r.ownerUnknown ? (markdown ? " ❔ unknown" : " (unknown)") : "");

/** A SAML app's token-signing certificate (NhiRow.signingCertificates): shown, never counted or revoked. */
const SIGNING = "SAML token-signing certificate (the app's, not a credential to revoke):";

/**
 * `nhi report`'s text a block at a time, each ending in a line break: the figures and owners, then
 * an NHI with its credentials. A million NHIs' report is longer than one string can be.
 */
export function* nhiTextPieces(inventory: NhiInventory): Generator<string> {
  const lines = ["NHI inventory", ...figures(inventory).map((f) => `  ${f}`), "", "By owner:"];
  for (const o of inventory.byOwner) {
    lines.push(`  ${termName(o.owner).padEnd(24)} ${STATE_TEXT[ownerState(o)].padEnd(6)}  ${o.nhis} NHI(s), ${o.credentials} credential(s), ${o.notRotated} not rotated, ${o.unused} unused`);
  }
  lines.push("", "NHIs:");
  yield `${lines.join("\n")}\n`;
  for (const r of inventory.rows) {
    const owner = r.owner ? `owner ${termName(r.owner)}${rowOwnerState(r, false)}` : "no owner";
    const row = [`  ${termName(r.id)}  ${r.kind}  ${r.status}  ${r.declared ? "declared" : r.directory ? "directory" : "UNDECLARED"}  ${owner}${r.sources.length ? `  from ${r.sources.map((s) => termText(s)).join(", ")}` : r.directory ? `  exported by ${r.directory.map((s) => termText(s)).join(", ")}` : ""}`];
    for (const c of r.credentials) row.push(`    ${c.type} ${termName(c.id, 120)}${fromWhich(r, c) ? ` (${termText(fromWhich(r, c)!)})` : ""}: ${credentialState(c)}`);
    for (const c of r.signingCertificates ?? []) row.push(`    ${SIGNING} ${termText(c)}`);
    yield `${row.join("\n")}\n`;
  }
}

/**
 * `nhi report --format markdown`: the text report's sections (figures, by owner, every NHI and
 * credential) as Markdown, a block (the head, then a table row) at a time, each ending in a line break.
 */
export function* nhiReportMarkdownPieces(inventory: NhiInventory): Generator<string> {
  const lines = ["## NHI inventory", "", ...figures(inventory).map((f) => `- ${f}`), "", "### By owner", ""];
  if (inventory.byOwner.length === 0) lines.push("No NHIs.", "");
  else {
    lines.push("| owner | state | NHIs | credentials | not rotated | unused |", "|---|---|--:|--:|--:|--:|");
    for (const o of inventory.byOwner) {
      lines.push(`| ${o.owner === "(none)" ? "_no owner_" : mdCode(loginForReview(o.owner))} | ${STATE_MARKDOWN[ownerState(o)]} | ${o.nhis} | ${o.credentials} | ${o.notRotated} | ${o.unused} |`);
    }
    lines.push("");
  }
  lines.push("### NHIs", "");
  if (inventory.rows.length === 0) lines.push("No NHIs.");
  else lines.push("| NHI | kind | status | declared | owner | from | credentials |", "|---|---|---|---|---|---|---|");
  yield `${lines.join("\n")}\n`;
  for (const r of inventory.rows) yield `${nhiRowMarkdown(r)}\n`;
}

/**
 * The source a credential was reported by, when its NHI has several: two AWS accounts each report
 * an `access_key_1`, and the row has to say which account's key it is.
 */
function fromWhich(r: NhiRow, c: NhiCredentialRow): string | undefined {
  return r.sources.length > 1 ? c.source : undefined;
}

function nhiRowMarkdown(r: NhiRow): string {
  const owner = r.owner ? `${mdCode(loginForReview(r.owner))}${rowOwnerState(r, true)}` : "_no owner_";
  const credentials = [
    ...r.credentials.map((c) => `${mdText(c.type)} ${mdCode(loginForReview(c.id), 120)}${fromWhich(r, c) ? ` (${mdText(fromWhich(r, c)!)})` : ""}: ${mdText(credentialState(c))}`),
    ...(r.signingCertificates ?? []).map((c) => `${SIGNING} ${mdText(c)}`),
  ].join("<br>");
  return `| ${mdCode(loginForReview(r.id))} | ${mdText(r.kind)} | ${mdText(r.status)} | ${r.declared ? "declared" : r.directory ? "directory" : "**undeclared**"} | ${owner} | ${(r.directory ?? r.sources).map((s) => mdText(s)).join(", ")} | ${credentials} |`;
}

/** The plan comment's NHI section: the figures and the owners who need attention, collapsed. */
export function renderNhiMarkdown(s: NhiSummary): string {
  const lines = ["<details><summary><b>Non-human identities</b>: " + `${s.nhis} NHIs, ${share(s.withActiveOwner, s.nhis)} with an active owner, ${share(s.rotatedWithinPolicy, s.credentials)} of credentials rotated within ${mdText(s.maxAge)}, ${s.unused} unused for more than ${mdText(s.maxUnused)}</summary>`, ""];
  // Figures are numbers and validated durations: nothing from a source to escape.
  append(lines, [...figures(s).map((f) => `- ${f}`), ""]);
  if (s.byOwner.length > 0) {
    lines.push("| owner | NHIs | credentials | not rotated | unused |", "|---|--:|--:|--:|--:|");
    for (const o of s.byOwner) lines.push(`| ${o.owner === "(none)" ? "_no owner_" : `${mdCode(loginForReview(o.owner))}${o.active ? "" : ` ${STATE_MARKDOWN[ownerState(o)]}`}`} | ${o.nhis} | ${o.credentials} | ${o.notRotated} | ${o.unused} |`);
    lines.push("");
  }
  lines.push("`scopesync nhi report` lists every NHI and credential.", "", "</details>");
  return lines.join("\n");
}
