// The layering of src/, written once. docs/architecture.md explains it; test/architecture.test.ts
// runs it inside `npm test` (and proves it fails on a planted forbidden import).
//
// Each folder of src/ is a stage of the pipeline and may import only the folders listed for it
// (and itself). src/model is the floor: the shapes every stage shares, importing no stage.
const LAYERS = {
  model: [],
  config: ["model"],
  sources: ["model", "config"],
  resolve: ["model", "sources"],
  policy: ["model", "config", "resolve"],
  plan: ["model", "config", "resolve", "policy"],
  targets: ["model", "config"],
  apply: ["model", "plan", "targets"],
};

/** The files at src/ itself (compile.ts and its helpers) run the whole pipeline for cli/ and github/. */
const PIPELINE = "^src/[^/]+\\.ts$";

const layerRules = Object.entries(LAYERS).map(([layer, allowed]) => ({
  name: `layer-${layer}`,
  severity: "error",
  comment: `src/${layer} may import only ${allowed.length ? allowed.map((a) => `src/${a}`).join(", ") : "itself (it is the floor)"}`,
  from: { path: `^src/${layer}/` },
  to: { path: "^src/", pathNot: [`^src/${layer}/`, ...allowed.map((a) => `^src/${a}/`)] },
}));

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: "pipeline-below-entry-points",
      severity: "error",
      comment: "the pipeline (src/*.ts) is called by cli/, github/ and adopt/, never the other way round",
      from: { path: PIPELINE },
      to: { path: "^src/(cli|github|adopt)/" },
    },
    {
      name: "stages-below-adopt",
      severity: "error",
      comment: "adopt/ (init, import, state pull) sits beside the entry points: no stage imports it, and it never imports cli/",
      from: { path: "^src/(?!cli/|adopt/)" },
      to: { path: "^src/adopt/" },
    },
    {
      name: "adopt-below-cli",
      severity: "error",
      comment: "adopt/ is called by cli/, never the other way round",
      from: { path: "^src/adopt/" },
      to: { path: "^src/(cli|github)/" },
    },
    {
      name: "action-calls-library",
      severity: "error",
      comment: "the GitHub Action calls the library, not the CLI",
      from: { path: "^src/github/" },
      to: { path: "^src/cli/" },
    },
    {
      name: "floor-without-packages",
      severity: "error",
      comment: "src/model holds shapes and pure helpers: node: built-ins only, no third-party package",
      from: { path: "^src/model/" },
      to: { dependencyTypes: ["npm", "npm-dev", "npm-optional", "npm-peer", "npm-no-pkg", "npm-unknown"] },
    },
    {
      name: "no-circular",
      severity: "error",
      comment: "no import cycle, between files or folders",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "resolvable",
      severity: "error",
      comment: "every import resolves (a typo must not slip past the other rules)",
      from: { path: "^src/" },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // The TypeScript 7 package has no compiler API to parse with; swc parses TypeScript and keeps
    // `import type`, so type-only imports obey the layering too.
    parser: "swc",
    tsConfig: { fileName: "tsconfig.json" },
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(dist|node_modules)/" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "node", "default", "types"],
      mainFields: ["module", "main", "types"],
    },
  },
};
