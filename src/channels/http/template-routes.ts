import { z } from "zod";
import { AppError } from "../../platform/errors";
import { requireAgency } from "../../platform/http/guards";
import type { App } from "../../platform/http/types";
import { renderLetterPdf } from "../letters/letter-pdf";
import { findTemplate, TEMPLATES, type TemplateDefinition } from "../templates/catalog";
import { demoVarsFor, previewTemplate } from "../templates/preview";
import { renderLetter } from "../templates/render";
import { RENDER_CHANNELS, TEMPLATE_LANGS } from "../templates/types";

// The agency reads its message templates and previews them on a demo case. Templates are code
// (channels/templates/catalog.ts), reviewed against the law like any code: they are not edited here.

const tags = ["Agency"];
// Template keys are lower-case snake case (`first_notice_b2b`): anything else is a malformed key, not an unknown one.
const params = z.object({ key: z.string().regex(/^[a-z][a-z0-9_]{0,79}$/) });

const templateSchema = z
  .object({
    key: z.string(),
    kind: z.string(),
    audience: z.enum(["debtor", "creditor"]),
    firstLetter: z.boolean(),
    description: z.string(),
    channels: z.array(z.enum(RENDER_CHANNELS)),
  })
  .meta({
    examples: [
      {
        key: "payment_link_sms",
        kind: "payment_link",
        audience: "debtor",
        firstLetter: false,
        description: "Short reminder with the payment link",
        channels: ["email", "sms", "letter"],
      },
    ],
  });

const previewSchema = z.discriminatedUnion("channel", [
  z.object({
    channel: z.literal("email"),
    lang: z.enum(TEMPLATE_LANGS),
    subject: z.string(),
    text: z.string(),
    html: z.string(),
  }),
  z.object({
    channel: z.literal("sms"),
    lang: z.enum(TEMPLATE_LANGS),
    text: z.string(),
    encoding: z.enum(["GSM-7", "UCS-2"]),
    segments: z.number().int(),
    units: z.number().int(),
  }),
  z.object({
    channel: z.literal("letter"),
    lang: z.enum(TEMPLATE_LANGS),
    subject: z.string(),
    text: z.string(),
  }),
]);

function templateOr404(key: string): TemplateDefinition {
  const template = findTemplate(key);
  if (!template) throw new AppError("not_found", `No template named "${key}"`, { key });
  return template;
}

export function registerTemplateRoutes(app: App): void {
  app.get(
    "/api/agency/templates",
    {
      schema: {
        tags,
        summary: "List the message templates (read-only: they are part of the code)",
        response: { 200: z.array(templateSchema) },
      },
    },
    async (req) => {
      requireAgency(req);
      return TEMPLATES.map((t) => ({
        key: t.name,
        kind: t.kind,
        audience: t.audience,
        firstLetter: t.firstLetter,
        description: t.description,
        // Every template is written once and laid out for each written channel.
        channels: [...RENDER_CHANNELS],
      }));
    },
  );

  app.get(
    "/api/agency/templates/:key/preview",
    {
      schema: {
        tags,
        summary: "Render a template on the demo case, in one language and one channel",
        params,
        querystring: z.object({
          locale: z.enum(TEMPLATE_LANGS).default("fr"),
          channel: z.enum(RENDER_CHANNELS).default("email"),
        }),
        response: { 200: previewSchema },
      },
    },
    async (req) => {
      requireAgency(req);
      const template = templateOr404(req.params.key);
      return previewTemplate(template, req.query.channel, demoVarsFor(template, req.query.locale));
    },
  );

  app.get(
    "/api/agency/templates/:key/letter.pdf",
    {
      schema: {
        tags,
        summary: "The template as the PDF letter the demo debtor would receive",
        params,
        querystring: z.object({ locale: z.enum(TEMPLATE_LANGS).default("fr") }),
      },
    },
    async (req, reply) => {
      requireAgency(req);
      const template = templateOr404(req.params.key);
      const letter = renderLetter(template, demoVarsFor(template, req.query.locale));
      const pdf = await renderLetterPdf(letter, { registered: false });
      const filename = `${template.name}-${req.query.locale}.pdf`;
      return reply
        .header("content-type", "application/pdf")
        .header("content-disposition", `inline; filename*=UTF-8''${encodeURIComponent(filename)}`)
        .header("content-security-policy", "default-src 'none'; frame-ancestors 'self'")
        .header("x-content-type-options", "nosniff")
        .send(pdf);
    },
  );
}
