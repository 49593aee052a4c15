import { DateTime } from "luxon";
import type { HoldReason } from "../../cases/case-lifecycle";
import { updateContactPoint } from "../../cases/contact-points";
import { appendEvent } from "../../cases/timeline";
import { transitionCaseIn } from "../../cases/transition-case";
import { createPlan } from "../../payments/plans";
import { recordPromise } from "../../payments/promises";
import { AGENCY_SCOPE } from "../../platform/auth/scope";
import type { Db } from "../../platform/db/client";
import { AppError } from "../../platform/errors";
import type { Locale } from "../../platform/i18n";
import { bookVoiceAppointment } from "../../scheduling/book-first-free-slot";
import type { CallFlag, ToolResult } from "../policy/types";
import type { CallTools } from "./call-tools";

// CallTools over the use cases the portal and the agents use too: a promise and a plan go through
// payments (the same limits, holds, reviews and creditor notices as on the portal); disputes, call-backs
// are case holds with their timeline events; appointments are real slots in the agents' calendars; opt-outs and wrong numbers change the
// dialled contact point. The call's own event names the call, so the timeline reads as one story.

export interface CaseCallToolsDeps {
  db: Db;
  caseId: string;
  creditorId: string;
  /** The phone contact point dialled; opt-out and wrong number apply to it only. */
  contactPointId: string | null;
  callId: string;
  timeZone: string;
  locale: Locale;
  now: () => Date;
  /** A collector who can take a transfer now (agents/transfer-agents.ts); none: the policy books instead. */
  transferAgent?: () => Promise<{ userId: string; e164: string } | null>;
}

const ACTOR = (callId: string) => ({ type: "voice_agent" as const, id: callId });

export function caseCallTools(d: CaseCallToolsDeps): CallTools {
  const actor = ACTOR(d.callId);
  /** A hold and the voice event that explains it, in one transaction. */
  const hold = async (
    reason: HoldReason,
    until: Date | null,
    type: string,
    data: Record<string, unknown>,
  ) => {
    try {
      await d.db.transaction(async (tx) => {
        await transitionCaseIn(tx, d.caseId, { type: "hold", reason, until }, actor, d.now());
        await appendEvent(tx, {
          creditorId: d.creditorId,
          caseId: d.caseId,
          type,
          at: d.now(),
          actor,
          data: { callId: d.callId, ...data },
        });
      });
      return { ok: true } as ToolResult;
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.code } as ToolResult;
      throw error;
    }
  };
  /** A use case refused (limits, state) is a tool result the policy can answer, not a crash. */
  const runUseCase = async (work: () => Promise<void>): Promise<ToolResult> => {
    try {
      await work();
      return { ok: true };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.code };
      throw error;
    }
  };
  const event = async (type: string, data: Record<string, unknown>, visibleToCreditor = true) => {
    await appendEvent(d.db, {
      creditorId: d.creditorId,
      caseId: d.caseId,
      type,
      at: d.now(),
      actor,
      data: { callId: d.callId, ...data },
      visibleToCreditor,
    });
  };
  /** 10:00 in the debtor's zone on `isoDate`, or on the next weekday when none is given. */
  const localMorning = (isoDate: string | null, hour = 10) => {
    let day = isoDate
      ? DateTime.fromISO(isoDate, { zone: d.timeZone })
      : DateTime.fromJSDate(d.now(), { zone: d.timeZone }).plus({ days: 1 }).startOf("day");
    while (!isoDate && day.weekday > 5) day = day.plus({ days: 1 });
    return day.set({ hour, minute: 0, second: 0, millisecond: 0 });
  };
  const contactPoint = async (update: Parameters<typeof updateContactPoint>[4]): Promise<ToolResult> => {
    if (!d.contactPointId) return { ok: false, error: "no_contact_point" };
    await updateContactPoint(d.db, AGENCY_SCOPE, d.caseId, d.contactPointId, update, actor, d.now());
    return { ok: true };
  };

  return {
    async sendPaymentLink(channel) {
      await event("voice.payment_link_requested", { channel });
      return { ok: true };
    },
    async transferToHuman() {
      const agent = await d.transferAgent?.();
      if (!agent) return { ok: false, error: "no_agent_available" };
      await event("voice.transferred", { agentId: agent.userId });
      return { ok: true, data: { transferred: true, transferTo: agent.e164 } };
    },
    async bookAppointment(preferredDate) {
      const booked = await bookVoiceAppointment(d.db, d.caseId, preferredDate, actor, d.now());
      if (!booked.ok) return booked;
      const slot = DateTime.fromJSDate(booked.startsAt, { zone: d.timeZone });
      await event("voice.appointment_booked", { slot: slot.toISO(), appointmentId: booked.appointmentId });
      const spoken = slot
        .setLocale(d.locale === "fr" ? "fr-FR" : "en-GB")
        .toFormat(d.locale === "fr" ? "cccc d LLLL 'à' H'h'mm" : "cccc d LLLL 'at' h:mm a");
      return { ok: true, data: { slot: spoken.replace(/h00$/, " h") } };
    },
    async recordPromise(date, amountCents) {
      return runUseCase(async () => {
        const promise = await recordPromise(
          d.db,
          { caseId: d.caseId, dueDate: date, amountCents },
          actor,
          d.now(),
        );
        await event("voice.promise_recorded", { date, amountCents, promiseId: promise.promiseId });
      });
    },
    async proposePlan(plan) {
      return runUseCase(async () => {
        const created = await createPlan(
          d.db,
          { caseId: d.caseId, instalments: plan.instalments, firstDate: plan.firstDate },
          actor,
          d.now(),
        );
        await event("voice.plan_agreed", { ...plan, planId: created.planId });
      });
    },
    recordDispute(statement) {
      return hold("dispute", null, "voice.dispute_recorded", { statement });
    },
    reportAlreadyPaid(statement) {
      return hold(
        "payment_verification",
        DateTime.fromJSDate(d.now()).plus({ days: 7 }).toJSDate(),
        "voice.already_paid_reported",
        {
          statement,
        },
      );
    },
    scheduleCallback(date, note) {
      return hold("agent_decision", localMorning(date).toJSDate(), "voice.callback_requested", {
        date,
        note,
      });
    },
    optOutOfCalls() {
      return contactPoint({ optOut: "call" });
    },
    markWrongNumber() {
      return contactPoint({ status: "invalid", invalidReason: "wrong number (voice call)" });
    },
    async endCall() {
      return { ok: true };
    },
    async flag(flag: CallFlag, detail?: string) {
      if (flag === "distress") {
        // A person in distress is not called again until a human has looked at the case.
        await hold("agent_decision", null, "voice.call_flagged", { flag, ...(detail ? { detail } : {}) });
        return;
      }
      await event("voice.call_flagged", { flag, ...(detail ? { detail } : {}) }, false);
    },
  };
}
