import AxeBuilder from "@axe-core/playwright";
import type { Browser } from "playwright-core";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../helpers/app";
import { hasBrowser, signIn, startWebApp } from "../helpers/browser";
import { startWebhookReceiver, type WebhookReceiver } from "../helpers/webhook-receiver";

// The creditor's Integration page in Chromium: add a webhook endpoint, copy its secret, send a test
// delivery that a loopback receiver verifies, read the delivery log; axe finds nothing serious.

let t: TestApp;
let browser: Browser;
let base: string;
let receiver: WebhookReceiver;

beforeAll(async () => {
  ({ t, base, browser } = await startWebApp());
  receiver = await startWebhookReceiver();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await receiver?.close();
  await t?.close();
});

describe.skipIf(!hasBrowser)("creditor webhooks page", () => {
  it("adds an endpoint, sends a signed test delivery and shows it in the log", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, base, "ca@a.example", t.passwords["ca@a.example"]!);
    await page.goto(`${base}/creditor/integration`);
    await page.getByLabel(/^URL de réception/).fill(receiver.url);
    await page.getByRole("button", { name: "Ajouter le webhook" }).click();
    const secret = (await page.getByTestId("new-webhook-secret").textContent({ timeout: 15_000 }))!.trim();
    expect(secret).toMatch(/^whsec_/);
    await page.getByRole("button", { name: "Envoi de test" }).click();
    await page.getByText(/Envoi de test reçu \(HTTP 200\)/).waitFor({ timeout: 15_000 });
    expect(receiver.received).toHaveLength(1);
    const event = new Webhook(secret).verify(
      receiver.received[0]!.body,
      receiver.received[0]!.headers as Record<string, string>,
    );
    expect(event).toMatchObject({ type: "webhook.test" });
    await page.getByRole("button", { name: "Journal" }).click();
    await page.getByText("livrée").waitFor({ timeout: 15_000 });
    const axe = await new AxeBuilder({ page }).analyze();
    expect(
      axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id),
    ).toEqual([]);
    await page.getByRole("button", { name: "Désactiver" }).click();
    await page.getByText("désactivé").waitFor({ timeout: 15_000 });
    await context.close();
  }, 120_000);
});
