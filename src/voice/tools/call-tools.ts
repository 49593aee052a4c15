import type { CallFlag, ToolArgs, ToolResult } from "../policy/types";

// The port through which a call acts on the world. The voice context defines it; the composition root
// supplies an implementation (cases today; payments will take over links, promises and plans). A
// tool never throws for a business refusal: it answers { ok: false } and the policy says so.

export interface CallTools {
  sendPaymentLink(channel: "sms" | "email"): Promise<ToolResult>;
  /** Only succeeds when a human collector actually takes the call. */
  transferToHuman(): Promise<ToolResult>;
  /** Books a slot in the collectors' calendar; `data.slot` is the slot as the agent says it. */
  bookAppointment(preferredDate: string | null): Promise<ToolResult>;
  recordPromise(date: string, amountCents: number): Promise<ToolResult>;
  proposePlan(plan: { instalments: number; instalmentCents: number; firstDate: string }): Promise<ToolResult>;
  recordDispute(statement: string): Promise<ToolResult>;
  reportAlreadyPaid(statement: string): Promise<ToolResult>;
  scheduleCallback(date: string | null, note: string): Promise<ToolResult>;
  optOutOfCalls(): Promise<ToolResult>;
  markWrongNumber(): Promise<ToolResult>;
  endCall(): Promise<ToolResult>;
  /** Abuse or distress: the call is flagged for a human; distress also pauses the case. */
  flag(flag: CallFlag, detail?: string): Promise<void>;
}

export function runTool(tools: CallTools, call: ToolArgs): Promise<ToolResult> {
  switch (call.tool) {
    case "send_payment_link":
      return tools.sendPaymentLink(call.channel);
    case "transfer_to_human":
      return tools.transferToHuman();
    case "book_appointment":
      return tools.bookAppointment(call.preferredDate);
    case "record_promise":
      return tools.recordPromise(call.date, call.amountCents);
    case "propose_plan":
      return tools.proposePlan(call);
    case "record_dispute":
      return tools.recordDispute(call.statement);
    case "report_already_paid":
      return tools.reportAlreadyPaid(call.statement);
    case "schedule_callback":
      return tools.scheduleCallback(call.date, call.note);
    case "opt_out_of_calls":
      return tools.optOutOfCalls();
    case "mark_wrong_number":
      return tools.markWrongNumber();
    case "end_call":
      return tools.endCall();
    default: {
      const never: never = call;
      throw new Error(`unknown tool ${JSON.stringify(never)}`);
    }
  }
}
