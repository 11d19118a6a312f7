// Options of an `ldif` source. New options go here: validate, editors and docs/formats.md read it.
import type { AdapterSchema } from "../../model/adapter-schema.js";
import { disabledMeansOption, exportOptions, nonEmptyString, statusAttributeOption, statusDependencies } from "../common/schema.js";
import { directoryEmploymentTypeValues } from "../common/employment-type.js";

export const ldifSchema: AdapterSchema = {
  requiredKeys: ["path"],
  options: {
    ...exportOptions({
    anchor: {
      ...nonEmptyString,
      title: "attribute name",
      description: "Attribute that holds the immutable anchor; an entry without it stops the run. Default: `objectGUID` for AD entries, `entryUUID` otherwise.",
    },
    groupClasses: {
      type: "array",
      items: nonEmptyString,
      title: "list of object class names",
      description: "Further object classes read as groups, besides `group`, `groupOfNames`, `groupOfUniqueNames`, `posixGroup`.",
    },
    maxGroupDepth: {
      type: "integer",
      minimum: 0,
      default: 10,
      description: "Levels of groups inside groups followed; deeper nesting stops the run. `0` refuses any nesting.",
    },
    statusAttribute: statusAttributeOption,
    disabledValues: {
      type: "array",
      minItems: 1,
      items: { type: "string" },
      title: "list of strings, at least one",
      description: "See `statusAttribute`.",
    },
    disabledMeans: disabledMeansOption,
    employmentTypeValues: directoryEmploymentTypeValues,
    }),
    dependencies: statusDependencies,
  },
};
