// The NHI inventory as text (`nhi report`) and as the Markdown section of the plan comment. Names
// come from the systems: escaped like every other untrusted string.
import type { NhiInventory, NhiSummary } from "../../policy/nhi-inventory.js";
import { mdCode, mdText, termText } from "./escape.js";
import { append } from "../../model/append.js";

const share = (part: number, whole: number): string => (whole === 0 ? "n/a" : `${Math.round((part / whole) * 100)}% (${part}/${whole})`);

/** The headline figures, one per line, the same words in text and Markdown. */
function figures(s: NhiSummary): string[] {
  return [
    `NHIs: ${s.nhis} (${s.declared} declared, ${s.undeclared} undeclared${s.notFound ? `, ${s.notFound} declared but not found` : ""}${s.platformManaged ? `; ${s.platformManaged} platform-managed not counted` : ""})`,
    `with an active owner: ${share(s.withActiveOwner, s.nhis)}`,
    `credentials rotated within ${s.maxAge}: ${share(s.rotatedWithinPolicy, s.credentials)}`,
    `credentials unused for more than ${s.maxUnused}: ${s.unused}`,
    `credentials that never expire: ${s.neverExpire}`,
    `credential age: ${s.ageBuckets[0]} ≤30d · ${s.ageBuckets[1]} 31–90d · ${s.ageBuckets[2]} 91–365d · ${s.ageBuckets[3]} older`,
  ];
}

export function renderNhiText(inventory: NhiInventory): string {
  const lines = ["NHI inventory", ...figures(inventory).map((f) => `  ${f}`), "", "By owner:"];
  for (const o of inventory.byOwner) {
    const state = o.owner === "(none)" ? "      " : o.active ? "active" : "GONE  ";
    lines.push(`  ${termText(o.owner).padEnd(24)} ${state}  ${o.nhis} NHI(s), ${o.credentials} credential(s), ${o.notRotated} not rotated, ${o.unused} unused`);
  }
  lines.push("", "NHIs:");
  for (const r of inventory.rows) {
    const owner = r.owner ? `owner ${termText(r.owner)}${r.ownerGone ? " (gone)" : ""}` : "no owner";
    lines.push(`  ${termText(r.id)}  ${r.kind}  ${r.status}  ${r.declared ? "declared" : "UNDECLARED"}  ${owner}${r.sources.length ? `  from ${r.sources.map((s) => termText(s)).join(", ")}` : ""}`);
    for (const c of r.credentials) {
      const use = c.lastUsedDays !== undefined ? `used ${c.lastUsedDays}d ago` : c.neverUsed ? "never used" : "use not recorded";
      lines.push(`    ${c.type} ${termText(c.id, 120)}: ${c.ageDays}d old, ${c.rotatedWithinPolicy ? "within policy" : "NOT ROTATED"}, ${use}${c.unused ? " (UNUSED)" : ""}${c.expiresAt ? `, expires ${c.expiresAt}` : ", never expires"}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/** The plan comment's NHI section: the figures and the owners who need attention, collapsed. */
export function renderNhiMarkdown(s: NhiSummary): string {
  const lines = ["<details><summary><b>Non-human identities</b>: " + `${s.nhis} NHIs, ${share(s.withActiveOwner, s.nhis)} with an active owner, ${share(s.rotatedWithinPolicy, s.credentials)} of credentials rotated within ${mdText(s.maxAge)}, ${s.unused} unused for more than ${mdText(s.maxUnused)}</summary>`, ""];
  // Figures are numbers and validated durations: nothing from a source to escape.
  append(lines, [...figures(s).map((f) => `- ${f}`), ""]);
  if (s.byOwner.length > 0) {
    lines.push("| owner | NHIs | credentials | not rotated | unused |", "|---|--:|--:|--:|--:|");
    for (const o of s.byOwner) lines.push(`| ${o.owner === "(none)" ? "_no owner_" : `${mdCode(o.owner)}${o.active ? "" : " ⚠️ gone"}`} | ${o.nhis} | ${o.credentials} | ${o.notRotated} | ${o.unused} |`);
    lines.push("");
  }
  lines.push("`scopesync nhi report` lists every NHI and credential.", "", "</details>");
  return lines.join("\n");
}
