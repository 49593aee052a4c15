import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The debtor portal opens from a text message on a phone, often on a slow network: what it loads
// before the first screen (the app's entry chunk, the portal page's lazy chunk and everything both
// import statically) stays under 300 KB gzipped, and none of it is back-office or creditor code.

const BUDGET_BYTES = 300 * 1024;
const ENTRY = "index.html";
const PORTAL_PAGE = "src/routes/portal/PortalPage.tsx";

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}
type Manifest = Record<string, ManifestChunk>;

/** A chunk and every chunk it imports statically, transitively (what the browser fetches with it). */
function staticClosure(manifest: Manifest, key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen;
  if (!manifest[key]) throw new Error(`${key} is not in the Vite manifest`);
  seen.add(key);
  for (const k of manifest[key].imports ?? []) staticClosure(manifest, k, seen);
  return seen;
}

describe("the debtor portal's initial JavaScript", () => {
  let outDir: string;
  let manifest: Manifest;

  beforeAll(async () => {
    // A build of its own (same config, manifest on) so that browser tests reading web/dist are not disturbed.
    // The test runner sets NODE_ENV=test, which would give React's development build: measure what
    // `npm run build:web` ships.
    outDir = mkdtempSync(path.join(os.tmpdir(), "relance-web-"));
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = "production";
    try {
      await build({
        configFile: path.resolve("web/vite.config.ts"),
        mode: "production",
        logLevel: "warn",
        build: { outDir, emptyOutDir: true, manifest: true },
      });
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
    manifest = JSON.parse(readFileSync(path.join(outDir, ".vite/manifest.json"), "utf8")) as Manifest;
  }, 240_000);

  afterAll(() => {
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it("is under 300 KB gzipped: entry chunk, portal page chunk and their static imports", () => {
    expect(manifest[ENTRY]?.isEntry).toBe(true);
    const keys = new Set([...staticClosure(manifest, ENTRY), ...staticClosure(manifest, PORTAL_PAGE)]);
    const files = [...keys].map((k) => manifest[k]!.file).filter((f) => f.endsWith(".js"));
    const sizes = files.map((f) => ({ f, gz: gzipSync(readFileSync(path.join(outDir, f))).length }));
    const total = sizes.reduce((s, x) => s + x.gz, 0);
    const entryOnly = [...staticClosure(manifest, ENTRY)]
      .map((k) => manifest[k]!.file)
      .reduce((s, f) => s + gzipSync(readFileSync(path.join(outDir, f))).length, 0);
    console.log(
      `debtor portal initial JS: ${(total / 1024).toFixed(1)} KB gzipped in ${files.length} files ` +
        `(entry and its imports ${(entryOnly / 1024).toFixed(1)} KB); ` +
        sizes.map((x) => `${x.f} ${(x.gz / 1024).toFixed(1)} KB`).join(", "),
    );
    expect(total).toBeGreaterThan(10 * 1024); // the build really produced the app
    expect(total).toBeLessThan(BUDGET_BYTES);
  });

  it("loads no back-office or creditor screen before the first paint", () => {
    const keys = new Set([...staticClosure(manifest, ENTRY), ...staticClosure(manifest, PORTAL_PAGE)]);
    const staffSources = Object.entries(manifest)
      .filter(([k]) => /^src\/routes\/(backoffice|creditor)\//.test(k))
      .map(([k]) => k);
    expect(staffSources.length).toBeGreaterThan(0);
    expect([...keys].filter((k) => staffSources.includes(k))).toEqual([]);
  });
});
