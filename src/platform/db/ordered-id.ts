// Time-ordered UUIDs (RFC 9562 version 7) for rows written in bulk. A random (v4) primary key lands
// anywhere in its index, so a million-row import touches every page of every key index over and over
// and the server's cache churns; ids that grow with time are appended at the right edge instead, and
// rows written together stay together. Still 122 bits of uniqueness, and valid uuids for zod and
// PostgreSQL alike.

import { randomFillSync } from "node:crypto";

const random = Buffer.alloc(8 * 1024);
let randomAt = random.length;
let lastMs = 0;
let counter = 0;
const VARIANT = "89ab";

/** A v7 UUID: 48-bit Unix milliseconds, a 12-bit counter, 62 random bits; increasing within a process. */
export function orderedUuid(nowMs: number = Date.now()): string {
  // RFC 9562 §6.2 method 1: the counter orders ids of one millisecond; when it overflows, the
  // timestamp moves one millisecond ahead rather than going back.
  if (nowMs > lastMs) {
    lastMs = nowMs;
    counter = 0;
  } else if (++counter > 0xfff) {
    lastMs++;
    counter = 0;
  }
  if (randomAt + 8 > random.length) {
    randomFillSync(random);
    randomAt = 0;
  }
  const tail = random.toString("hex", randomAt, randomAt + 8);
  randomAt += 8;
  const ms = lastMs.toString(16).padStart(12, "0");
  return (
    `${ms.slice(0, 8)}-${ms.slice(8)}-7${counter.toString(16).padStart(3, "0")}-` +
    `${VARIANT[Number.parseInt(tail[0]!, 16) & 3]}${tail.slice(1, 4)}-${tail.slice(4)}`
  );
}
