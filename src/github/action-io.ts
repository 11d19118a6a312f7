// How the Action talks to the runner: inputs from INPUT_* variables, outputs appended to
// $GITHUB_OUTPUT, the job summary to $GITHUB_STEP_SUMMARY, messages as workflow commands. Every
// byte written passes through one scrubber that removes the token.
import { appendFileSync, existsSync, readFileSync, statSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { ScopesyncError } from "../model/errors.js";
import { redact } from "../model/redact.js";
import { showUnseen } from "../model/unseen-chars.js";
import { termMessage } from "../plan/render/escape.js";

export interface ActionIo {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
}

/** Events whose run plans files a pull request wrote: publish.yml's workflow_run re-plans them. */
const PULL_REQUEST_EVENTS = ["pull_request", "pull_request_target", "merge_group", "workflow_run"];
/** What the library reads from the environment that is no secret: Node's heap limit (the memory budget) and colour. */
const SECRET_FREE_ENV = ["NODE_OPTIONS", "NO_COLOR", "FORCE_COLOR"];

/**
 * What a step's summary may hold, in bytes of UTF-8: GitHub's limit is 1024 KiB (1,048,576 bytes);
 * a little is kept back for the lines a step writes after the plan's.
 */
export const STEP_SUMMARY_BYTES = 1_000_000;

export class ActionContext {
  private readonly secrets: string[];

  constructor(readonly io: ActionIo) {
    this.secrets = [io.env.INPUT_TOKEN].filter((s): s is string => typeof s === "string" && s.length >= 4);
  }

  /**
   * What the library (and its connectors) may see of the job's environment. A job that plans a pull
   * request's files (the PR's own plan job, and publish.yml's trusted jobs, which re-plan them on
   * workflow_run) passes only the names that hold no secret: the PR writes the `${env:NAME}` of its
   * own `scopesync.yaml`, and with the whole environment a live source it adds (an LDAP `password`)
   * would send the runner's ACTIONS_RUNTIME_TOKEN, or any secret of a self-hosted runner, to a
   * host the PR chose. Planning a pull request needs no credential (targets are read from their
   * state files). Elsewhere (apply and sync run the default branch's files), all but the workflow token.
   */
  libraryEnv(): Record<string, string | undefined> {
    if (this.plansPullRequestFiles()) return Object.fromEntries(SECRET_FREE_ENV.filter((k) => this.io.env[k] !== undefined).map((k) => [k, this.io.env[k]]));
    return Object.fromEntries(Object.entries(this.io.env).filter(([k]) => k !== "INPUT_TOKEN"));
  }

  /** Whether this run's files are a pull request's (or a merge queue's), by GITHUB_EVENT_NAME or, without it, the event's payload. */
  plansPullRequestFiles(): boolean {
    const name = this.io.env.GITHUB_EVENT_NAME;
    if (name) return PULL_REQUEST_EVENTS.includes(name);
    const event = this.event();
    return PULL_REQUEST_EVENTS.some((e) => e in event);
  }

  /**
   * `with: { name: … }`. The runner hands a JavaScript action each input as INPUT_<NAME> with
   * spaces turned to underscores and hyphens kept (INPUT_REPOSITORY-PATH); a shell cannot set
   * such a name, so INPUT_REPOSITORY_PATH is read as well (tests and local runs).
   */
  input(name: string, fallback = ""): string {
    const upper = name.replace(/ /g, "_").toUpperCase();
    const value = (this.io.env[`INPUT_${upper}`] ?? this.io.env[`INPUT_${upper.replace(/-/g, "_")}`])?.trim();
    return value ? value : fallback;
  }

  /** The workflow's token: input `token`, scrubbed from everything written. */
  token(): string {
    return this.required("token");
  }

  required(name: string): string {
    const value = this.input(name);
    if (!value) throw new ScopesyncError(`input "${name}" is required`, `pass it with \`with: { ${name}: … }\``);
    return value;
  }

  flag(name: string, fallback: boolean): boolean {
    const value = this.input(name).toLowerCase();
    if (!value) return fallback;
    if (value === "true" || value === "false") return value === "true";
    throw new ScopesyncError(`input "${name}" must be true or false, not "${value}"`);
  }

  /** `text` without the workflow token, and without any secret the library registered (target tokens: model/redact). */
  scrub(text: string): string {
    let out = text;
    for (const s of this.secrets) out = out.split(s).join("***");
    return redact(out);
  }

  log(text: string): void {
    this.io.out(this.scrub(text));
  }

  /**
   * A log line that can quote a server (an apply problem, a retry's reason): one line with its
   * escapes shown (plan/render/escape termMessage), so that no text in it starts a line of the log,
   * where `::warning …::` is a workflow command, or colours and rewrites the line.
   */
  logMessage(text: string, indent = ""): void {
    this.io.out(`${indent}${termMessage(this.scrub(text))}`);
  }

  /**
   * A workflow command: ::error:: / ::warning:: / ::notice::, shown on the run's page. Its line
   * breaks are encoded (%0A), so none starts a command of its own; its unseen characters (ANSI
   * escapes, U+202E) are shown as escapes, as on a terminal.
   */
  annotate(level: "error" | "warning" | "notice", text: string): void {
    this.io.out(`::${level}::${commandData(this.scrub(text))}`);
  }

  /** An annotation on a file's line (validation problems): shown in the run and on the PR's diff. */
  annotateAt(level: "error" | "warning" | "notice", where: { file: string; line: number; col?: number; title?: string }, text: string): void {
    const prop = (v: string) => this.scrub(v).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A").replace(/:/g, "%3A").replace(/,/g, "%2C");
    const props = [`file=${prop(where.file)}`, `line=${where.line}`, ...(where.col ? [`col=${where.col}`] : []), ...(where.title ? [`title=${prop(where.title)}`] : [])].join(",");
    this.io.out(`::${level} ${props}::${commandData(this.scrub(text))}`);
  }

  setOutput(name: string, value: string): void {
    const file = this.io.env.GITHUB_OUTPUT;
    const text = this.scrub(value);
    if (!file) {
      this.io.out(`output ${name}=${text}`);
      return;
    }
    const delimiter = `scopesync_${randomUUID()}`;
    appendFileSync(file, `${name}<<${delimiter}\n${text}\n${delimiter}\n`);
  }

  /**
   * Appends to the step's summary. GitHub drops a step's whole summary when its file passes 1024 KiB
   * of bytes ("$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of 1024k"), so a
   * part that does not fit what is left is replaced by a line that says so; callers with a large
   * part size it to summaryRoom() first.
   */
  summary(markdown: string): void {
    const file = this.io.env.GITHUB_STEP_SUMMARY;
    if (!file) return;
    const text = `${this.scrub(markdown)}\n`;
    const bytes = Buffer.byteLength(text);
    if (bytes <= this.summaryRoom()) appendFileSync(file, text);
    else appendFileSync(file, `_A part of ${bytes} bytes was left out: a step's summary may hold ${STEP_SUMMARY_BYTES} bytes; the plan artifact has it whole._\n`);
  }

  /** Bytes the step's summary can still take (STEP_SUMMARY_BYTES less what its file holds); 0 without a summary file. */
  summaryRoom(): number {
    const file = this.io.env.GITHUB_STEP_SUMMARY;
    if (!file) return 0;
    return Math.max(0, STEP_SUMMARY_BYTES - (existsSync(file) ? statSync(file).size : 0));
  }

  /** The event payload Actions wrote for this run ($GITHUB_EVENT_PATH), or {}. */
  event(): Record<string, unknown> {
    const path = this.io.env.GITHUB_EVENT_PATH;
    if (!path || !existsSync(path)) return {};
    return JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  }

  /** The run's page, for links in comments and check runs. */
  runUrl(): string | undefined {
    const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: run } = this.io.env;
    return server && repo && run ? `${server}/${repo}/actions/runs/${run}` : undefined;
  }
}

/** A workflow command's message: unseen characters shown line by line, then the runner's escapes (%, CR, LF). */
function commandData(text: string): string {
  return text.split(/\r?\n/).map(showUnseen).join("\n").replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
