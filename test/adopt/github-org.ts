// Seeds the GitHub fake with an organisation as GitHub would show it: members and owners, teams
// with maintainers, nested teams, pending invitations, deploy keys, fine-grained token grants,
// machine accounts, and SAML single sign-on identities for the members who signed in through the IdP.
import { samlOf, type FakeOrg } from "../servers/github-fake/index.js";
import { prng } from "../helpers/prng.js";
import type { Worker } from "./org-fixtures.js";

export interface SeededOrg {
  /** GitHub login of each worker who is a member (SAML-linked). */
  loginOf: Map<string, string>;
  owners: string[];
  invited: string[];
  outsiders: string[];
  bots: string[];
  teams: string[];
  /** child slug → parent slug */
  nested: Map<string, string>;
  /** login → team slugs it is listed in (direct, and a parent's through a child). */
  teamsOf: Map<string, string[]>;
  patOwners: string[];
  deployKeyAdders: string[];
}

/** GitHub logins cannot hold dots: people pick their own, so they rarely equal the HR login. */
const githubLogin = (w: Worker, i: number): string => `${w.given.toLowerCase()}${w.family.toLowerCase()}-${(i * 7919) % 997}`;

/** `teamShare`: the share of members in each team (default 6%: 20 of 331; 1% gives 10k-member orgs teams of ~100). */
export function seedGithubOrg(org: FakeOrg, people: readonly Worker[], options: { members: number; teams: number; saml: boolean; teamShare?: number }, seed = 5): SeededOrg {
  const random = prng(seed);
  const s: SeededOrg = { loginOf: new Map(), owners: [], invited: [], outsiders: [], bots: [], teams: [], nested: new Map(), teamsOf: new Map(), patOwners: [], deployKeyAdders: [] };
  const saml = samlOf(org);
  saml.enabled = options.saml;
  const members = people.slice(0, options.members);
  members.forEach((w, i) => {
    const login = githubLogin(w, i);
    org.addMember(login, i < 3 ? "admin" : "member");
    if (i < 3) s.owners.push(login);
    s.loginOf.set(w.login, login);
    saml.identities.push({ login, saml: { nameId: w.email, username: w.login, emails: [w.email] } });
  });
  // Contractors added by hand years ago, never through the IdP: no SAML identity, no HR record.
  for (let i = 0; i < 8; i++) {
    const login = `contractor-${i + 1}`;
    org.addMember(login);
    s.outsiders.push(login);
  }
  for (const login of ["deploy-bot", "release-bot", "docs-bot"]) {
    org.addMember(login);
    s.bots.push(login);
  }
  // Invited and not accepted yet: an invitee has not signed in through the IdP, so has no SAML
  // identity yet (the identity provider knows them, GitHub cannot say who they are).
  for (let i = 0; i < 10; i++) {
    const w = people[options.members + i]!;
    const login = githubLogin(w, options.members + i);
    org.invite(login);
    s.invited.push(login);
    saml.identities.push({ login: null, saml: { nameId: w.email, emails: [w.email] } });
  }
  const memberLogins = [...s.loginOf.values(), ...s.outsiders];
  const add = (slug: string, login: string, role: "member" | "maintainer" = "member"): void => {
    org.addTeamMember(slug, login, role);
    const list = s.teamsOf.get(login) ?? [];
    if (!list.includes(slug)) list.push(slug);
    s.teamsOf.set(login, list);
  };
  for (let t = 0; t < options.teams; t++) {
    const slug = `team-${String(t).padStart(2, "0")}`;
    org.addTeam(slug, `Team ${t}`);
    s.teams.push(slug);
    const chosen = memberLogins.filter(() => random() < (options.teamShare ?? 0.06));
    chosen.forEach((login, k) => add(slug, login, k === 0 ? "maintainer" : "member"));
  }
  // Nested teams: GitHub lists a child team's members among its parent's members, so a member of
  // a child is listed in the parent as well (the fake's lists are what GitHub's list endpoints show).
  for (let c = 0; c < 6; c++) {
    const parent = s.teams[c]!;
    const child = `${parent}-oncall`;
    org.addTeam(child, `${parent} on call`);
    s.teams.push(child);
    s.nested.set(child, parent);
    for (const login of memberLogins.filter(() => random() < (options.teamShare ?? 0.06) / 3)) {
      add(child, login);
      add(parent, login);
    }
  }
  add("team-00", "deploy-bot");
  const infra = ["infra", "terraform", "website"];
  infra.forEach((repo, r) => {
    const adder = [...s.loginOf.values()][10 + r]!;
    org.addDeployKey(repo, `${repo} deploy`, adder);
    org.addDeployKey(repo, `${repo} mirror`, null);
    s.deployKeyAdders.push(adder);
  });
  for (let g = 0; g < 4; g++) {
    const owner = [...s.loginOf.values()][20 + g]!;
    org.addPatGrant(owner, `ci-token-${g + 1}`);
    s.patOwners.push(owner);
  }
  return s;
}
