// What the fake holds for the pull-request workflow (src/github/): branches, pull requests, issue
// comments and check runs of the org's repositories. Kept apart from the org's members and teams
// so a test can tell a workflow write (comment, check) from a target write (membership, team).

export interface FakeComment { id: number; repo: string; issue: number; userId: number; body: string; createdAt: string; updatedAt: string }
export interface FakeAnnotation { path: string; start_line: number; end_line: number; annotation_level: string; message: string; title?: string }
export interface FakeCheckRun {
  id: number; repo: string; name: string; headSha: string; status: string; conclusion: string | null; externalId: string | null; detailsUrl: string | null;
  title: string | null; summary: string | null; text: string | null; annotations: FakeAnnotation[]; startedAt: string; completedAt: string | null;
  /** Requests that carried annotations, and how many each: tests check the 50-per-request batching. */
  annotationBatches: number[];
}
export interface FakePull {
  id: number; number: number; repo: string; title: string; body: string | null; head: string; headSha: string; base: string;
  state: "open" | "closed"; merged: boolean; mergeCommitSha: string | null; userId: number; createdAt: string; updatedAt: string;
}

export class FakePullRequests {
  readonly branches = new Map<string, string>(); // "repo:branch" → head sha
  readonly pulls: FakePull[] = [];
  readonly comments = new Map<number, FakeComment>();
  readonly checkRuns = new Map<number, FakeCheckRun>();
  private clock = Date.parse("2026-11-26T09:00:00Z");

  constructor(private readonly nextId: () => number) {}

  /** A strictly increasing timestamp, so updated_at moves on every write. */
  stamp(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString().replace(/\.\d{3}Z$/, "Z");
  }

  id(): number {
    return this.nextId();
  }

  setBranch(repo: string, branch: string, sha: string): void {
    this.branches.set(`${repo}:${branch}`, sha);
  }

  branch(repo: string, branch: string): string | undefined {
    return this.branches.get(`${repo}:${branch}`);
  }

  /** A pull request as someone opened it (the head branch is created with it). */
  openPull(repo: string, fields: { head: string; headSha?: string; base?: string; title?: string; body?: string | null; userId: number }): FakePull {
    const headSha = fields.headSha ?? sha(`${repo}:${fields.head}:${this.pulls.length}`);
    this.setBranch(repo, fields.head, headSha);
    const at = this.stamp();
    const pull: FakePull = {
      id: this.id(), number: this.pulls.length + 1, repo, title: fields.title ?? `Change ${fields.head}`, body: fields.body ?? null, head: fields.head, headSha,
      base: fields.base ?? "main", state: "open", merged: false, mergeCommitSha: null, userId: fields.userId, createdAt: at, updatedAt: at,
    };
    this.pulls.push(pull);
    return pull;
  }

  pull(repo: string, number: number): FakePull | undefined {
    return this.pulls.find((p) => p.repo === repo && p.number === number);
  }

  /** The PR is merged with this merge commit (what a person does with the merge button). */
  merge(repo: string, number: number, mergeCommitSha: string): void {
    const p = this.pull(repo, number);
    if (!p) throw new Error(`github-fake: no pull request ${repo}#${number}`);
    Object.assign(p, { state: "closed", merged: true, mergeCommitSha, updatedAt: this.stamp() });
  }

  addComment(repo: string, issue: number, userId: number, body: string): FakeComment {
    const at = this.stamp();
    const c: FakeComment = { id: this.id(), repo, issue, userId, body, createdAt: at, updatedAt: at };
    this.comments.set(c.id, c);
    return c;
  }

  commentsOn(repo: string, issue: number): FakeComment[] {
    return [...this.comments.values()].filter((c) => c.repo === repo && c.issue === issue).sort((a, b) => a.id - b.id);
  }
}

/** A 40-hex commit id derived from text (deterministic, for seeded branches). */
export function sha(text: string): string {
  let h = 0x811c9dc5;
  let out = "";
  for (let round = 0; out.length < 40; round++) {
    for (const ch of `${round}:${text}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    out += h.toString(16).padStart(8, "0");
  }
  return out.slice(0, 40);
}
