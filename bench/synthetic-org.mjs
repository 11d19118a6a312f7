// Synthetic organisation for the planner benchmark: a complete, valid policy repository written
// into a directory. Deterministic: the same (people, nhis, apps, seed) always gives the same
// bytes, so a benchmark run plans exactly the same changes every time.
//
// What it holds, modelled on a mid-size company:
//   scopesync.yaml           one csv source `hr`, one `file` target per app, generous safety limits
//   hr.csv                   N people: 13 departments, titles, a management tree, ~10% contractors,
//                            ~3% terminated, ~1% on leave
//   identities/nhis-NNN.yaml M ServiceAccounts and Agents (multi-document files): owners among the
//                            people, credentials (some expired), some disabled, some agents expired
//   identities/groups/       birthright groups on department, title and employment type; explicit
//                            admin, power-user and deployer groups (some grants past `until`)
//   identities/people/       a few Person overlays
//   policies/apps/app-NN.yaml scope include/exclude, attribute mappings of every strength,
//                            entitlement mappings, leave-scope and unmanaged-account handling
//   state/app-NN.json        each app's accounts, mostly in sync with small drift: joiners not yet
//                            provisioned, leavers still active, wrong entitlements, stale
//                            attributes, unlinked and unmanaged accounts, NHI credentials
//
// The generator computes the desired state itself (from the same rules it writes) in order to
// write state files that are close to it; the planner then finds the drift.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

export const NOW = "2026-12-01T09:00:00Z";
const NOW_MS = Date.parse(NOW);
const DAY = 86_400_000;
const EXPORTED_AT = "2026-12-01T06:00:00Z";
/** NHI documents per YAML file: keeps every file far below the loader's 1 MiB limit. */
const NHIS_PER_FILE = 250;
const OVERLAYS_PER_FILE = 200;

/** mulberry32: small, fast, and the same sequence on every platform. */
function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  };
}

// Department → share of people and its titles (the last title of each is its manager title).
const DEPARTMENTS = [
  ["Engineering", 0.28, ["Software Engineer", "Senior Software Engineer", "Staff Engineer", "QA Engineer", "Engineering Manager"]],
  ["Platform", 0.05, ["Platform Engineer", "Site Reliability Engineer", "Platform Manager"]],
  ["Security", 0.03, ["Security Engineer", "Security Analyst", "Security Manager"]],
  ["Data", 0.05, ["Data Scientist", "Data Engineer", "Analytics Manager"]],
  ["Product", 0.05, ["Product Manager", "Product Designer", "Director of Product"]],
  ["Sales", 0.15, ["Account Executive", "Sales Development Rep", "Solutions Engineer", "Sales Manager"]],
  ["Marketing", 0.06, ["Marketing Specialist", "Content Writer", "Marketing Manager"]],
  ["Support", 0.12, ["Support Engineer", "Support Specialist", "Support Manager"]],
  ["Finance", 0.05, ["Accountant", "Financial Analyst", "Finance Manager"]],
  ["People", 0.04, ["HR Business Partner", "Recruiter", "People Manager"]],
  ["Legal", 0.02, ["Counsel", "Paralegal", "General Counsel"]],
  ["Operations", 0.08, ["Operations Analyst", "Facilities Coordinator", "Operations Manager"]],
  ["Executive", 0.02, ["Chief of Staff", "Executive Assistant", "Vice President"]],
];
const MANAGER_TITLES = DEPARTMENTS.map(([, , titles]) => titles[titles.length - 1]);
const ENGINEER_TITLES = ["Software Engineer", "Senior Software Engineer", "Staff Engineer", "QA Engineer", "Platform Engineer", "Site Reliability Engineer", "Security Engineer", "Data Engineer"];
const GIVEN = ["Ada", "Ben", "Chloe", "Daniel", "Emma", "Felix", "Grace", "Hana", "Ivan", "Julia", "Kofi", "Lena", "Marcus", "Nadia", "Omar", "Priya", "Quinn", "Ravi", "Sofia", "Theo", "Uma", "Victor", "Wei", "Xenia", "Yuki", "Zoe", "Aisha", "Carlos", "Ingrid", "Mateo"];
const FAMILY = ["Okonkwo", "Reyes", "Park", "Almeida", "Chen", "Schultz", "Holm", "Sato", "Berg", "Mensah", "Vogel", "Meier", "Rahman", "Rao", "Petrova", "Ivanova", "Haddad", "Raman", "Singh", "Iyer", "Oduya", "Aziz", "Martin", "Zhang", "Tanabe", "Angstrom", "Bello", "Carter", "Dubois", "Garcia"];
const NHI_TEAMS = ["ci", "deploy", "backup", "etl", "monitor", "billing", "search", "mail", "sync", "report"];
const CREDENTIAL_TYPES = ["api-key", "token", "oauth-client", "ssh-key", "certificate"];

/**
 * The ten apps. `departments` (or `allPeople`) is the person scope; `noContractors` excludes
 * contractors; `entitlements` maps groups to the app's entitlements. Every app also takes the
 * service accounts and agents whose `platform` attribute names it.
 */
const APP_SPECS = [
  { name: "workspace", allPeople: true, onLeaveScope: "disable", onSuspended: "keep", unmanaged: "report", groups: ["everyone", "contractors", "managers", ...DEPARTMENTS.map(([d]) => dept(d))] },
  { name: "code", departments: ["Engineering", "Platform", "Security", "Data"], onLeaveScope: "disable", onSuspended: "keep", unmanaged: "report", groups: ["engineers", "dept-platform", "dept-security", "managers"] },
  { name: "crm", departments: ["Sales", "Support", "Marketing"], noContractors: true, onLeaveScope: "delete", onSuspended: "disable", unmanaged: "disable", groups: ["dept-sales", "dept-support", "dept-marketing", "managers"] },
  { name: "erp", departments: ["Finance", "Operations", "Executive"], noContractors: true, onLeaveScope: "delete", onSuspended: "disable", unmanaged: "disable", groups: ["dept-finance", "dept-operations", "managers"] },
  { name: "hris", departments: ["People"], includeManagers: true, onLeaveScope: "disable", onSuspended: "disable", unmanaged: "report", groups: ["dept-people", "managers"] },
  { name: "tickets", departments: ["Support", "Engineering", "Platform", "Product"], onLeaveScope: "disable", onSuspended: "keep", unmanaged: "report", groups: ["dept-support", "engineers", "dept-product"] },
  { name: "chat", allPeople: true, noContractors: true, onLeaveScope: "disable", onSuspended: "keep", unmanaged: "report", groups: ["everyone", "managers", "engineers"] },
  { name: "cloud", departments: ["Platform", "Security", "Data"], onLeaveScope: "delete", onSuspended: "disable", unmanaged: "disable", groups: ["dept-platform", "dept-security", "dept-data", "prod-deployers"] },
  { name: "analytics", departments: ["Data", "Product", "Marketing", "Finance"], onLeaveScope: "disable", onSuspended: "keep", unmanaged: "report", groups: ["dept-data", "dept-product", "dept-marketing", "dept-finance"] },
  { name: "legal-docs", departments: ["Legal", "People", "Finance", "Executive"], noContractors: true, onLeaveScope: "delete", onSuspended: "disable", unmanaged: "report", groups: ["dept-legal", "dept-people", "dept-finance", "dept-executive"] },
];

function dept(name) {
  return `dept-${name.toLowerCase()}`;
}
function pad(n, width) {
  return String(n).padStart(width, "0");
}
function isoDate(ms) {
  return new Date(ms).toISOString().slice(0, 10);
}
/** YAML scalar: JSON strings are valid YAML double-quoted scalars. */
function q(value) {
  return JSON.stringify(value);
}

function makePeople(count, rnd) {
  const cumulative = [];
  let sum = 0;
  for (const [name, share, titles] of DEPARTMENTS) cumulative.push([(sum += share), name, titles]);
  const people = [];
  for (let i = 1; i <= count; i++) {
    const r = rnd.next() * sum;
    const [, department, titles] = i === 1 ? [0, "Executive", ["Chief Executive Officer"]] : cumulative.find(([c]) => r < c);
    // Managers are rarer than the other titles of a department.
    const title = i === 1 ? titles[0] : rnd.chance(0.1) ? titles[titles.length - 1] : titles[rnd.int(titles.length - 1)];
    const given = rnd.pick(GIVEN);
    const family = rnd.pick(FAMILY);
    const s = rnd.next();
    const status = i === 1 ? "Active" : s < 0.03 ? "Terminated" : s < 0.04 ? "Leave" : "Active";
    const hired = Date.UTC(2012, 0, 1) + rnd.int(14 * 365) * DAY;
    people.push({
      index: i,
      workerId: `W${i}`,
      userName: `${given}.${family}${i}`.toLowerCase(),
      given,
      family,
      status,
      contractor: i > 1 && rnd.chance(0.1),
      department,
      title,
      // A tree with about seven reports per manager; the CEO has none.
      manager: i === 1 ? "" : `W${1 + Math.floor((i - 2) / 7)}`,
      hireDate: isoDate(hired),
      terminationDate: status === "Terminated" ? isoDate(NOW_MS - (1 + rnd.int(700)) * DAY) : "",
    });
  }
  return people;
}

function hrCsv(people) {
  const cell = (v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = ["WorkerID,UserID,FirstName,LastName,Email,WorkerStatus,WorkerType,JobTitle,Department,ManagerID,HireDate,TerminationDate"];
  for (const p of people) {
    lines.push([p.workerId, p.userName, p.given, p.family, `${p.userName}@example.com`, p.status, p.contractor ? "Contractor" : "Employee", p.title, p.department, p.manager, p.hireDate, p.terminationDate].map(cell).join(","));
  }
  return `${lines.join("\n")}\n`;
}

function makeNhis(count, people, appNames, rnd) {
  const nhis = [];
  for (let i = 1; i <= count; i++) {
    const agent = rnd.chance(0.2);
    const id = agent ? `agent-${pad(i, 6)}` : `svc-${NHI_TEAMS[i % NHI_TEAMS.length]}-${pad(i, 6)}`;
    const owner = people[rnd.int(people.length)];
    const platform = rnd.pick(appNames);
    const credentials = [];
    const credentialCount = 1 + rnd.int(2);
    for (let c = 1; c <= credentialCount; c++) {
      const issued = NOW_MS - (30 + rnd.int(500)) * DAY;
      // About one in ten credentials is past its expiry: stale, to be rotated.
      const expires = rnd.chance(0.1) ? NOW_MS - (1 + rnd.int(60)) * DAY : NOW_MS + (30 + rnd.int(300)) * DAY;
      credentials.push({ id: `${id}-cred${c}`, type: rnd.pick(CREDENTIAL_TYPES), target: platform, issuedAt: isoDate(issued), expiresAt: isoDate(expires), secretRef: `vault:nhi/${id}#cred${c}` });
    }
    nhis.push({
      kind: agent ? "Agent" : "ServiceAccount",
      id,
      displayName: agent ? `Agent ${i}` : `${NHI_TEAMS[i % NHI_TEAMS.length]} service ${i}`,
      owner: owner.userName,
      status: rnd.chance(0.02) ? "disabled" : "active",
      environment: rnd.pick(["production", "production", "staging", "development"]),
      // Agents always carry an end date; about one in eight has passed.
      expiresAt: agent ? isoDate(rnd.chance(0.12) ? NOW_MS - (1 + rnd.int(90)) * DAY : NOW_MS + (30 + rnd.int(300)) * DAY) : undefined,
      model: agent ? rnd.pick(["claude-sonnet-4-5", "gpt-5", "gemini-2.5-pro"]) : undefined,
      platform,
      credentials,
      ownerPerson: owner,
    });
  }
  return nhis;
}

function nhiYaml(n) {
  const lines = [`kind: ${n.kind}`, `id: ${n.id}`, `displayName: ${q(n.displayName)}`, `owner: ${n.owner}`, `status: ${n.status}`, `environment: ${n.environment}`];
  if (n.model) lines.push(`model: ${q(n.model)}`);
  lines.push(`purpose: ${q(`Runs the ${n.displayName} jobs against ${n.platform}.`)}`);
  if (n.expiresAt) lines.push(`expiresAt: "${n.expiresAt}"`);
  lines.push("interactiveLogin: false", "attributes:", `  platform: ${n.platform}`, "credentials:");
  for (const c of n.credentials) {
    lines.push(`  - id: ${c.id}`, `    type: ${c.type}`, `    target: ${c.target}`, `    issuedAt: "${c.issuedAt}"`, `    expiresAt: "${c.expiresAt}"`, `    secretRef: ${q(c.secretRef)}`);
  }
  return lines.join("\n");
}

/** Groups as data (for the YAML and for the generator's own desired-state computation). */
function makeGroups(people, nhis, appNames, rnd) {
  const groups = [
    { id: "everyone", description: "Every employee.", birthright: [{ kinds: ["person"], where: { employmentType: "employee" } }] },
    { id: "contractors", description: "Contractors, on limited access.", birthright: [{ kinds: ["person"], where: { employmentType: "contractor" } }] },
    { id: "managers", description: "People managers.", birthright: [{ kinds: ["person"], where: { title: MANAGER_TITLES } }] },
    { id: "engineers", description: "Engineers in every engineering department.", birthright: [{ kinds: ["person"], where: { department: ["Engineering", "Platform", "Security", "Data"], title: ENGINEER_TITLES } }] },
    // Birthright groups grant no privilege (the privileged-birthright rule blocks that): privilege
    // comes from the explicit, reviewed admin and deployer groups below.
    ...DEPARTMENTS.map(([d]) => ({ id: dept(d), description: `The ${d} department.`, birthright: [{ kinds: ["person"], where: { department: d } }] })),
  ];
  const activePeople = people.filter((p) => p.status === "Active");
  const explicit = (count, pool, untilPast, untilFuture) => {
    const chosen = new Set();
    const members = [];
    while (members.length < Math.min(count, pool.length)) {
      const who = pool[rnd.int(pool.length)];
      const id = who.userName ?? who.id;
      if (chosen.has(id)) continue;
      chosen.add(id);
      const r = rnd.next();
      const until = r < untilPast ? isoDate(NOW_MS - (1 + rnd.int(60)) * DAY) : r < untilPast + untilFuture ? isoDate(NOW_MS + (1 + rnd.int(90)) * DAY) : undefined;
      members.push({ identity: id, ...(until ? { until } : {}), reason: `ticket ACC-${10000 + rnd.int(90000)}` });
    }
    return members;
  };
  for (const app of appNames) {
    groups.push({ id: `${app}-admins`, description: `Administrators of ${app}.`, privileged: true, owners: [people[0].userName], members: explicit(Math.max(3, Math.round(people.length * 0.001)), activePeople, 0.1, 0.05) });
    groups.push({ id: `${app}-power-users`, description: `Power users of ${app}.`, members: explicit(Math.max(5, Math.round(people.length * 0.005)), people, 0.05, 0.1) });
    groups.push({ id: `${app}-integrations`, description: `Machine identities that run against ${app}.`, birthright: [{ kinds: ["service-account", "agent"], where: { platform: app } }] });
  }
  groups.push({ id: "prod-deployers", description: "Identities allowed to deploy to production.", privileged: true, owners: [people[0].userName], members: explicit(Math.max(3, Math.round(nhis.length * 0.02)), nhis, 0.05, 0.05) });
  return groups;
}

function groupYaml(g) {
  const lines = ["kind: Group", `id: ${g.id}`, `description: ${q(g.description)}`];
  if (g.privileged) lines.push("privileged: true");
  if (g.owners) lines.push(`owners: [${g.owners.join(", ")}]`);
  if (g.birthright) {
    lines.push("birthright:");
    for (const s of g.birthright) lines.push(`  - kinds: [${s.kinds.join(", ")}]`, `    where: ${flow(s.where)}`);
  }
  if (g.members) {
    lines.push("members:");
    for (const m of g.members) {
      lines.push(`  - identity: ${m.identity}`);
      if (m.until) lines.push(`    until: "${m.until}"`);
      lines.push(`    reason: ${q(m.reason)}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

function flow(where) {
  return `{ ${Object.entries(where).map(([k, v]) => `${k}: ${Array.isArray(v) ? `[${v.map(q).join(", ")}]` : q(v)}`).join(", ")} }`;
}

/** The app policy as data: scope selectors and entitlement mappings. */
function makeApps(appNames) {
  return APP_SPECS.slice(0, appNames.length).map((spec, i) => {
    const name = appNames[i];
    const include = [];
    if (spec.allPeople) include.push({ kinds: ["person"] });
    if (spec.departments) include.push({ kinds: ["person"], where: { department: spec.departments } });
    if (spec.includeManagers) include.push({ kinds: ["person"], where: { title: MANAGER_TITLES } });
    include.push({ kinds: ["service-account", "agent"], where: { platform: name } });
    const exclude = spec.noContractors ? [{ kinds: ["person"], where: { employmentType: "contractor" } }] : [];
    const entitlements = [
      ...spec.groups.map((g) => ({ group: g, entitlement: `group:${g}` })),
      { group: `${name}-integrations`, entitlement: "role:integration" },
      { group: `${name}-power-users`, entitlement: "role:power-user" },
      { group: `${name}-admins`, entitlement: "role:admin", privileged: true },
    ];
    return { name, spec, include, exclude, entitlements };
  });
}

function appYaml(app) {
  const lines = ["kind: AppPolicy", `id: ${app.name}`, `target: ${app.name}`, `description: ${q(`The ${app.spec.name} application.`)}`, "scope:", "  include:"];
  for (const s of app.include) lines.push(`    - kinds: [${s.kinds.join(", ")}]`, ...(s.where ? [`      where: ${flow(s.where)}`] : []));
  if (app.exclude.length > 0) {
    lines.push("  exclude:");
    for (const s of app.exclude) lines.push(`    - kinds: [${s.kinds.join(", ")}]`, `      where: ${flow(s.where)}`);
  }
  lines.push(
    "accounts:",
    "  login: userName",
    `  onSuspended: ${app.spec.onSuspended}`,
    "  attributes:",
    "    displayName: { from: displayName, strength: always }",
    "    email: { from: email, strength: always }",
    "    title: { from: title, strength: ifEmpty }",
    "    department: { from: department, strength: onCreate }",
    "entitlements:",
  );
  for (const e of app.entitlements) lines.push(`  - group: ${e.group}`, `    entitlement: ${q(e.entitlement)}`, ...(e.privileged ? ["    privileged: true"] : []));
  lines.push(`onLeaveScope: ${app.spec.onLeaveScope}`);
  if (app.spec.onLeaveScope === "delete") lines.push("deleteGracePeriod: 30d");
  lines.push(`unmanagedAccounts: ${app.spec.unmanaged}`);
  return `${lines.join("\n")}\n`;
}

function configYaml(people, appNames, discovered) {
  const lines = [
    "version: 1",
    "organisation: synthetic",
    "sources:",
    "  hr:",
    "    type: csv",
    "    path: hr.csv",
    "    authoritative: [name, department, title, manager, employmentType, status]",
    "    gates:",
    "      required: [externalId, userName, status]",
    `      minRecords: ${Math.floor(people.length * 0.9)}`,
    "    options:",
    `      exportedAt: "${EXPORTED_AT}"`,
    ...(discovered > 0 ? ["  aws:", "    type: aws-iam", `    path: ${CREDENTIAL_REPORT}`, "    options:", `      exportedAt: "${EXPORTED_AT}"`, "      undeclared: report"] : []),
    "targets:",
  ];
  for (const app of appNames) lines.push(`  ${app}:`, "    type: file", `    path: state/${app}.json`);
  // Generous: a benchmark plan must never be blocked, but the limits are still evaluated.
  lines.push(
    "safety:",
    "  default:",
    "    deletes: { percent: 50 }",
    "    disables: { percent: 50 }",
    "    removals: { percent: 50 }",
    "    changes: { percent: 50 }",
    "    floor: 10",
  );
  return `${lines.join("\n")}\n`;
}

// --- NHIs discovered in an AWS account: the IAM credential report, and the tenth of its users
// that files declare (`discoveredBy`); the others are reported as undeclared (nhi-undeclared).

const CREDENTIAL_REPORT = "exports/aws-credential-report.csv";
/** The IAM credential report's columns, as GetCredentialReport writes them (also bench/nhi-discovery.mjs). */
export const REPORT_HEADER = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";
/** Days before NOW, as the credential report writes instants. */
const reportDay = (days) => new Date(NOW_MS - days * DAY).toISOString().replace(".000Z", "+00:00");

async function writeDiscovered(dir, count, people) {
  await mkdir(path.join(dir, "exports"), { recursive: true });
  await mkdir(path.join(dir, "identities/discovered"), { recursive: true });
  const rows = [REPORT_HEADER];
  for (let i = 1; i <= count; i++) {
    // Every user has key 1, rotated within the last 300 days (a third never used); every other user a second, inactive key.
    const used = i % 3 === 0 ? "N/A,N/A,N/A" : `${reportDay(i % 60)},eu-west-1,s3`;
    const key2 = i % 2 === 0 ? `false,${reportDay(100 + (i % 200))},N/A,N/A,N/A` : "false,N/A,N/A,N/A,N/A";
    rows.push(`svc-aws-${i},arn:aws:iam::123456789012:user/svc-aws-${i},${reportDay(300 + (i % 400))},false,N/A,N/A,N/A,false,true,${reportDay(i % 300)},${used},${key2},false,N/A,false,N/A`);
  }
  await writeFile(path.join(dir, CREDENTIAL_REPORT), `${rows.join("\n")}\n`);
  const active = people.filter((p) => p.status === "Active");
  const declared = [];
  for (let i = 10; i <= count; i += 10) {
    const owner = active[(i * 7919) % active.length].userName;
    declared.push(`kind: ServiceAccount\nid: svc-aws-${i}\nowner: ${owner}\nstatus: active\nenvironment: production\npurpose: "Batch job ${i} in the AWS account."\ninteractiveLogin: false\ndiscoveredBy:\n  - source: aws\n    id: svc-aws-${i}`);
  }
  for (let start = 0, file = 1; start < declared.length; start += NHIS_PER_FILE, file++) {
    await writeFile(path.join(dir, "identities/discovered", `discovered-${pad(file, 4)}.yaml`), `${declared.slice(start, start + NHIS_PER_FILE).join("\n---\n")}\n`);
  }
}

// --- The generator's own view of desired state, used only to write near-in-sync target states.

function personAttributes(p) {
  return { kind: "person", department: p.department, title: p.title, employmentType: p.contractor ? "contractor" : "employee" };
}
function matches(attrs, selector) {
  if (selector.kinds && !selector.kinds.includes(attrs.kind)) return false;
  for (const [key, wanted] of Object.entries(selector.where ?? {})) {
    const have = attrs[key];
    if (have === undefined || !(Array.isArray(wanted) ? wanted : [wanted]).some((w) => String(w).toLowerCase() === String(have).toLowerCase())) return false;
  }
  return true;
}
function inScope(attrs, app) {
  return app.include.some((s) => matches(attrs, s)) && !app.exclude.some((s) => matches(attrs, s));
}

function membershipsOf(groups) {
  // identity → groups. Grants whose `until` has passed are still held by the app (nobody removed
  // them): the plan revokes them.
  const explicit = new Map();
  for (const g of groups) {
    for (const m of g.members ?? []) (explicit.get(m.identity) ?? explicit.set(m.identity, new Set()).get(m.identity)).add(g.id);
  }
  const birthright = groups.filter((g) => g.birthright);
  return (id, attrs) => {
    const out = new Set(explicit.get(id) ?? []);
    for (const g of birthright) if (g.birthright.some((s) => matches(attrs, s))) out.add(g.id);
    return out;
  };
}

/** Each app's state file: the desired state, with drift sprinkled in by seeded dice. */
function makeStates(people, nhis, groups, apps, rnd) {
  const groupsOf = membershipsOf(groups);
  const peopleByLogin = new Map(people.map((p) => [p.userName, p]));
  const states = [];
  for (const app of apps) {
    const accounts = [];
    const credentials = [];
    let seq = 0;
    const account = (login, externalId, active, attributes, entitlements, extra = {}) => {
      const a = { id: `${app.name}-${pad(++seq, 7)}`, login, ...(externalId ? { externalId } : {}), active, attributes, entitlements, ...extra };
      accounts.push(a);
      return a;
    };
    const desired = (id, attrs) => {
      const groupSet = groupsOf(id, attrs);
      return [...new Set(app.entitlements.filter((e) => groupSet.has(e.group)).map((e) => e.entitlement))].sort();
    };
    const driftEntitlements = (list) => {
      const r = rnd.next();
      if (r < 0.01) return [...list, "role:admin"].filter((v, i, all) => all.indexOf(v) === i).sort(); // stale privilege
      if (r < 0.02 && list.length > 0) return list.slice(1); // a grant never applied
      return list;
    };
    const suspendedOff = app.spec.onSuspended === "disable";
    for (const p of people) {
      const attrs = personAttributes(p);
      const scoped = inScope(attrs, app);
      const anchor = `hr:${p.workerId}`;
      const attributes = { displayName: `${p.given} ${p.family}`, email: `${p.userName}@example.com`, title: p.title, department: p.department };
      if (p.status === "Terminated") {
        if (!scoped) continue;
        const r = rnd.next();
        if (r < 0.6) continue; // offboarded long ago, account gone
        if (r < 0.85) account(p.userName, anchor, false, attributes, [], { disabledAt: `${isoDate(NOW_MS - (1 + rnd.int(25)) * DAY)}T00:00:00Z` });
        else if (r < 0.9) account(p.userName, anchor, false, attributes, [], { disabledAt: `${isoDate(NOW_MS - (40 + rnd.int(100)) * DAY)}T00:00:00Z` }); // past the grace period
        else account(p.userName, anchor, true, attributes, desired(p.userName, attrs)); // leaver nobody offboarded
        continue;
      }
      if (!scoped) {
        // A mover whose old account was never disabled.
        if (rnd.chance(0.002)) account(p.userName, anchor, true, attributes, []);
        continue;
      }
      if (p.status === "Leave" && suspendedOff) {
        if (rnd.chance(0.7)) account(p.userName, anchor, false, attributes, [], { disabledAt: `${isoDate(NOW_MS - (1 + rnd.int(20)) * DAY)}T00:00:00Z` });
        else account(p.userName, anchor, true, attributes, desired(p.userName, attrs));
        continue;
      }
      const r = rnd.next();
      if (r < 0.015) continue; // joiner not provisioned yet
      const stale = r < 0.02 ? { ...attributes, displayName: `${p.given} ${p.family}-Old` } : attributes;
      // A few accounts were created by hand before scopesync and carry no externalId: adopted by login.
      account(p.userName, r > 0.997 ? undefined : anchor, true, stale, driftEntitlements(desired(p.userName, attrs)));
    }
    for (const n of nhis) {
      const attrs = { kind: n.kind === "Agent" ? "agent" : "service-account", platform: n.platform };
      if (!inScope(attrs, app)) continue;
      const owner = peopleByLogin.get(n.owner);
      const off = n.status === "disabled" || (n.expiresAt && Date.parse(`${n.expiresAt}T00:00:00Z`) <= NOW_MS) || owner.status !== "Active";
      const attributes = { displayName: n.displayName };
      if (off && rnd.chance(0.6)) {
        account(n.id, `nhi:${n.id}`, false, attributes, [], { disabledAt: `${isoDate(NOW_MS - (1 + rnd.int(20)) * DAY)}T00:00:00Z` });
        continue;
      }
      if (!off && rnd.chance(0.02)) continue; // new NHI not provisioned yet
      const a = account(n.id, `nhi:${n.id}`, true, attributes, off ? desired(n.id, attrs) : driftEntitlements(desired(n.id, attrs)));
      for (const c of n.credentials) credentials.push({ id: `${app.name}-k-${c.id}`, account: a.id, type: c.type, credentialId: c.id });
    }
    // Accounts created by hand in the app, matching no identity.
    const unmanaged = Math.max(2, Math.round(accounts.length * 0.002));
    for (let u = 1; u <= unmanaged; u++) account(`ext-${app.name}-${u}`, undefined, true, { displayName: `External ${u}` }, rnd.chance(0.5) ? ["role:power-user"] : []);
    // Target order is not ours: shuffle deterministically, as a live read would return them.
    for (let i = accounts.length - 1; i > 0; i--) {
      const j = rnd.int(i + 1);
      [accounts[i], accounts[j]] = [accounts[j], accounts[i]];
    }
    states.push({ app: app.name, state: { formatVersion: 1, target: app.name, readAt: "2026-12-01T06:10:00Z", accounts, credentials } });
  }
  return states;
}

/**
 * Writes a synthetic policy repository into `dir` (which must exist or be creatable). Returns the
 * counts it wrote.
 */
export async function generateOrg(dir, { people: peopleCount, nhis: nhiCount, apps: appCount = 10, discovered = 0, seed = 42 }) {
  const rnd = prng(seed);
  const appNames = Array.from({ length: appCount }, (_, i) => `app-${pad(i + 1, 2)}`);
  const people = makePeople(peopleCount, rnd);
  const nhis = makeNhis(nhiCount, people, appNames, rnd);
  const groups = makeGroups(people, nhis, appNames, rnd);
  const apps = makeApps(appNames);
  for (const sub of ["identities/groups", "identities/people", "identities/nhis", "policies/apps", "state"]) await mkdir(path.join(dir, sub), { recursive: true });

  await writeFile(path.join(dir, "scopesync.yaml"), configYaml(people, appNames, discovered));
  if (discovered > 0) await writeDiscovered(dir, discovered, people);
  await writeFile(path.join(dir, "hr.csv"), hrCsv(people));
  for (let start = 0, file = 1; start < nhis.length; start += NHIS_PER_FILE, file++) {
    const docs = nhis.slice(start, start + NHIS_PER_FILE).map(nhiYaml);
    await writeFile(path.join(dir, "identities/nhis", `nhis-${pad(file, 4)}.yaml`), `${docs.join("\n---\n")}\n`);
  }
  for (const g of groups) await writeFile(path.join(dir, "identities/groups", `${g.id}.yaml`), groupYaml(g));
  // Person overlays: a cost centre for one person in 500.
  const overlays = people.filter((p) => p.index % 500 === 7).map((p) => `kind: Person\nid: ${p.userName}\nattributes:\n  costCenter: "CC-${1000 + (p.index % 97)}"`);
  for (let start = 0, file = 1; start < overlays.length; start += OVERLAYS_PER_FILE, file++) {
    await writeFile(path.join(dir, "identities/people", `overlays-${pad(file, 3)}.yaml`), `${overlays.slice(start, start + OVERLAYS_PER_FILE).join("\n---\n")}\n`);
  }
  for (const app of apps) await writeFile(path.join(dir, "policies/apps", `${app.name}.yaml`), appYaml(app));
  let accounts = 0;
  for (const { app, state } of makeStates(people, nhis, groups, apps, rnd)) {
    accounts += state.accounts.length;
    await writeFile(path.join(dir, "state", `${app}.json`), JSON.stringify(state));
  }
  return { people: peopleCount, nhis: nhiCount, apps: appCount, groups: groups.length, accounts };
}

// `node bench/synthetic-org.mjs DIR [people] [nhis]`: write one organisation, e.g. to inspect or validate it.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const [dir, people = "1000", nhis = "200"] = process.argv.slice(2);
  if (!dir) {
    console.error("usage: node bench/synthetic-org.mjs DIR [people] [nhis]");
    process.exit(2);
  }
  generateOrg(dir, { people: Number(people), nhis: Number(nhis) }).then((stats) => console.log(JSON.stringify(stats)));
}
