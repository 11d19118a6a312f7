// The "scopesync plan" check run: conclusion failure when the plan is blocked, the counts as its
// summary, and one annotation per finding that points at a YAML line. GitHub takes at most 50
// annotations per request: the first 50 go with the create, the rest in updates of 50.
import { mdText } from "../plan/render/escape.js";
import { ACTIONS } from "../model/change.js";
import type { Plan } from "../plan/plan.js";
import { ACTION_LABELS } from "../plan/render/labels.js";
import { originLine, privilegedLine } from "../plan/render/head-counts.js";
import type { Diagnostic } from "../config/diagnostic.js";
import type { Finding, Severity } from "../model/finding.js";
import type { GithubWorkflow } from "./client.js";
import { idsDigest } from "./reviewed-marker.js";

export const CHECK_NAME = "scopesync plan";
export const ANNOTATIONS_PER_REQUEST = 50;
/** GitHub's limit on a check run's summary and text. */
const OUTPUT_LIMIT = 65_535;

export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: "failure" | "warning" | "notice";
  title: string;
  message: string;
}

const LEVEL: Record<Severity, Annotation["annotation_level"]> = { error: "failure", warning: "warning", info: "notice" };

/** "identities/x.yaml:14" (optionally ":col") → an annotation on that line; anything else has none. */
export function findingAnnotation(f: Finding): Annotation | undefined {
  const m = f.location ? /^([^\s:]+\.ya?ml):(\d+)(?::\d+)?$/.exec(f.location) : null;
  if (!m) return undefined;
  const line = Number(m[2]);
  const message = `${f.identity ? `${f.identity}: ` : ""}${f.message}${f.remediation ? `\nFix: ${f.remediation}` : ""}${f.controls?.length ? `\nControls: ${f.controls.join(", ")}` : ""}`;
  return { path: m[1]!, start_line: line, end_line: line, annotation_level: LEVEL[f.severity], title: f.rule, message: message.slice(0, 4000) };
}

export function diagnosticAnnotation(d: Diagnostic): Annotation {
  return { path: d.file, start_line: d.line, end_line: d.line, annotation_level: "failure", title: "invalid", message: `${d.message}${d.hint ? `\nFix: ${d.hint}` : ""}`.slice(0, 4000) };
}

/**
 * What the check shows. `externalId` carries the fingerprint and the ids digest: a check run can
 * be changed only by the app that created it, so apply cross-checks the comment against it.
 */
export interface CheckRunContent {
  conclusion: "success" | "failure" | "neutral";
  title: string;
  summary: string;
  text?: string;
  annotations: Annotation[];
  externalId?: string;
}

export function planCheck(plan: Plan): CheckRunContent {
  const counts = ACTIONS.filter((a) => plan.summary[a]).map((a) => `| ${ACTION_LABELS[a]} | ${plan.summary[a]} |`);
  const bySeverity = (["error", "warning", "info"] as const).map((s) => `${plan.findings.filter((f) => f.severity === s).length} ${s}`).join(", ");
  const summary = [
    plan.blocked ? "**Blocked**: this plan cannot be applied until the problems below are fixed." : plan.changes.length ? `**${plan.changes.length} changes** ready for review.` : "**No changes**: every target matches the desired state.",
    "",
    ...(counts.length ? ["| action | changes |", "|---|--:|", ...counts, ""] : []),
    // As in the comment's head: which changes are the pull request's and which are privileged.
    ...[originLine(plan), privilegedLine(plan)].flatMap((l) => (l === undefined ? [] : [l, ""])),
    `Findings: ${bySeverity}.`,
    "",
    `Fingerprint: \`${plan.fingerprint}\``,
  ].join("\n");
  const text = plan.blocked ? ["Why it is blocked:", "", ...plan.blockedReasons.map((r) => `- ${mdText(r, 600)}`)].join("\n") : undefined;
  return {
    conclusion: plan.blocked ? "failure" : "success",
    title: plan.blocked ? "Blocked" : `${plan.changes.length} change${plan.changes.length === 1 ? "" : "s"}`,
    summary: summary.slice(0, OUTPUT_LIMIT),
    ...(text ? { text: text.slice(0, OUTPUT_LIMIT) } : {}),
    annotations: plan.findings.map(findingAnnotation).filter((a): a is Annotation => a !== undefined),
    externalId: checkExternalId(plan.fingerprint, idsDigest(plan.changes.map((c) => c.id))),
  };
}

export function invalidCheck(diagnostics: Diagnostic[]): CheckRunContent {
  return {
    conclusion: "failure",
    title: `${diagnostics.length} problem${diagnostics.length === 1 ? "" : "s"} in the policy repository`,
    summary: "Nothing was planned: the repository does not validate. Each problem is annotated on its line; `scopesync validate` shows the same list.",
    annotations: diagnostics.map(diagnosticAnnotation),
  };
}

export function checkExternalId(fingerprint: string, digest: string): string {
  return `scopesync-v1 ${fingerprint} ${digest}`;
}

export function parseCheckExternalId(value: string | null | undefined): { fingerprint: string; idsDigest: string } | undefined {
  const m = value ? /^scopesync-v1 (sha256:[0-9a-f]{64}) (sha256:[0-9a-f]{64})$/.exec(value) : null;
  return m ? { fingerprint: m[1]!, idsDigest: m[2]! } : undefined;
}

export interface CheckRunResult { id: number; url: string; requests: number }

/** Creates the completed check run on `headSha`, then sends the remaining annotations 50 at a time. */
export async function publishCheckRun(gh: GithubWorkflow, headSha: string, content: CheckRunContent, detailsUrl?: string): Promise<CheckRunResult> {
  const batches: Annotation[][] = [];
  for (let i = 0; i < content.annotations.length; i += ANNOTATIONS_PER_REQUEST) batches.push(content.annotations.slice(i, i + ANNOTATIONS_PER_REQUEST));
  const output = (annotations: Annotation[]) => ({ title: content.title, summary: content.summary, ...(content.text ? { text: content.text } : {}), ...(annotations.length ? { annotations } : {}) });
  const { data } = await gh.call(`create the "${CHECK_NAME}" check run`, () =>
    gh.octokit.rest.checks.create({
      ...gh.repo, name: CHECK_NAME, head_sha: headSha, status: "completed", conclusion: content.conclusion, output: output(batches[0] ?? []),
      ...(content.externalId ? { external_id: content.externalId } : {}), ...(detailsUrl ? { details_url: detailsUrl } : {}),
    }),
  );
  for (const batch of batches.slice(1)) {
    await gh.call(`add annotations to check run ${data.id}`, () => gh.octokit.rest.checks.update({ ...gh.repo, check_run_id: data.id, output: output(batch) }));
  }
  return { id: data.id, url: data.html_url ?? "", requests: Math.max(batches.length, 1) };
}

/** The newest "scopesync plan" check run on a commit, with its external id. */
export async function latestPlanCheck(gh: GithubWorkflow, ref: string): Promise<{ id: number; externalId: string | null; conclusion: string | null; app: string | undefined } | undefined> {
  const { data } = await gh.call(`list the "${CHECK_NAME}" check runs of ${ref.slice(0, 12)}`, () => gh.octokit.rest.checks.listForRef({ ...gh.repo, ref, check_name: CHECK_NAME, filter: "latest", per_page: 100 }));
  const run = [...data.check_runs].sort((a, b) => b.id - a.id)[0];
  return run ? { id: run.id, externalId: run.external_id, conclusion: run.conclusion, app: run.app?.slug } : undefined;
}
