// The real OpenLDAP ldapsearch, run as an export job runs it: its standard output is the LDIF
// file, its standard error and exit code are what a cut-off or failed search says besides
// (exit 4: sizeLimitExceeded, RFC 4511 §4.1.9).
import { execFile } from "node:child_process";

export interface Search {
  stdout: string;
  code: number;
  stderr: string;
}

export function ldapsearch(args: string[]): Promise<Search> {
  return new Promise((resolve) => {
    execFile("ldapsearch", args, { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => resolve({ stdout, stderr, code: error ? Number((error as { code?: number }).code) : 0 }));
  });
}
