// A person whose anchor record has gone from the source authoritative for their status, while
// another source still exports a record of theirs: they left (many HR exports drop leavers rather
// than mark them), and the other system has not caught up yet. Without this, the record left over
// became a person of its own under its own login: the plan offboarded the leaver's accounts and
// made the same person new ones ("joiner"), and what the old login named (an explicit privileged
// membership) followed them as a rename. The remainder is kept as the leaver instead: their
// login, their anchor, status terminated, so every target offboards them and nothing is created.
import type { SourceConfig } from "../model/documents.js";
import type { Finding } from "../model/finding.js";
import type { Identity } from "../model/identity.js";

export interface DepartedInput {
  /** The identities resolved from the exports, by id; a departed person's remainder is changed in place. */
  identities: Map<string, Identity>;
  /** The people as the last accepted snapshots gave them. */
  prior: readonly Identity[];
  sources: Readonly<Record<string, SourceConfig>>;
  /** Sources read now (a source not read says nothing about who left). */
  read: ReadonlySet<string>;
  /** Sources that failed a quality gate: what they do not export is unknown, not gone. */
  unreliable: ReadonlySet<string>;
  findings: Finding[];
}

/** The source a record reference ("hr:W4") names. */
function sourceOf(ref: string): string {
  const colon = ref.indexOf(":");
  return colon < 0 ? "" : ref.slice(0, colon);
}

export function keepDepartedAsLeavers(input: DepartedInput): void {
  const { identities, prior, sources, read, unreliable, findings } = input;
  const decidesStatus = (source: string): boolean => read.has(source) && !unreliable.has(source) && (sources[source]?.authoritative ?? []).includes("status");
  // The earlier people who may have departed: anchored by a deciding source, and not still under
  // the same login with the same anchor (nearly everyone is: one lookup each, no index of all).
  const wanted = new Map<string, Identity>(); // record reference of a candidate → the candidate
  for (const p of prior) {
    // A leaver already terminated before counts too: HR purging them must not make them new.
    if (p.kind !== "person" || !decidesStatus(sourceOf(p.anchor)) || identities.get(p.id)?.anchor === p.anchor) continue;
    wanted.set(p.anchor, p);
    for (const r of p.records) wanted.set(r, p);
  }
  if (wanted.size === 0) return;
  const anchorHeld = new Set<Identity>();
  const heirs = new Map<Identity, Set<string>>(); // candidate → the current people holding its other records
  const see = (ref: string, holder: string): void => {
    const p = wanted.get(ref);
    if (!p) return;
    if (ref === p.anchor) anchorHeld.add(p);
    else (heirs.get(p) ?? heirs.set(p, new Set()).get(p)!).add(holder);
  };
  for (const identity of identities.values()) {
    if (identity.kind !== "person") continue;
    see(identity.anchor, identity.id);
    for (const r of identity.records) see(r, identity.id);
  }
  const claimed = new Map<string, Identity[]>(); // remainder's id → the departed people whose records it holds
  for (const [p, held] of heirs) {
    if (anchorHeld.has(p) || held.size !== 1) continue;
    const heir = [...held][0]!;
    (claimed.get(heir) ?? claimed.set(heir, []).get(heir)!).push(p);
  }
  for (const [heirId, departed] of claimed) {
    const remainder = identities.get(heirId)!;
    // Two earlier people in one remainder, or a remainder anchored by the deciding source itself
    // (a new worker record: a rehire), is not this case: it is left as the sources give it.
    if (departed.length !== 1 || sourceOf(remainder.anchor) === sourceOf(departed[0]!.anchor)) continue;
    // The other source says they left too: it offboards them itself (as a rename of the login, the
    // account the anchor linked named as no longer in the source), and creates nothing.
    const stillStatus = remainder.status;
    if (stillStatus === "terminated") continue;
    const p = departed[0]!;
    const source = sourceOf(p.anchor);
    // Their earlier login, unless someone else has it now (then the remainder's own login stays).
    const id = remainder.id === p.id || !identities.has(p.id) ? p.id : remainder.id;
    const leftOver = remainder.records.filter((r) => sourceOf(r) !== source);
    // Where the other source exports them: the position of a value it gave the remainder.
    const from = Object.values(remainder.provenance).find((x) => x !== undefined && leftOver.some((r) => sourceOf(r) === x.source));
    identities.delete(remainder.id);
    remainder.id = id;
    remainder.anchor = p.anchor;
    remainder.records = [p.anchor, ...leftOver].sort();
    remainder.status = "terminated";
    remainder.attributes = { ...remainder.attributes, userName: p.attributes.userName ?? p.id, status: "terminated" };
    remainder.provenance = { ...remainder.provenance, userName: p.provenance.userName ?? { source, at: p.anchor }, status: { source, at: `${p.anchor} is no longer in the export` } };
    identities.set(id, remainder);
    const still = leftOver.join(", ");
    findings.push({
      rule: "departed-still-exported",
      severity: "warning",
      identity: id,
      message: `${id} (${p.anchor}) is no longer in "${source}", which is authoritative for status and passed every quality gate, but ${still} still ${leftOver.length === 1 ? "exports" : "export"} them as ${stillStatus}: they are offboarded as a leaver, not made a new person from ${leftOver.length === 1 ? "that record" : "those records"}`,
      remediation: `if they left, switch them off in ${[...new Set(leftOver.map(sourceOf))].join(", ")} too; if they did not, find out why "${source}" no longer exports them (a filtered export, a changed worker id) and fix the export`,
      ...(from ? { location: `${from.source} ${from.at}` } : {}),
    });
  }
}
