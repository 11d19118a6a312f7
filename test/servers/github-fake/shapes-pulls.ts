// api.github.com shapes for the pull-request workflow's operations: issue comments, check runs,
// pull requests. Validated on the way out like every other response of the fake.
import type { Shapes } from "./shapes.js";
import type { FakeOrg, FakeRepo } from "./state.js";
import type { FakeCheckRun, FakeComment, FakePull } from "./pulls-state.js";

const STAMP = "2026-01-05T09:00:00Z";
/** The GitHub App that GITHUB_TOKEN belongs to: check runs are created by it. */
const ACTIONS_APP_ID = 15368;

export class PullShapes {
  constructor(private readonly base: string, private readonly org: FakeOrg, private readonly shapes: Shapes) {}

  private api(repo: string): string {
    return `${this.base}/repos/${this.org.org}/${repo}`;
  }

  comment(c: FakeComment): Record<string, unknown> {
    const html = `${this.base}/${this.org.org}/${c.repo}/pull/${c.issue}#issuecomment-${c.id}`;
    return {
      id: c.id, node_id: `IC_${c.id}`, url: `${this.api(c.repo)}/issues/comments/${c.id}`, body: c.body, html_url: html,
      issue_url: `${this.api(c.repo)}/issues/${c.issue}`, user: this.shapes.simpleUser(this.org.userById(c.userId)),
      created_at: c.createdAt, updated_at: c.updatedAt, author_association: c.userId === this.org.self.id ? "NONE" : "MEMBER",
    };
  }

  checkRun(r: FakeCheckRun): Record<string, unknown> {
    const url = `${this.api(r.repo)}/check-runs/${r.id}`;
    const owner = { ...this.shapes.simpleUser({ id: this.org.orgId, login: "github", name: null, email: null }), type: "Organization" };
    return {
      id: r.id, node_id: `CR_${r.id}`, head_sha: r.headSha, name: r.name, url, html_url: `${this.base}/${this.org.org}/${r.repo}/runs/${r.id}`,
      details_url: r.detailsUrl, status: r.status, conclusion: r.conclusion, started_at: r.startedAt, completed_at: r.completedAt, external_id: r.externalId,
      check_suite: { id: r.id + 1 },
      output: { title: r.title, summary: r.summary, text: r.text, annotations_count: r.annotations.length, annotations_url: `${url}/annotations` },
      app: {
        id: ACTIONS_APP_ID, slug: "github-actions", node_id: "MDM6QXBwMTUzNjg=", owner, name: "GitHub Actions", description: "Automate your workflow",
        external_url: "https://help.github.com/en/actions", html_url: `${this.base}/apps/github-actions`, created_at: "2018-07-30T09:30:17Z", updated_at: STAMP,
        permissions: { checks: "write", contents: "read", metadata: "read", pull_requests: "write" }, events: ["check_run"],
      },
      pull_requests: [],
    };
  }

  /** A full repository (what a pull request's head and base carry). */
  private repository(r: FakeRepo): Record<string, unknown> {
    const api = this.api(r.name);
    return {
      ...this.shapes.repo(r), git_url: `git://127.0.0.1/${this.org.org}/${r.name}.git`, ssh_url: `git@127.0.0.1:${this.org.org}/${r.name}.git`,
      clone_url: `${this.base}/${this.org.org}/${r.name}.git`, svn_url: `${this.base}/${this.org.org}/${r.name}`, mirror_url: null, homepage: null, language: null,
      forks: 0, forks_count: 0, stargazers_count: 0, watchers_count: 0, watchers: 0, size: 1, default_branch: "main", open_issues: 0, open_issues_count: 0,
      has_issues: true, has_projects: false, has_wiki: false, has_pages: false, has_downloads: true, archived: false, disabled: false, license: null,
      pushed_at: STAMP, created_at: STAMP, updated_at: STAMP, forks_url: `${api}/forks`, labels_url: `${api}/labels{/name}`,
    };
  }

  private ref(p: FakePull, which: "head" | "base"): Record<string, unknown> {
    const repo = this.org.repos.get(p.repo)!;
    const ref = which === "head" ? p.head : p.base;
    const sha = which === "head" ? p.headSha : (this.org.prs.branch(p.repo, p.base) ?? "0".repeat(40));
    const owner = { ...this.shapes.simpleUser({ id: this.org.orgId, login: this.org.org, name: null, email: null }), type: "Organization" };
    return { label: `${this.org.org}:${ref}`, ref, repo: this.repository(repo), sha, user: owner };
  }

  pullSimple(p: FakePull): Record<string, unknown> {
    const api = this.api(p.repo);
    const html = `${this.base}/${this.org.org}/${p.repo}/pull/${p.number}`;
    const self = `${api}/pulls/${p.number}`;
    const href = (h: string) => ({ href: h });
    return {
      url: self, id: p.id, node_id: `PR_${p.id}`, html_url: html, diff_url: `${html}.diff`, patch_url: `${html}.patch`, issue_url: `${api}/issues/${p.number}`,
      commits_url: `${self}/commits`, review_comments_url: `${self}/comments`, review_comment_url: `${api}/pulls/comments{/number}`, comments_url: `${api}/issues/${p.number}/comments`,
      statuses_url: `${api}/statuses/${p.headSha}`, number: p.number, state: p.state, locked: false, title: p.title, user: this.shapes.simpleUser(this.org.userById(p.userId)),
      body: p.body, labels: [], milestone: null, created_at: p.createdAt, updated_at: p.updatedAt, closed_at: p.state === "closed" ? p.updatedAt : null,
      merged_at: p.merged ? p.updatedAt : null, merge_commit_sha: p.mergeCommitSha, assignee: null, assignees: [], requested_reviewers: [], requested_teams: [],
      head: this.ref(p, "head"), base: this.ref(p, "base"),
      _links: {
        self: href(self), html: href(html), issue: href(`${api}/issues/${p.number}`), comments: href(`${api}/issues/${p.number}/comments`),
        review_comments: href(`${self}/comments`), review_comment: href(`${api}/pulls/comments{/number}`), commits: href(`${self}/commits`), statuses: href(`${api}/statuses/${p.headSha}`),
      },
      author_association: p.userId === this.org.self.id ? "NONE" : "MEMBER", auto_merge: null, draft: false,
    };
  }

  pull(p: FakePull): Record<string, unknown> {
    return {
      ...this.pullSimple(p), merged: p.merged, mergeable: p.merged ? null : true, rebaseable: null, mergeable_state: p.merged ? "unknown" : "clean",
      merged_by: null, comments: this.org.prs.commentsOn(p.repo, p.number).length, review_comments: 0, maintainer_can_modify: false, commits: 1,
      additions: 1, deletions: 0, changed_files: 1,
    };
  }
}
