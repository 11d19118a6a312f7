import type { BuiltinRule } from "../rule.js";
import { environmentIsolation, leaverAccessRemaining, privilegeAfterMove, privilegedBirthright } from "./access.js";
import { credentialExpired, credentialExpiryRequired, credentialExpiryTooFar, credentialMaxAge } from "./credentials.js";
import { awsRootUser } from "./aws-root.js";
import { nhiOffboardedCredentialActive } from "./offboarded-credentials.js";
import { credentialReportLag } from "./report-lag.js";
import { nhiOffboardedStillWorking } from "./still-working.js";
import { terminationDatePassed } from "./termination-date.js";
import { terminationDateToCome } from "./termination-to-come.js";
import { credentialUnused, nhiLongLivedKey, nhiNotFound, nhiUndeclared, nhiUndeclaredInteractive } from "./discovery.js";
import { nhiOwnerGuest } from "./nhi-owner-guest.js";
import { agentExpired, agentExpiryRequired, nhiCoOwnerGone, nhiInHumanGroup, nhiInteractiveLogin, nhiOwnerActive, nhiOwnerNotPerson, nhiOwnerRequired, nhiReuse } from "./nhi.js";

/** Every built-in rule, in the order of BUILTIN_RULE_IDS (the floor's catalogue, which docs/rules.md follows). */
export const BUILTIN_RULES: readonly BuiltinRule[] = [
  nhiOwnerRequired,
  nhiOwnerActive,
  nhiOwnerNotPerson,
  nhiCoOwnerGone,
  nhiOwnerGuest,
  nhiOffboardedCredentialActive,
  credentialReportLag,
  nhiOffboardedStillWorking,
  agentExpiryRequired,
  agentExpired,
  nhiInteractiveLogin,
  nhiInHumanGroup,
  nhiReuse,
  credentialMaxAge,
  credentialExpiryRequired,
  credentialExpiryTooFar,
  credentialExpired,
  credentialUnused,
  nhiUndeclared,
  nhiUndeclaredInteractive,
  nhiNotFound,
  nhiLongLivedKey,
  awsRootUser,
  privilegedBirthright,
  environmentIsolation,
  leaverAccessRemaining,
  terminationDatePassed,
  terminationDateToCome,
  privilegeAfterMove,
];
