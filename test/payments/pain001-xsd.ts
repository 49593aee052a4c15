import { readFileSync } from "node:fs";
import { validateXML } from "xmllint-wasm";

// The official ISO 20022 schema of pain.001.001.09 (source in the file's header comment), checked with
// libxml2 compiled to WebAssembly: no system package needed.
const XSD = readFileSync(new URL("./fixtures/pain.001.001.09.xsd", import.meta.url), "utf8");

export async function validatePain001(xml: string): Promise<{ valid: boolean; errors: string[] }> {
  const result = await validateXML({
    xml: [{ fileName: "pain001.xml", contents: xml }],
    schema: [{ fileName: "pain.001.001.09.xsd", contents: XSD }],
  });
  return { valid: result.valid, errors: result.errors.map((e) => e.message) };
}
