#!/usr/bin/env node
// Runs the TypeScript sources directly: the same files in development, tests and production.
import { register } from "tsx/esm/api";

register();
await import("../src/cli/main.ts");
