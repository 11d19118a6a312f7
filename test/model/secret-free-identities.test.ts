// A secret-shaped id becomes its anchor (secret-free-identities.ts), and every identity that names
// it by id follows: a report's manager, an NHI's owner, an owner its system names. Before, only the
// owners followed; a manager was hidden as a secret, and attribute-secret-shaped then told the
// user to rotate a secret in the report's own row.
import { expect, it } from "vitest";
import type { Identity } from "../../src/model/identity.js";
import { secretFreeIdentities } from "../../src/model/secret-free-identities.js";
import { secretSamples } from "../helpers/secret-samples.js";

// Built at run time, so that no secret-shaped literal sits in the repository.
const KEY = ["ghp", "B0ssT0kenValue0123456789abcdefABCDEF"].join("_");

function identity(id: string, anchor: string, more: Partial<Identity> = {}): Identity {
  return { id, kind: "person", anchor, records: [anchor], aliases: [], status: "active", attributes: { userName: id }, provenance: {}, breakGlass: false, ...more };
}

it("a manager, an owner and a system's owner naming a secret-shaped id name its anchor", () => {
  const boss = identity(KEY, "hr:W1");
  const report = identity("bob", "hr:W2", { attributes: { userName: "bob", manager: KEY } });
  const bot = identity("svc-ci", "nhi:svc-ci", { kind: "service-account", owner: KEY, systemOwners: [{ name: KEY, match: "person", id: KEY }, { name: "ann", match: "person", id: "ann" }] });
  const other = identity("cy", "hr:W3", { attributes: { userName: "cy", manager: "bob" } });
  const [b, r, n, o] = secretFreeIdentities([boss, report, bot, other]);
  expect(b!.id).toBe("hr:W1");
  expect(r!.attributes.manager).toBe("hr:W1");
  expect(n!.owner).toBe("hr:W1");
  // The id follows; the name as the system wrote it is hidden like any other value.
  expect(n!.systemOwners!.map((o) => o.id)).toEqual(["hr:W1", "ann"]);
  expect(n!.systemOwners![0]!.name).toMatch(/^\(a value not shown: it looks like a secret/);
  expect(JSON.stringify([b, r, n])).not.toContain(KEY.slice(4, 20));
  // One that names no renamed id and holds no secret is not copied (a million identities at scale).
  expect(o).toBe(other);
});

it("two identities whose ids and anchors are both keys would be hidden as one text: refused, naming where each is", () => {
  const OTHER = ["ghp", "0therT0kenValue0123456789abcdefABCDEF"].join("_");
  const at = (row: number) => ({ userName: { source: "hr", at: `hr.csv row ${row}` } });
  const a = identity(KEY, `hr:${OTHER}`, { provenance: at(1) });
  const b = identity(OTHER, `hr:${KEY}`, { provenance: at(2) });
  const refused = (() => {
    try {
      secretFreeIdentities([a, b]);
    } catch (e) {
      return e as Error;
    }
  })();
  expect(refused?.message).toMatch(/^two identities would both be named \(a value not shown: it looks like a secret, GitHub token\): the person anchored at .* \(hr\.csv row 1\), whose login looks like a secret \(GitHub token\) and is shown as a text that hides it \(its anchor looks like a secret too\), and the person anchored at .* \(hr\.csv row 2\)/);
  expect((refused as { hint?: string }).hint).toContain("and the same at hr.csv row 2");
  expect(`${refused?.message} ${(refused as { hint?: string }).hint}`).not.toMatch(/0therT0ken|B0ssT0ken/i);
});

// Identities are looked over before they are masked (may-hold-secret.ts), and only one that may
// hold a secret is masked: a secret in any field that look skipped would be written out whole.
it("a value of each secret shape is hidden in every field an identity holds", () => {
  const shared = { source: "hr", at: "hr.csv row 2 (line 3)", rule: "authoritative: hr" };
  const places: Array<[string, (secret: string) => Partial<Identity>]> = [
    ["id", (s) => ({ id: s })],
    ["anchor", (s) => ({ anchor: `hr:${s}` })],
    ["records", (s) => ({ records: ["hr:W2", `okta:${s}`] })],
    ["aliases", (s) => ({ aliases: [`okta:${s}`] })],
    ["an attribute", (s) => ({ attributes: { userName: "bob", title: s } })],
    ["a listed attribute", (s) => ({ attributes: { userName: "bob", emails: ["bob@example.com", s] } })],
    ["a provenance's at", (s) => ({ provenance: { title: { source: "hr", at: s } } })],
    ["a provenance's source, rule and found", (s) => ({ provenance: { title: { source: s, at: "x" }, manager: { source: "hr", at: "y", rule: s, found: s } } })],
    ["a provenance after one shared by others", (s) => ({ provenance: { title: shared, department: shared, manager: { ...shared, found: s } } })],
    ["a provenance between two shared ones", (s) => ({ provenance: { title: shared, department: { ...shared, at: s }, manager: shared } })],
    ["owner and definedAt", (s) => ({ owner: s, definedAt: `${s} :1` })],
    ["a system's owner", (s) => ({ systemOwners: [{ name: s, match: "person", id: "ann" }] })],
    ["a login at the base", (s) => ({ loginsAtBase: { ref: "main", logins: { githubLogin: s } } })],
    ["earlier logins", (s) => ({ earlierLogins: { githubLogin: s } })],
  ];
  for (const { what, value } of secretSamples()) {
    for (const [where, place] of places) {
      const [out] = secretFreeIdentities([identity("bob", "hr:W2", place(value))]);
      expect(JSON.stringify(out), `${what} in ${where}`).not.toContain(JSON.stringify(value).slice(1, -1));
    }
  }
});
