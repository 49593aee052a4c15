import { eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { cases } from "../../src/cases/schema";
import { SYSTEM } from "../../src/cases/timeline";
import { issuePortalLink } from "../../src/portal/links";
import { appointments } from "../../src/scheduling/schema";
import { hasBrowser, seriousViolations, signIn, webAppForFile } from "../helpers/browser";
import { makeCase } from "../payments/fixtures";

// A debtor books a slot on the portal; the agent finds it in the back-office calendar and marks it held.

const web = webAppForFile();

const heading = (page: Page, name: string | RegExp) =>
  expect.poll(() => page.getByRole("heading", { name }).count(), { timeout: 15_000 }).toBeGreaterThan(0);

describe.skipIf(!hasBrowser)("appointments", () => {
  it("a debtor books a video slot on the portal and the agent finds it in the calendar", async () => {
    const { caseId } = await makeCase(web.t, "E2E-CAL-1");
    const [c] = await web.t.database.db.select().from(cases).where(eq(cases.id, caseId));
    const link = await issuePortalLink(web.t.database.db, caseId, SYSTEM, web.t.clock.now());

    const debtor = await web.browser.newContext({
      viewport: { width: 390, height: 844 },
      reducedMotion: "reduce",
    });
    const phone = await debtor.newPage();
    await phone.goto(`${web.base}/p/${link.token}`);
    await phone.getByLabel(/^Numéro SIREN/).fill("732829320");
    await phone.getByRole("button", { name: "Accéder à mon dossier" }).click();
    await phone.getByRole("button", { name: "Prendre rendez-vous avec un conseiller" }).click();
    await heading(phone, "Prendre rendez-vous");
    const time = phone.getByLabel(/^Heure/);
    await expect.poll(() => time.locator("option").count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await phone.getByLabel(/^Comment/).selectOption("visio");
    expect(await seriousViolations(phone)).toEqual([]);
    await phone.getByRole("button", { name: "Réserver ce créneau" }).click();
    await heading(phone, "Votre rendez-vous est réservé");
    await debtor.close();

    const [booked] = await web.t.database.db
      .select()
      .from(appointments)
      .where(eq(appointments.caseId, caseId));
    expect(booked).toMatchObject({ bookedBy: "portal", channel: "visio", status: "booked" });

    const staff = await web.browser.newContext({ reducedMotion: "reduce" });
    const page = await staff.newPage();
    await signIn(page, web.base, "agent@test.example", web.t.passwords["agent@test.example"]!);
    await page.goto(`${web.base}/backoffice/calendar`);
    await heading(page, "Agenda");
    // The slot may fall in a later week (a weekend, a holiday): walk forward to it.
    const monday = new Date();
    monday.setHours(0, 0, 0, 0);
    monday.setDate(monday.getDate() - ((monday.getDay() + 6) % 7));
    const weeks = Math.floor((booked!.startsAt.getTime() - monday.getTime()) / (7 * 86_400_000));
    for (let i = 0; i < weeks; i++) await page.getByRole("button", { name: "Semaine suivante" }).click();
    const row = page.getByRole("row").filter({ hasText: c!.reference });
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    expect(await row.textContent()).toContain("Portail débiteur");
    expect(await row.textContent()).toContain("Visio");
    expect(await row.textContent()).toContain("Boulangerie Martin SARL");
    expect(await seriousViolations(page)).toEqual([]);
    await row
      .getByRole("button", { name: `Marquer le rendez-vous du dossier ${c!.reference} comme tenu` })
      .click();
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain("Tenu");
    await expect.poll(() => row.getByRole("button").count(), { timeout: 10_000 }).toBe(0);
    const [after] = await web.t.database.db
      .select()
      .from(appointments)
      .where(eq(appointments.caseId, caseId));
    expect(after!.status).toBe("done");
    await staff.close();
  }, 90_000);
});
