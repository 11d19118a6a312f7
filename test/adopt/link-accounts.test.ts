// Linking is decided on evidence only: one candidate links, two never do, none waits for a person.
import { describe, expect, it } from "vitest";
import { indexPeople, linkAccounts, type AccountEvidence, type Answer } from "../../src/adopt/link-accounts.js";
import type { Identity } from "../../src/model/identity.js";
import type { TargetAccount } from "../../src/model/target-state.js";

function person(id: string, record: string, email: string, extra: Partial<Identity> = {}): Identity {
  return { id, kind: "person", anchor: `hr:${record}`, records: [`hr:${record}`], aliases: [], status: "active", attributes: { userName: id, email, emails: [email], employeeId: record }, provenance: {}, breakGlass: false, ...extra };
}
const account = (id: string, login: string, extra: Partial<TargetAccount> = {}): TargetAccount => ({ id, login, active: true, attributes: {}, entitlements: [], ...extra });

const people = [person("ada", "W1", "ada@example.com"), person("ben", "W2", "ben@example.com"), person("bea", "W3", "shared@example.com"), person("bob", "W4", "shared@example.com")];
const index = indexPeople(people, "crmLogin", (at) => at.startsWith("identities/imported/"));
const link = (accounts: TargetAccount[], evidence: Map<string, AccountEvidence> = new Map(), answers: Map<string, Answer> = new Map()) => linkAccounts(accounts, evidence, index, answers);

describe("linkAccounts", () => {
  it("links by the source's own id in externalId, by login, by email, and by SAML NameID, and says how", () => {
    const r = link([account("1", "x1", { externalId: "W1" }), account("2", "BEN"), account("3", "zz")], new Map([["3", { emails: [] , saml: { nameId: "bea", emails: [] } }]]));
    expect(r.linked.map((l) => [l.account.id, l.person.id, l.by])).toEqual([["1", "ada", "externalId"], ["2", "ben", "login"], ["3", "bea", "saml"]]);
    expect(r.unlinked).toEqual([]);
  });

  it("never guesses between two people: the account waits for an answer, with the candidates named", () => {
    const r = link([account("9", "shared-inbox")], new Map([["9", { emails: ["Shared@Example.com"] }]]));
    expect(r.linked).toEqual([]);
    expect(r.unlinked).toEqual([{ account: expect.objectContaining({ id: "9" }), why: "its email matches 2 people", candidates: ["bea", "bob"] }]);
  });

  it("two accounts for one person: neither is linked by evidence alone; an answer decides", () => {
    const accounts = [account("1", "ada"), account("2", "ada-admin", { externalId: "hr:W1" })];
    const r = link(accounts);
    expect(r.linked).toEqual([]);
    expect(r.unlinked.map((u) => [u.account.id, u.why])).toEqual([["1", "2 accounts link to ada"], ["2", "2 accounts link to ada"]]);
    const answered = link(accounts, new Map(), new Map<string, Answer>([["2", { person: "ada" }]]));
    expect(answered.linked.map((l) => [l.account.id, l.by])).toEqual([["2", "answer"]]);
    expect(answered.unlinked.map((u) => [u.account.id, u.why])).toEqual([["1", "ada already holds another account here"]]);
  });

  it("evidence that names two people is not a link: an externalId of one on an account with another's login and email waits for an answer", () => {
    const r = link([account("7", "ben", { externalId: "W1" })], new Map([["7", { emails: ["ben@example.com"] }]]));
    expect(r.linked).toEqual([]);
    expect(r.unlinked).toEqual([{ account: expect.objectContaining({ id: "7" }), why: "its externalId names ada, but its login names ben, its email names ben", candidates: ["ada", "ben"] }]);
    // Evidence that agrees, or names nobody else, still links.
    const agreeing = link([account("8", "ada", { externalId: "W1" }), account("9", "ada.l", { externalId: "W1" })], new Map([["8", { emails: ["ada@example.com"] }], ["9", { emails: ["nobody@example.com"] }]]));
    expect(agreeing.unlinked.map((u) => u.why)).toEqual(["2 accounts link to ada", "2 accounts link to ada"]);
    expect(link([account("8", "ada", { externalId: "W1" })], new Map([["8", { emails: ["ada@example.com"] }]])).linked.map((l) => [l.account.id, l.person.id, l.by])).toEqual([["8", "ada", "externalId"]]);
  });

  it("an answer naming nobody from the sources is reported, not linked", () => {
    const r = link([account("5", "ghost")], new Map(), new Map<string, Answer>([["5", { person: "nobody" }]]));
    expect(r.unlinked).toEqual([{ account: expect.objectContaining({ id: "5" }), why: 'the answer "nobody" names no person from the sources', candidates: [] }]);
  });

  it("a login written in a hand-written overlay links; one written by import itself does not count", () => {
    const withOverlay = [person("cy", "W5", "cy@example.com", { attributes: { userName: "cy", crmLogin: "cy-crm" }, provenance: { crmLogin: { source: "file", at: "identities/people/cy.yaml:4:3" } } }), person("di", "W6", "di@example.com", { attributes: { userName: "di", crmLogin: "di-crm" }, provenance: { crmLogin: { source: "file", at: "identities/imported/crm/people.yaml:9:3" } } })];
    const r = linkAccounts([account("1", "cy-crm"), account("2", "di-crm")], new Map(), indexPeople(withOverlay, "crmLogin", (at) => at.startsWith("identities/imported/")), new Map());
    expect(r.linked.map((l) => [l.account.id, l.person.id, l.by])).toEqual([["1", "cy", "overlay"]]);
    expect(r.unlinked.map((u) => u.account.id)).toEqual(["2"]);
  });
});
