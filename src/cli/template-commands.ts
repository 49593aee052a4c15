import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { eq, or } from "drizzle-orm";
import { cases } from "../cases/schema";
import { loadCaseVariables } from "../channels/case-variables";
import { renderLetterPdf } from "../channels/letters/letter-pdf";
import { TEMPLATES, type TemplateDefinition } from "../channels/templates/catalog";
import { demoVarsFor, previewTemplate } from "../channels/templates/preview";
import { renderLetter, templateOrThrow } from "../channels/templates/render";
import {
  RENDER_CHANNELS,
  type RenderChannel,
  TEMPLATE_LANGS,
  type TemplateVars,
} from "../channels/templates/types";
import { validationError } from "../platform/errors";
import { openRuntime } from "./runtime";

// `relance template list|preview`: what a debtor would receive, rendered from a real case or a demo one.

interface PreviewOptions {
  case?: string;
  demo?: boolean;
  lang?: string;
  channel: string;
  b2b?: boolean;
  firstLetter?: boolean;
  html?: boolean;
  pdf?: string;
  json?: boolean;
}

async function previewVars(template: TemplateDefinition, opts: PreviewOptions): Promise<TemplateVars> {
  const lang = opts.lang as TemplateVars["lang"] | undefined;
  if (lang && !(TEMPLATE_LANGS as readonly string[]).includes(lang)) {
    throw validationError([{ field: "--lang", message: "must be fr or en", value: lang }]);
  }
  if (!opts.case)
    return demoVarsFor(template, lang ?? "fr", { b2b: opts.b2b, firstLetter: opts.firstLetter });
  const rt = await openRuntime({ logLevel: "warn" });
  try {
    const db = rt.database.db;
    const isUuid = /^[0-9a-f-]{36}$/i.test(opts.case);
    const [row] = await db
      .select({ id: cases.id })
      .from(cases)
      .where(
        isUuid ? or(eq(cases.id, opts.case), eq(cases.reference, opts.case)) : eq(cases.reference, opts.case),
      );
    if (!row)
      throw validationError([
        { field: "--case", message: "no case has this id or reference", value: opts.case },
      ]);
    // A preview issues no real link: a placeholder as long as a real token keeps SMS lengths true.
    const { vars } = await loadCaseVariables(db, row.id, {
      now: rt.clock.now(),
      portalUrl: `${rt.config.publicUrl}/p/${"X".repeat(22)}`,
      lang,
    });
    return vars;
  } finally {
    await rt.close();
  }
}

export function registerTemplateCommands(program: Command): void {
  const template = program.command("template").description("List and preview the message templates");
  template
    .command("list")
    .description("List the templates (every one the default scenarios name)")
    .option("--json", "machine-readable output")
    .action((opts: { json?: boolean }) => {
      if (opts.json) console.log(JSON.stringify(TEMPLATES, null, 2));
      else
        for (const t of TEMPLATES)
          console.log(`${t.name.padEnd(22)} ${t.audience.padEnd(9)} ${t.description}`);
    });
  template
    .command("preview <name>")
    .description("Print a template rendered for a case (--case) or for a demo case (default)")
    .option("--case <id>", "case id or reference (REL-2026-000123)")
    .option("--demo", "render for a demo case (the default without --case)")
    .option("--lang <lang>", "fr or en (default: the debtor's language, fr for the demo)")
    .option("--channel <channel>", `one of ${RENDER_CHANNELS.join(", ")}`, "email")
    .option("--b2b", "demo case with a business debtor")
    .option("--first-letter", "demo case whose first letter already went out")
    .option("--html", "email: print the HTML part instead of the text part")
    .option("--pdf <file>", "letter: also write the PDF to this file")
    .option("--json", "machine-readable output")
    .action(async (name: string, opts: PreviewOptions) => {
      const t = (() => {
        try {
          return templateOrThrow(name);
        } catch {
          throw validationError([
            { field: "name", message: `unknown template (see relance template list)`, value: name },
          ]);
        }
      })();
      if (!(RENDER_CHANNELS as readonly string[]).includes(opts.channel)) {
        throw validationError([
          {
            field: "--channel",
            message: `must be one of ${RENDER_CHANNELS.join(", ")}`,
            value: opts.channel,
          },
        ]);
      }
      const vars = await previewVars(t, opts);
      const preview = previewTemplate(t, opts.channel as RenderChannel, vars);
      if (preview.channel === "letter" && opts.pdf)
        await writeFile(opts.pdf, await renderLetterPdf(renderLetter(t, vars), { registered: false }));
      if (opts.json) {
        console.log(
          JSON.stringify(
            preview.channel === "letter" ? { ...preview, pdf: opts.pdf ?? null } : preview,
            null,
            2,
          ),
        );
      } else if (preview.channel === "email") {
        console.log(`Subject: ${preview.subject}\n\n${opts.html ? preview.html : preview.text}`);
      } else if (preview.channel === "sms") {
        console.log(
          `${preview.text}\n\n(${preview.encoding}, ${preview.units} characters, ${preview.segments} segment(s))`,
        );
      } else {
        console.log(preview.text);
      }
    });
}
