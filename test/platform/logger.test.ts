import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/platform/logger";

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger({ level: "info", destination }), lines };
}

describe("logger", () => {
  it("never writes personal data, whether in fields or in the message", () => {
    const { logger, lines } = capture();
    logger.info(
      {
        caseId: "c-1",
        debtor: {
          name: "Léa Martin",
          email: "lea.martin@mail.example",
          phone: "+33612345678",
          iban: "FR7630006000011234567890189",
        },
        note: "rappeler au 06 12 34 56 78 ou lea@mail.example, IBAN FR76 3000 6000 0112 3456 7890 189",
      },
      "contacting lea.martin@mail.example at +33 6 12 34 56 78",
    );
    const out = lines.join("");
    for (const secret of [
      "Léa Martin",
      "lea.martin@mail.example",
      "+33612345678",
      "06 12 34 56 78",
      "FR76",
      "lea@mail.example",
    ]) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('"caseId":"c-1"');
    expect(out).toContain("[email]");
  });

  it("keeps error messages but masks the personal data inside them", () => {
    const { logger, lines } = capture();
    logger.error({ err: new Error("SMTP refused lea@mail.example") }, "send failed");
    expect(lines.join("")).toContain("SMTP refused [email]");
  });
});
