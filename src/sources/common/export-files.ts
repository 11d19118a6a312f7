// Locating and reading export files. Every file-based adapter goes through here so that a missing
// file, a directory without pages and a badly encoded file all fail the same way.
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { SourceError } from "../../model/errors.js";
import type { SourceContext } from "../source.js";
import { decodeUtf16, utf16Bom } from "./utf16.js";
import { decodeUtf8 } from "./utf8.js";
import { comparePageNames } from "./page-order.js";

/** One export file, read and decoded. `path` is what error messages and provenance show. */
export interface ExportFile {
  /** Path as shown to people: relative to the policy repository when inside it. */
  path: string;
  absolutePath: string;
  text: string;
  mtime: Date;
  /** True for a page file of a directory export (one page of several, or the only page so far). */
  inDirectory?: true;
}

/**
 * The setting of scopesync.yaml a file comes from, as a fix names it: `path` (the export itself),
 * or `options.roles` and the like for an extra export a discovery source reads beside it.
 */
export type ExportSetting = "path" | `options.${string}`;

/** The configured `path`, resolved against the policy repository. */
export function exportPath(context: SourceContext): { absolutePath: string; path: string } {
  const configured = context.config.path;
  if (typeof configured !== "string" || configured.trim() === "") {
    throw new SourceError(
      context.name,
      `no export path configured (type ${context.config.type} reads a file)`,
      `Set sources.${context.name}.path in scopesync.yaml to the export file or directory.`,
    );
  }
  const absolutePath = path.resolve(context.repoDir, configured);
  return { absolutePath, path: displayPath(context, absolutePath) };
}

function displayPath(context: SourceContext, absolutePath: string): string {
  const relative = path.relative(context.repoDir, absolutePath);
  // Outside the repository a relative path full of "../" helps nobody: show it whole.
  return relative === "" || relative.startsWith("..") || path.isAbsolute(relative)
    ? absolutePath
    : relative.split(path.sep).join("/");
}

/**
 * Encodings an export may be in besides UTF-8. `utf16`: UTF-16LE or BE behind its byte order mark
 * (utf16.ts), for the HR export, which Excel's "Unicode Text" and some HR systems write so. Formats
 * whose producers write UTF-8 alone (JSON, RFC 8259; LDIF; AWS's report) keep refusing it.
 */
export interface ExportEncodings {
  utf16?: boolean;
}

/** Reads the configured export as one file; a directory is an error for single-file formats. */
export async function readExportFile(context: SourceContext, encodings: ExportEncodings = {}): Promise<ExportFile> {
  const { absolutePath, path: shown } = exportPath(context);
  const info = await statOrFail(context, absolutePath, shown, "path");
  if (info.isDirectory()) {
    throw new SourceError(
      context.name,
      `${shown} is a directory, expected an export file`,
      `Point sources.${context.name}.path at the ${context.config.type} file itself.`,
    );
  }
  return readOne(context, absolutePath, shown, info.mtime, "path", encodings);
}

/**
 * Reads the configured export as a list of page files: the file itself, or every `*.<extension>`
 * file in the directory, sorted by name. An empty directory is an error, never "no records".
 * `setting` is where scopesync.yaml names the file (the context's `path` holds its value).
 */
export async function readExportPages(context: SourceContext, extension: string, setting: ExportSetting = "path"): Promise<ExportFile[]> {
  const { absolutePath, path: shown } = exportPath(context);
  const info = await statOrFail(context, absolutePath, shown, setting);
  if (!info.isDirectory()) return [await readOne(context, absolutePath, shown, info.mtime, setting)];

  const names = (await readdir(absolutePath, { withFileTypes: true }))
    .filter((entry) => entry.isFile() && entry.name.toLowerCase().endsWith(`.${extension}`))
    .map((entry) => entry.name)
    .sort(comparePageNames);
  if (names.length === 0) {
    throw new SourceError(
      context.name,
      `${shown} holds no *.${extension} page files`,
      `Export the pages into ${shown}, or point sources.${context.name}.${setting} at the export file.`,
    );
  }
  const files: ExportFile[] = [];
  for (const name of names) {
    const file = path.join(absolutePath, name);
    const fileInfo = await statOrFail(context, file, `${shown}/${name}`, setting);
    files.push({ ...(await readOne(context, file, `${shown}/${name}`, fileInfo.mtime, setting)), inDirectory: true });
  }
  return files;
}

async function statOrFail(context: SourceContext, absolutePath: string, shown: string, setting: ExportSetting) {
  try {
    return await stat(absolutePath);
  } catch (error) {
    throw fileError(context, error, shown, setting);
  }
}

async function readOne(context: SourceContext, absolutePath: string, shown: string, mtime: Date, setting: ExportSetting, encodings: ExportEncodings = {}): Promise<ExportFile> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(absolutePath);
  } catch (error) {
    throw fileError(context, error, shown, setting);
  }
  const utf16 = encodings.utf16 === true ? utf16Bom(bytes) : undefined;
  const text = utf16 === undefined ? decodeUtf8(context, bytes, shown, encodings.utf16) : decodeUtf16(context, bytes, shown, utf16);
  return { path: shown, absolutePath, text, mtime };
}

function fileError(context: SourceContext, error: unknown, shown: string, setting: ExportSetting): SourceError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT" || code === "ENOTDIR") {
    // Where scopesync.yaml names the file: that is the line to fix when the path is wrong.
    const at = context.at ? `${context.at(setting.split("."))}: ` : "";
    return new SourceError(
      context.name,
      `${at}export file not found: ${shown}`,
      `Check sources.${context.name}.${setting} in scopesync.yaml, or produce the export first.`,
    );
  }
  if (code === "EACCES" || code === "EPERM") {
    return new SourceError(context.name, `cannot read ${shown}: permission denied`, "Make the export readable by the user running scopesync.");
  }
  return new SourceError(context.name, `cannot read ${shown}: ${code ?? "unknown error"}`);
}
