// A policy repository that commits its HR export (exports/workday.csv), as the sync workflow's
// repositories do: for tests of a pull request that edits it (rv78 finding 1).

// Workday's worker statuses (Active, Terminated); joanna works in Sales, brian has left.
const EXPORT = `worker,login,mail,first,last,state,dept,role
W1,joanna.sales,joanna@chotchkies.example,Joanna,Lee,Active,Sales,Server
W2,stan.manager,stan@chotchkies.example,Stan,Moss,Active,Finance,Manager
W3,brian.flair,brian@chotchkies.example,Brian,Flair,Terminated,Finance,Server
`;

export const EXPORT_EDIT_FILES: Record<string, string> = {
  "scopesync.yaml": `version: 1
organisation: chotchkies
sources:
  hr:
    type: csv
    path: exports/workday.csv
    authoritative: [name, department, title, status]
    gates: { required: [externalId, userName, status], minRecords: 1 }
    options:
      exportedAt: "2026-11-26T06:00:00Z"
      columns: { externalId: worker, userName: login, email: mail, givenName: first, familyName: last, status: state, department: dept, title: role }
      statusValues: { Active: active, Terminated: terminated }
targets: { books: { type: file, path: state/books.json } }
# Four people: every change is a large share of them, so the limits are lifted for the tests.
safety: { default: { deletes: { count: 50, percent: 100 }, disables: { count: 50, percent: 100 }, removals: { count: 50, percent: 100 }, changes: { count: 500, percent: 100 } } }
`,
  "exports/workday.csv": EXPORT,
  "state/books.json": JSON.stringify({
    formatVersion: 1,
    accounts: [
      { id: "2", login: "stan.manager", externalId: "hr:W2", active: true, attributes: {}, entitlements: ["group:ledger"] },
      { id: "3", login: "brian.flair", externalId: "hr:W3", active: true, attributes: {}, entitlements: ["group:ledger"] },
    ],
    credentials: [],
  }),
  "identities/groups/ledger.yaml": "kind: Group\nid: ledger\nowners: [stan.manager]\nbirthright: [ { kinds: [person], where: { department: Finance } } ]\n",
  "policies/apps/books.yaml": 'kind: AppPolicy\nid: books\ntarget: books\nscope: { include: [ { kinds: [person], where: { department: Finance } } ] }\naccounts: { login: userName }\nentitlements:\n  - { group: ledger, entitlement: "group:ledger" }\n',
};
