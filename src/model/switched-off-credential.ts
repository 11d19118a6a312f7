// An IAM credential an aws-iam target already has switched off: its state lists it inactive, or
// scopesync's apply journal records revoking it. The credential report that discovery reads is
// regenerated at most every four hours ("requests generation of a new report, which can be done
// every four hours. If the last report is still recent the State field reads COMPLETE", AWS IAM
// User Guide, Use GenerateCredentialReport), so the report the next plan reads may predate the
// revoke and still say the key is active. A target's part of the plan records these (aws-iam
// targets only), so that the rules tell such a lag from a key that is really still working.
import type { JournalStep } from "./journal-offboarding.js";

export interface SwitchedOffCredential {
  /** The target's credential id (access-key:<user>:<AccessKeyId>, signing-certificate:<user>:<CertificateId>). */
  credential: string;
  /** When the target says it was made: the report's slot with the same date is this credential. Absent: the state no longer lists it (deleted). */
  createdAt?: string;
  /** The state lists it inactive (as of the state's readAt). */
  inactive?: true;
  /** The last revoke of it the apply journal records applied. */
  revoked?: JournalStep;
}
