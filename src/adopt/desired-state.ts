// Today's access of one target written as desired state, so that the next plan changes nothing:
// a Person overlay per linked account (its login in this target and the scope marker, beside what
// other targets' imports wrote into the same overlay), a Group
// per entitlement with today's holders as explicit members, the app policy mapping each group to
// its entitlement, ServiceAccounts for the machine identities import can see, and the link
// proposals for everything it could not decide. Pure: the same inputs give the same bytes.
// Files stay within a size budget (FILE_BUDGET): past it, documents go on into numbered parts,
// and a group too large for one file becomes several groups the policy maps to one entitlement.
import type { WrittenAppPolicy } from "../config/defaults.js";
import type { CannotExpire, GroupDoc, NhiDoc, PersonDoc } from "../model/documents.js";
import type { TargetAccount } from "../model/target-state.js";
import type { TargetType } from "../model/target-types.js";
import { FILE_BUDGET, importPaths, isPartOf, loginAttributeFor, markerAttributeFor, partId, partPath, toId, uniqueIds } from "./layout.js";
import type { LinkResult, Unlinked } from "./link-accounts.js";
import { bytes, itemBytes, schemaFrom, yamlDocument, yamlFile, yamlHead, yamlParts } from "./yaml-out.js";

/** A machine identity import found without an account to link: a deploy key, a token grant. */
export interface CredentialNhi {
  /** Stable id seed, e.g. "deploy-key-infra-42". */
  name: string;
  displayName: string;
  purpose: string;
  credential: { id: string; type: "ssh-key" | "token"; issuedAt: string; expiresAt?: string; cannotExpire?: CannotExpire };
}

export interface ImportInput {
  target: string;
  type: TargetType;
  /** YYYY-MM-DD of --now: the `reason` of every imported membership. */
  date: string;
  accounts: readonly TargetAccount[];
  links: LinkResult;
  /** Active unlinked accounts that are machine identities (name pattern, or answered `nhi`). */
  machineAccounts: readonly TargetAccount[];
  credentialNhis: readonly CredentialNhi[];
  /** Owners a person answered for imported NHIs, by NHI id. */
  nhiOwners: ReadonlyMap<string, string>;
  /** Ids no imported id may take (people, hand-written NHIs). */
  takenIds: ReadonlySet<string>;
  /** The overlays of the shared imported people file as they are (other targets' logins stay). */
  importedPeople: ReadonlyMap<string, { anchor?: string; attributes: Record<string, string | number | boolean>; note?: string }>;
  /** Person overlays written by hand, by person id: import cannot write a second one. */
  handWritten: ReadonlyMap<string, { at: string; attributes: Record<string, unknown> }>;
  /** Entitlements that carry privilege in this target (GitHub: role:admin). */
  privileged: (entitlement: string) => boolean;
  /**
   * Files earlier imports wrote that may be numbered parts of this import's files (partPath),
   * relative to the output folder: a part this import does not write again is removed.
   */
  previousFiles: readonly string[];
  /** The most bytes per file (default FILE_BUDGET); tests set a small one. */
  fileBudget?: number;
}

export interface ImportOutput {
  /** Repository path → file text; a path mapped to undefined is an earlier import's file to delete. */
  files: Map<string, string | undefined>;
  /** Hand-written overlays that lack what import would write: the import refuses until they have it. */
  conflicts: string[];
  /** What became of each pending e-mail invitation, one line each, for import to say. */
  invitations: string[];
  counts: { linked: number; unlinked: number; inactive: number; groups: number; serviceAccounts: number; unowned: number };
}

const isPending = (a: TargetAccount): boolean => a.attributes.pending === "true";

export function importDesiredState(input: ImportInput): ImportOutput {
  const { target, date } = input;
  const paths = importPaths(target);
  const budget = input.fileBudget ?? FILE_BUDGET;
  const loginAttr = loginAttributeFor(target);
  const marker = markerAttributeFor(target);
  const reason = `imported ${date}`;

  // A disabled account is left as it is, unmanaged: linking it would plan an enable (in scope) or
  // revocations of what it still holds (out of scope).
  const active = input.links.linked.filter((l) => l.account.active);
  const inactive = input.links.linked.filter((l) => !l.account.active);
  const members = new Map<string, string>(); // account id → identity id, for the groups
  const conflicts: string[] = [];
  const people: PersonDoc[] = active
    .sort((a, b) => cmp(a.person.id, b.person.id))
    .flatMap((l): PersonDoc[] => {
      members.set(l.account.id, l.person.id);
      const own = input.handWritten.get(l.person.id);
      if (own) {
        // The person has an overlay of their own: it must carry the login and the marker itself.
        const ok = String(own.attributes[loginAttr] ?? "").toLowerCase() === l.account.login.toLowerCase() && String(own.attributes[marker] ?? "") === "true";
        if (!ok) conflicts.push(`${own.at}: the overlay of ${l.person.id} needs attributes ${loginAttr}: ${JSON.stringify(l.account.login)} and ${marker}: true (import cannot write a second overlay)`);
        return [];
      }
      // The anchor says whose account this was: should the login later name someone else, the plan stops (login-reused).
      return [{ kind: "Person", id: l.person.id, anchor: l.person.anchor, attributes: { [loginAttr]: l.account.login, [marker]: true }, note: `${target} account ${l.account.id}${isPending(l.account) ? " (invitation pending)" : ""}, linked by ${l.by}` }];
    });
  const pending = pendingEmailInvitations(input, loginAttr, marker, members);
  const overlays = mergeOverlays(input.importedPeople, [...people, ...pending.overlays], target, [loginAttr, marker]);

  const taken = new Set(input.takenIds);
  const machineIds = uniqueIds(input.machineAccounts.map((a) => a.login), (login) => toId(`${target}-${login}`), taken);
  const nhis: NhiDoc[] = [];
  for (const a of [...input.machineAccounts].sort((x, y) => cmp(machineIds.get(x.login)!, machineIds.get(y.login)!))) {
    const id = machineIds.get(a.login)!;
    members.set(a.id, id);
    const owner = input.nhiOwners.get(id);
    nhis.push({
      kind: "ServiceAccount",
      id,
      displayName: `${target} account ${a.login}`,
      ...(owner ? { owner } : {}),
      purpose: `Machine account found in ${target} by import on ${date}; ${owner ? "owner named in the link proposals" : "owner unknown: name the accountable person"}.`,
      interactiveLogin: false,
      attributes: { [loginAttr]: a.login, [marker]: true },
    });
  }
  const credentialIds = uniqueIds(input.credentialNhis.map((c) => c.name), (name) => toId(`${target}-${name}`), taken);
  for (const c of [...input.credentialNhis].sort((x, y) => cmp(credentialIds.get(x.name)!, credentialIds.get(y.name)!))) {
    const id = credentialIds.get(c.name)!;
    const owner = input.nhiOwners.get(id);
    nhis.push({
      kind: "ServiceAccount",
      id,
      displayName: c.displayName.slice(0, 200),
      ...(owner ? { owner } : {}),
      purpose: `${c.purpose} Found in ${target} by import on ${date}; ${owner ? "owner named in the link proposals" : "owner unknown: name the accountable person"}.`,
      interactiveLogin: false,
      credentials: [{ id: c.credential.id, type: c.credential.type, target, issuedAt: c.credential.issuedAt, ...(c.credential.expiresAt ? { expiresAt: c.credential.expiresAt } : {}), ...(c.credential.cannotExpire ? { cannotExpire: c.credential.cannotExpire } : {}) }],
    });
  }

  // Every entitlement some account holds gets a group; only active managed holders are members.
  const personIds = new Set(active.map((l) => l.person.id));
  const holders = new Map<string, string[]>();
  const owners = new Map<string, string[]>();
  for (const a of input.accounts) {
    for (const e of a.entitlements) {
      const list = holders.get(e) ?? [];
      holders.set(e, list);
      const who = members.get(a.id);
      if (!who) continue;
      list.push(who);
      // A GitHub team maintainer manages the team's membership: the group's owner in scopesync.
      const team = e.startsWith("team:") ? e.slice(5) : undefined;
      if (team && a.attributes[`teamRole:${team}`] === "maintainer" && personIds.has(who)) owners.set(e, [...(owners.get(e) ?? []), who]);
    }
  }
  const groupIds = uniqueIds([...holders.keys()], (e) => toId(`${target}-${e.replace(":", "-")}`), taken);
  const entitlements = [...holders.keys()].sort((a, b) => cmp(groupIds.get(a)!, groupIds.get(b)!));
  const groupsComment = [`One group per entitlement held in ${target} on ${date}, with the holders as explicit members: nothing is revoked on day one.`, "Privileged: owner roles, and teams whose maintainers manage them (the maintainers are the group's owners)."];
  // What one group may take of a file: the budget less the longest header a part can have.
  const room = budget - bytes(yamlHead(groupsComment, schemaFrom(paths.groups, "group.schema.json"), { path: "groups.yaml", part: 99999 })) - 1;
  const groups: GroupDoc[] = [];
  const mappings: Array<{ group: string; entitlement: string; privileged?: true }> = [];
  for (const e of entitlements) {
    const privileged = input.privileged(e) || (owners.get(e)?.length ?? 0) > 0;
    const whole: GroupDoc = {
      kind: "Group",
      id: groupIds.get(e)!,
      description: `Holders of ${e} in ${target} when it was imported on ${date}.`,
      ...(privileged ? { privileged: true } : {}),
      ...(owners.has(e) ? { owners: [...new Set(owners.get(e))].sort() } : {}),
      members: [...new Set(holders.get(e))].sort().map((identity) => ({ identity, reason })),
    };
    // A group too large for one file: several groups, each carrying the privilege and the owners,
    // all mapped to the entitlement (membership of any one grants it, as the planner reads a policy).
    const parts = splitGroup(whole, e, room);
    parts.forEach((g, i) => {
      // Claimed after every group's own id, so a part never takes another group's id.
      if (i > 0) g.id = uniqueIds([whole.id], (id) => partId(id, i + 1), taken).get(whole.id)!;
      groups.push(g);
      mappings.push({ group: g.id, entitlement: e, ...(privileged ? { privileged: true as const } : {}) });
    });
  }

  const loginLinked = input.type !== "github";
  // As written to the file: keys left out take their defaults when the repository loads.
  const policy: WrittenAppPolicy = {
    kind: "AppPolicy",
    id: target,
    target,
    description: `${target} as import found it on ${date}: every account it could link, with exactly the entitlements it held. Replace the imported scope and groups with rules as you adopt.`,
    scope: { include: [{ kinds: ["person", "service-account"], where: { [marker]: true } }] },
    accounts: { login: loginAttr, ...(loginLinked ? { linkBy: "login" as const } : {}), onSuspended: "keep" },
    entitlements: mappings,
    onLeaveScope: "disable",
    unmanagedAccounts: "report",
    ...(holders.has("role:admin") && input.type === "github" ? { admins: { entitlement: "role:admin", minimum: 1 } } : {}),
  };

  const files = new Map<string, string | undefined>();
  // A file and its numbered parts; parts an earlier import wrote beyond these are removed.
  const put = (path: string, comment: string[], docs: object[], schema: string): void => {
    const parts = yamlParts(path, comment, docs, schema, budget);
    parts.forEach((text, i) => files.set(partPath(path, i + 1), text));
    if (parts.length === 0) files.set(path, undefined);
    for (const old of input.previousFiles) if (isPartOf(path, old) && !files.has(old)) files.set(old, undefined);
  };
  put(paths.people, ["The login of each person import linked to an account in each app, and the markers the imported app policies' scopes select on.", "One overlay per person, whichever imports linked them: each import rewrites only its own app's attributes."], overlays, "person.schema.json");
  files.set(paths.oldPeople, undefined);
  put(paths.groups, groupsComment, groups, "group.schema.json");
  put(paths.serviceAccounts, [`Machine identities import saw in ${target}. Each needs an accountable owner: answer in ${paths.proposals}.`], nhis, "service-account.schema.json");
  // One document in one file: numbered parts of it could be another target's policy ("NAME-002").
  files.set(paths.policy, yamlFile([`The app policy of ${target} as imported on ${date}.`], [policy], schemaFrom(paths.policy, "app-policy.schema.json")));
  // A disabled account nobody could link is left as it is, like a linked one: nothing to answer.
  const waiting = input.links.unlinked.filter((u) => u.account.active);
  const disabled = [...inactive.map((l) => l.account), ...input.links.unlinked.filter((u) => !u.account.active).map((u) => u.account)];
  files.set(paths.proposals, proposalsFile(target, input, waiting, disabled, nhis));
  const unowned = nhis.filter((n) => !n.owner).length;
  return { files, conflicts, invitations: [...pending.lines, ...unconfirmedLines(input, loginAttr)], counts: { linked: people.length, unlinked: waiting.length, inactive: disabled.length, groups: entitlements.length, serviceAccounts: nhis.length, unowned } };
}

function proposalsFile(target: string, input: ImportInput, waiting: readonly Unlinked[], inactive: readonly TargetAccount[], nhis: NhiDoc[]): string {
  // What the app says about the account (name, email) helps the person who answers; it is data
  // from the target, written as YAML values, never into a comment.
  const hints = (a: TargetAccount) => ({ ...(a.attributes.displayName ? { name: a.attributes.displayName } : {}), ...(a.attributes.email ? { email: a.attributes.email } : {}), ...(isPending(a) ? { pending: true } : {}) });
  const accounts = waiting.map((u) => ({ account: u.account.id, login: u.account.login, ...hints(u.account), why: u.why, ...(u.candidates.length ? { candidates: u.candidates } : {}), answer: "" }));
  const answered = [...input.links.linked.filter((l) => l.by === "answer").map((l) => ({ account: l.account.id, login: l.account.login, answer: l.person.id })), ...input.links.nhi.map((a) => ({ account: a.id, login: a.login, answer: "nhi" })), ...input.links.ignored.map((a) => ({ account: a.id, login: a.login, answer: "ignore" }))];
  const all = [...accounts, ...answered].sort((a, b) => cmp(a.account, b.account));
  const doc = {
    target,
    accounts: all,
    disabledAccounts: inactive.map((a) => ({ account: a.id, login: a.login })).sort((a, b) => cmp(a.account, b.account)),
    owners: nhis.map((n) => ({ nhi: n.id, owner: n.owner ?? "" })),
  };
  return yamlFile(
    [
      `Accounts in ${target} that import could not link to a person, never guessed. For each one, write after`,
      "`answer:` the person's id (their login in the sources), `nhi` for a machine account, or `ignore` to",
      "leave it unmanaged (reported by every plan). Under `owners:`, name the accountable person of each",
      "machine identity. Then run `scopesync import` again: it reads the answers from this file.",
      "Disabled accounts are left as they are, unmanaged.",
    ],
    [doc],
  );
}

/**
 * What import writes for pending invitations sent to an e-mail address (link-accounts.ts sets them
 * aside). The invitation has no GitHub login, and the one its invitee chooses on accepting is not
 * known yet, so it is never written as anyone's. An active person the address is of, who holds no
 * account here and has no overlay of their own, gets an overlay with the scope marker and no login:
 * in scope, the plan says missing-login (no account is planned, none is taken away), and they join
 * the groups of the invitation's role and teams (`members`), so that once their login is known the
 * plan changes nothing. The note says which invitation it is and how their login becomes known.
 * Each invitation gets a line for import's output.
 */
function pendingEmailInvitations(input: ImportInput, loginAttr: string, marker: string, members: Map<string, string>): { overlays: PersonDoc[]; lines: string[] } {
  const { target } = input;
  const holding = new Map(input.links.linked.map((l) => [l.person.id, l.account] as const));
  const overlays = new Map<string, PersonDoc>();
  const lines: string[] = [];
  const next = `once it is accepted, run \`scopesync state pull\` and then \`scopesync import --target ${target}\` again (they link the member who accepted it where the org's SAML identity of it names the address, and otherwise name the member that may be theirs, for you to answer), or write ${loginAttr} in a hand-written overlay of`;
  for (const inv of input.links.invitations) {
    const what = `${target}: ${inv.account.id} is a pending e-mail invitation to ${inv.address}`;
    const person = inv.person;
    if (!person) {
      const whom = inv.candidates.length === 0 ? "nobody in the sources has that address" : `that address is ${inv.candidates.length} people's (${inv.candidates.join(", ")})`;
      lines.push(`${what}; ${whom}: it is linked to no one, and the plan reports it (unmanaged-account)`);
      continue;
    }
    if (person.status !== "active") {
      lines.push(`${what}, ${person.id}'s address; ${person.id} is ${person.status}: it is linked to no one, and the plan cancels it with their offboarding`);
      continue;
    }
    const held = holding.get(person.id);
    if (held) {
      lines.push(`${what}, ${person.id}'s address; ${person.id} has account ${held.login} here already: the invitation is linked to no one, and the plan reports it (unmanaged-account)`);
      continue;
    }
    const own = input.handWritten.get(person.id);
    if (own) {
      lines.push(`${what}, ${person.id}'s address; ${person.id} gets no ${loginAttr} until it is accepted, and has an overlay of their own (${own.at}): ${next.replace(/ a hand-written overlay of$/, " that overlay")}`);
      continue;
    }
    // No "; " inside: it separates the notes of several imports (mergeOverlays).
    const note = `${target} account ${inv.account.id} (a pending e-mail invitation to ${inv.address}) gives no ${loginAttr} (an e-mail invitation has none): ${next} ${person.id} (with ${marker}: true)`;
    const doc = overlays.get(person.id);
    overlays.set(person.id, doc ? { ...doc, note: `${doc.note}; ${note}` } : { kind: "Person", id: person.id, anchor: person.anchor, attributes: { [marker]: true }, note });
    members.set(inv.account.id, person.id);
    lines.push(`${what}, ${person.id}'s address: ${person.id} gets no ${loginAttr} until it is accepted (the plan says missing-login); ${next} ${person.id}`);
  }
  return { overlays: [...overlays.values()], lines };
}

/**
 * A line for each member left unlinked that only fits an e-mail invitation that went
 * (link-accounts.ts): whose it may be, that nothing was linked, and what that leaves. It is in the
 * link proposals too, for the answer.
 */
function unconfirmedLines(input: ImportInput, loginAttr: string): string[] {
  return input.links.unconfirmed.map((u) => {
    const who = u.candidates.length === 1 ? u.candidates[0]! : u.candidates.length === 0 ? "the invitee" : u.candidates.join(" or ");
    const whose = u.candidates.length === 0 ? "nobody in the sources has that address" : `the address is ${u.candidates.join(" and ")}'s`;
    return `${input.target}: member "${u.account.login}" joined when the e-mail invitation ${u.invitation} to ${u.address} went (${whose}) and holds its role and teams, so it may be ${who}'s; so may any member who joined then with that role and those teams, so it is linked to no one: ${who}'s access there stays, even after they leave, until someone writes ${loginAttr}: ${u.account.login} in a hand-written overlay of ${who === "the invitee" ? "theirs" : who} (or answers in the link proposals) or removes the member`;
  });
}

/**
 * The group as it is when it fits in `room` bytes; else its members split, in order, over as few
 * groups as fit, each with the privilege, the owners and a description saying it is one part.
 * The caller gives parts after the first their ids.
 */
function splitGroup(whole: GroupDoc, entitlement: string, room: number): GroupDoc[] {
  if (bytes(yamlDocument(whole)) + 4 <= room) return [whole];
  const describe = (part: number | string, of: number | string): string =>
    `${whole.description} Part ${part} of ${of}: a group this large is split so that each file stays within import's size budget; the app policy maps every part to ${entitlement}.`;
  const base = bytes(yamlDocument({ ...whole, id: "x".repeat(100), description: describe(99999, 99999), members: [] })) + 4;
  const chunks: NonNullable<GroupDoc["members"]>[] = [];
  let chunk: NonNullable<GroupDoc["members"]> = [];
  let size = base;
  for (const m of whole.members ?? []) {
    const more = itemBytes(m, 2);
    if (chunk.length > 0 && size + more > room) {
      chunks.push(chunk);
      chunk = [];
      size = base;
    }
    chunk.push(m);
    size += more;
  }
  chunks.push(chunk);
  return chunks.map((members, i) => ({ ...whole, description: describe(i + 1, chunks.length), members }));
}

/**
 * The shared overlays with this target's attributes and note replaced by `mine`: another app's
 * login stays, an overlay left with no attribute goes. Keys and notes sorted, so bytes are stable.
 */
function mergeOverlays(existing: ImportInput["importedPeople"], mine: readonly PersonDoc[], target: string, ownKeys: readonly string[]): PersonDoc[] {
  const ownNote = `${target} account `;
  const merged = new Map<string, { anchor?: string; attributes: Record<string, string | number | boolean>; notes: string[] }>();
  for (const [id, o] of existing) {
    const attributes = Object.fromEntries(Object.entries(o.attributes).filter(([k]) => !ownKeys.includes(k)));
    const notes = (o.note ?? "").split("; ").filter((n) => n !== "" && !n.startsWith(ownNote));
    if (Object.keys(attributes).length > 0) merged.set(id, { ...(o.anchor ? { anchor: o.anchor } : {}), attributes, notes });
  }
  for (const p of mine) {
    const entry = merged.get(p.id) ?? { attributes: {}, notes: [] };
    const anchor = p.anchor ?? entry.anchor;
    merged.set(p.id, { ...(anchor ? { anchor } : {}), attributes: { ...entry.attributes, ...p.attributes }, notes: [...entry.notes, ...(p.note ? [p.note] : [])] });
  }
  return [...merged.keys()].sort(cmp).map((id) => {
    const { anchor, attributes, notes } = merged.get(id)!;
    const sorted = Object.fromEntries(Object.entries(attributes).sort(([a], [b]) => cmp(a, b)));
    return { kind: "Person", id, ...(anchor ? { anchor } : {}), attributes: sorted, ...(notes.length ? { note: notes.sort(cmp).join("; ") } : {}) };
  });
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
