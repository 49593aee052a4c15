// The whole database schema, assembled from each context's tables. drizzle-kit reads this file.
export * from "../../cases/schema";
export * from "../../channels/schema";
export * from "../../collection/schema";
export * from "../../intake/schema";
export * from "../../payments/schema";
export * from "../../portal/schema";
export * from "../../scheduling/schema";
export * from "../../voice/schema";
export * from "../../webhooks/schema";
export * from "../auth/schema";
