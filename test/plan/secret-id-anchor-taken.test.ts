// A secret-shaped id is shown under its anchor (model/secret-free-identities.ts). Where another
// identity already has that name as its id (a login "hr:w1" beside the worker w1 whose UserID is a
// key), the two were one entry: one identity silently replaced the other, and every reference to
// either named whichever won. Now the run is refused, naming both where their records are, and
// never the key.
import { afterEach, expect, it } from "vitest";
import { engineeringFileRepo, type PolicyRepo } from "../apply/helpers/policy-repo.js";

// Built at run time, so that no secret-shaped literal sits in the repository.
const KEY = ["ghp", "C0ll1deT0kenValue0123456789abcdefABCD"].join("_");

let repo: PolicyRepo | undefined;
afterEach(() => repo?.cleanup());

it("an anchor another identity has as its id is refused, naming both, and not the key", async () => {
  repo = engineeringFileRepo(
    [
      { worker: "w1", login: KEY, first: "Ada", email: "ada@corp.example", department: "Engineering" },
      { worker: "W2", login: "hr:w1", first: "Bob", email: "bob@corp.example", department: "Engineering" },
    ],
    ["displayName"],
    [],
  );
  for (const args of [["plan"], ["identities"], ["explain", "hr:w1"]]) {
    const r = await repo.cli(args, {});
    expect(r.code, `${args.join(" ")}: ${r.stdout}`).toBe(1);
    expect(r.stderr).toBe(
      [
        'error: two identities would both be named "hr:w1": the person anchored at hr:w1 (hr.csv row 1 (line 2)), whose login looks like a secret (GitHub token) and is shown under its anchor, and the person whose login is hr:w1 (hr.csv row 2 (line 3))',
        "  fix: if hr.csv row 1 (line 2) holds a key where the login belongs, rotate the key and give that person their login there; otherwise give the person at hr.csv row 2 (line 3) another login (no login may be another identity's anchor)",
        "",
      ].join("\n"),
    );
    expect(r.stdout + r.stderr).not.toContain(KEY.slice(4, 20).toLowerCase());
  }
});
