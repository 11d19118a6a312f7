import type { AppPolicyDoc, GroupDoc, LinksDoc, NhiDoc, PersonDoc, ProjectConfig, RuleSetDoc } from "./documents.js";
import type { Located } from "./located.js";

/** A policy repository after loading: every document validated and sorted by kind. */
export interface PolicyRepo {
  config: Located<ProjectConfig>;
  people: Located<PersonDoc>[];
  groups: Located<GroupDoc>[];
  nhis: Located<NhiDoc>[];
  links: Located<LinksDoc>[];
  apps: Located<AppPolicyDoc>[];
  ruleSets: Located<RuleSetDoc>[];
}
