// Architecture rules from DESIGN.md, enforced in `npm run lint`.
const IO_MODULES = [
  "^(node:)?(fs|fs/promises|net|http|https|http2|tls|dgram|dns|child_process|cluster|worker_threads)$",
  "node_modules/(pg|pg-[^/]+|@electric-sql/pglite|drizzle-orm|fastify[^/]*|@fastify/[^/]+|nodemailer|ws|pino[^/]*|smtp-server|undici)/",
];

// Pure rule modules: no database, network, file system or framework code; `now` comes in as an argument.
const PURE = [
  "^src/law/",
  "^src/cases/case-lifecycle\\.ts$",
  "^src/cases/expected-value\\.ts$",
  "^src/platform/money\\.ts$",
  "^src/platform/identifiers\\.ts$",
  "^src/voice/audio/",
  "^src/voice/nlu/",
  "^src/voice/personas/(persona|default-personas)\\.ts$",
  "^src/voice/policy/",
  "^src/collection/(scenario|default-scenarios|plan-next-step)\\.ts$",
  "^src/scheduling/slots\\.ts$",
];

const CONTEXTS_ABOVE_CASES =
  "^src/(intake|collection|channels|voice|payments|portal|judicial|reporting|scheduling)/";

module.exports = {
  forbidden: [
    {
      name: "pure-rules-do-no-io",
      severity: "error",
      comment: "Pure rule files import no database, network, file-system or framework code (DESIGN.md).",
      from: { path: PURE },
      to: {
        path: IO_MODULES.concat(["^src/platform/(db|http|auth)/", "^src/platform/(config|logger)\\.ts$"]),
      },
    },
    {
      name: "pure-rules-stay-pure",
      severity: "error",
      comment: "A pure module depends only on other pure modules.",
      from: { path: PURE },
      to: { path: "^src/", pathNot: PURE.concat(["^src/platform/(errors|clock|i18n)\\.ts$"]) },
    },
    {
      name: "nothing-imports-cli",
      severity: "error",
      comment: "src/cli is the outermost shell; nothing depends on it.",
      from: { pathNot: "^src/cli/" },
      to: { path: "^src/cli/" },
    },
    {
      name: "nothing-imports-http-assembly",
      severity: "error",
      comment: "The HTTP assembly (composition root) is imported only by the CLI.",
      from: { pathNot: "^src/cli/" },
      to: { path: "^src/platform/http/server\\.ts$" },
    },
    {
      name: "platform-does-not-reach-into-contexts",
      severity: "error",
      comment:
        "platform/ is shared by every context; only the composition root and the schema assembly see them.",
      from: { path: "^src/platform/", pathNot: "^src/platform/(http/server|db/schema|auth/schema)\\.ts$" },
      to: { path: "^src/(?!platform/)[^/]+/" },
    },
    {
      name: "cases-stays-below-the-engine",
      severity: "error",
      comment:
        "Dependencies point down the picture: cases knows nothing of intake, collection, channels, voice, payments…",
      from: { path: "^src/cases/" },
      to: { path: CONTEXTS_ABOVE_CASES },
    },
    {
      name: "no-circular",
      severity: "error",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default"],
    },
  },
};
