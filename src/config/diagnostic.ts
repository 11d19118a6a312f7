import { maskSecretShapes } from "../model/secret-shapes.js";
import { showUnseen } from "../model/unseen-chars.js";

/** One problem found in the policy repository, at a position a person can jump to. */
export interface Diagnostic {
  /** Path relative to the repository root, with forward slashes. */
  file: string;
  line: number;
  col: number;
  message: string;
  /** How to fix it. */
  hint?: string;
}

/** `file:line:col: message`, the form editors and GitHub problem matchers understand. */
export function formatDiagnostic(d: Diagnostic): string {
  return formatLine(d);
}

/** formatDiagnostic for what does not stop the run: "file:line:col: warning: message". */
export function formatWarning(d: Diagnostic): string {
  return formatLine(d, "warning");
}

function formatLine(d: Diagnostic, severity?: "warning"): string {
  // File names and messages can carry text from the repository: controls, bidi and invisible
  // characters are shown as escapes, so one diagnostic stays one honest line; a secret-shaped
  // value in them is not shown.
  const head = showUnseen(maskSecretShapes(`${d.file}:${d.line}:${d.col}: ${severity ? `${severity}: ` : ""}${d.message}`));
  return d.hint ? `${head}\n  fix: ${showUnseen(maskSecretShapes(d.hint))}` : head;
}

/** The diagnostics with every secret-shaped value in their message and hint hidden (maskSecretShapes). */
export function maskDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return list.map((d) => {
    const message = maskSecretShapes(d.message);
    const hint = d.hint === undefined ? undefined : maskSecretShapes(d.hint);
    return message === d.message && hint === d.hint ? d : { ...d, message, ...(hint === undefined ? {} : { hint }) };
  });
}

export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.col - b.col || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
}
