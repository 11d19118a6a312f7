// The bad-input corpus: every way a policy repository, an export or a configured path has been
// found to go wrong. Each case is a copy of test/fixtures/minimal with one thing broken, the command
// a person would run, and the first words of the error they must see. Files in
// test/fixtures/invalid/ are cases by themselves (config-*.yaml replace scopesync.yaml, the rest
// are dropped into identities/); the cases below need more than one file (links, generated text).
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { FIXTURES } from "../helpers/run-cli.js";

export interface BadInput {
  name: string;
  /** Breaks the copy of the minimal repository at `repo`; `outside` is a scratch folder beside it. */
  setup(repo: string, outside: string): void;
  /** Default: validate. */
  args?: string[];
  /** Exit code the contract gives (1: invalid input or unreadable source). */
  code?: number;
  /** The start of one line of stderr. */
  expect?: string;
  /** Text that must appear nowhere in the output (secrets, contents of files outside). */
  never?: string[];
}

const put = (path: string, text: string | Uint8Array): void => {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
};
const INVALID = join(FIXTURES, "invalid");
const PASSWD = "root:x:0:0:root:/root:/bin/bash\n";
const OUTSIDE_GROUP = "kind: Group\nid: outside\n";
const PLAN = ["plan", "--now", "2026-11-26T09:00:00Z"];

/** What each fixture file's first error line must start with, for the files this corpus added. */
const FIXTURE_EXPECT: Record<string, { expect: string; never?: string[] }> = {
  "upper-case-extension.YAML": { expect: "identities/upper-case-extension.YAML:1:1: not read: files under identities/ must be YAML ending in .yaml or .yml (lower case)" },
  "capital.Yml": { expect: "identities/capital.Yml:1:1: not read" },
  "group.json": { expect: "identities/group.json:1:1: not read" },
  "notes.md": { expect: "identities/notes.md:1:1: not read" },
  "nul-byte.yaml": { expect: "identities/nul-byte.yaml:3:20: control character U+0000 (NUL) in the file" },
  "nul-escape.yaml": { expect: "identities/nul-escape.yaml:2:5: value holds a NUL character" },
  "comment-secret.yaml": { expect: "identities/comment-secret.yaml:2:1: inline secret in a comment (GitHub token); its value is not shown", never: ["ghp_R8x2Lq7Vn4Pz9Kt3Wm6Yb1Hc5Jd0Fs2Ga4Ne", "R8x2Lq7Vn4Pz"] },
  "config-comment-secret.yaml": { expect: "scopesync.yaml:14:5: inline secret in a comment (Slack token)", never: ["xoxb-2231-9981-aQ7fPz2Lk", "aQ7fPz2Lk"] },
  "config-url-password.yaml": { expect: "scopesync.yaml:10:10: inline secret (password in a URL); its value is not shown", never: ["Xk29-wLq7-Pz4r"] },
  "config-url-password-invalid.yaml": { expect: "scopesync.yaml:10:10: inline secret (password in a URL)", never: ["Xk29-wLq7-Pz4r"] },
  "config-target-path-escape.yaml": { expect: 'scopesync.yaml:12:11: targets.local.path "../../../../etc/passwd" points outside the repository', never: ["root:x"] },
  "config-source-path-absolute.yaml": { expect: 'scopesync.yaml:6:11: sources.hr.path "/etc/passwd" points outside the repository' },
  "config-ldap-cafile-escape.yaml": { expect: 'scopesync.yaml:17:17: sources.directory.options.tls.caFile "/etc/ssl/private/server.key" points outside the repository' },
  "config-option-path-escape.yaml": { expect: 'scopesync.yaml:13:14: sources.aws.options.roles "../../../../etc" points outside the repository' },
  "config-snapshot-path-escape.yaml": { expect: 'scopesync.yaml:7:15: sources.hr.snapshot "../state/hr.json" points outside the repository' },
  "config-target-state-absolute.yaml": { expect: 'scopesync.yaml:16:12: targets.github.state "/tmp/github-state.json" points outside the repository' },
  "config-allow-without-reason.yaml": { expect: "scopesync.yaml:18:5: " },
  "config-empty.yaml": { expect: "scopesync.yaml:1:1: scopesync.yaml is empty" },
  "config-only-comment.yaml": { expect: "scopesync.yaml:1:1: scopesync.yaml is empty" },
};

function fixtureCases(): BadInput[] {
  return readdirSync(INVALID).sort().map((file) => ({
    name: file,
    setup: (repo: string) => put(join(repo, file.startsWith("config-") ? "scopesync.yaml" : join("identities", file)), readFileSync(join(INVALID, file))),
    ...FIXTURE_EXPECT[file],
  }));
}

const BUILT: BadInput[] = [
  {
    name: "symlink to a policy file outside the repository",
    setup: (repo, outside) => {
      put(join(outside, "group.yaml"), OUTSIDE_GROUP);
      symlinkSync(join(outside, "group.yaml"), join(repo, "identities", "outside.yaml"));
    },
    expect: "identities/outside.yaml:1:1: symbolic link to a file outside the repository; it is not read",
  },
  {
    name: "symlink to a folder outside the repository",
    setup: (repo, outside) => {
      put(join(outside, "more", "group.yaml"), OUTSIDE_GROUP);
      symlinkSync(join(outside, "more"), join(repo, "policies", "more"));
    },
    expect: "policies/more:1:1: symbolic link to a file outside the repository",
  },
  {
    name: "broken symlink under identities/",
    setup: (repo) => symlinkSync(join(repo, "identities", "gone.yaml"), join(repo, "identities", "dangling.yaml")),
    expect: "identities/dangling.yaml:1:1: broken symbolic link",
  },
  {
    name: "plan with a service account behind an outside symlink plans nothing",
    setup: (repo, outside) => {
      const file = join(repo, "identities", "service-accounts", "svc-bot.yaml");
      put(join(outside, "svc-bot.yaml"), readFileSync(file));
      rmSync(file);
      symlinkSync(join(outside, "svc-bot.yaml"), file);
    },
    args: PLAN,
    expect: "identities/service-accounts/svc-bot.yaml:1:1: symbolic link to a file outside the repository",
  },
  {
    name: "plan with a policy file named .YAML plans nothing",
    setup: (repo) => renameSync(join(repo, "identities", "service-accounts", "svc-bot.yaml"), join(repo, "identities", "service-accounts", "svc-bot.YAML")),
    args: PLAN,
    expect: "identities/service-accounts/svc-bot.YAML:1:1: not read",
  },
  {
    name: "file target path through a symlink to a folder outside",
    setup: (repo, outside) => {
      put(join(outside, "local.json"), PASSWD);
      rmSync(join(repo, "state"), { recursive: true });
      symlinkSync(outside, join(repo, "state"));
    },
    args: PLAN,
    expect: 'scopesync.yaml:13:11: targets.local.path "state/local.json" leads outside the repository through a symbolic link',
    never: ["root:x"],
  },
  {
    name: "export path through a symlink to a file outside",
    setup: (repo, outside) => {
      put(join(outside, "hr.csv"), PASSWD);
      rmSync(join(repo, "exports", "hr.csv"));
      symlinkSync(join(outside, "hr.csv"), join(repo, "exports", "hr.csv"));
    },
    args: PLAN,
    expect: 'scopesync.yaml:7:11: sources.hr.path "exports/hr.csv" leads outside the repository through a symbolic link',
    never: ["root:x"],
  },
  {
    name: "a target state file that is not JSON is not quoted",
    setup: (repo) => {
      put(join(repo, "state", "local.json"), PASSWD);
      // The github target reads a saved state too, a valid one, so that the file target's is the one read.
      put(join(repo, "scopesync.yaml"), readFileSync(join(repo, "scopesync.yaml"), "utf8").replace("    org: minimal-org\n", "    org: minimal-org\n    state: state/github.json\n"));
      put(join(repo, "state", "github.json"), '{"formatVersion":1,"accounts":[],"credentials":[]}\n');
    },
    args: PLAN,
    expect: 'error: target "local": state/local.json is not valid JSON',
    never: ["root:x", "root"],
  },
  {
    name: "a file name and a key with a bidi override",
    setup: (repo) => put(join(repo, "identities", "admins\u202elmay.yaml"), "kind: Group\nid: g\nmem\u202ebers: []\n"),
    expect: 'identities/admins\\u202elmay.yaml:3:1: unknown key "mem\\u202ebers" in the document',
    never: ["\u202e"],
  },
  {
    name: "YAML nested 20,000 deep in flow brackets",
    setup: (repo) => put(join(repo, "identities", "deep.yaml"), `kind: Group\nid: deep\ndescription: ${"[".repeat(20_000)}${"]".repeat(20_000)}\n`),
    expect: "identities/deep.yaml:3:",
  },
  {
    name: "YAML nested 20,000 deep in block sequences",
    setup: (repo) => put(join(repo, "identities", "deep.yaml"), `kind: Group\nid: deep\nmembers:\n${"- ".repeat(20_000)}x\n`),
    expect: "identities/deep.yaml:4:",
  },
  {
    name: "YAML nested 100 deep in block mappings",
    setup: (repo) => put(join(repo, "identities", "deep.yaml"), `kind: Group\nid: deep\nx:\n${Array.from({ length: 100 }, (_, i) => `${" ".repeat(i + 1)}a:`).join("\n")} 1\n`),
    expect: "identities/deep.yaml:",
  },
  {
    name: "NUL byte in the HR export",
    setup: (repo) => put(join(repo, "exports", "hr.csv"), readFileSync(join(repo, "exports", "hr.csv"), "utf8").replace("Lovelace", "Love\u0000lace")),
    args: PLAN,
    expect: 'error: source "hr": exports/hr.csv line 2: NUL byte at byte',
  },
  {
    name: "HR export saved as UTF-16 without a byte order mark",
    setup: (repo) => put(join(repo, "exports", "hr.csv"), Buffer.from(readFileSync(join(repo, "exports", "hr.csv"), "utf8"), "utf16le")),
    args: PLAN,
    expect: 'error: source "hr": exports/hr.csv: file looks like UTF-16LE (little-endian) without a byte order mark',
  },
  {
    name: "empty scopesync.yaml, through plan",
    setup: (repo) => put(join(repo, "scopesync.yaml"), ""),
    args: PLAN,
    expect: "scopesync.yaml:1:1: scopesync.yaml is empty",
  },
];

/** Every case, fixture files first. */
export function badInputs(): BadInput[] {
  return [...fixtureCases(), ...BUILT];
}
