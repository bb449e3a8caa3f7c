/**
 * The official Direct Connect model (generated from botocore by scripts/generate-model.py) and a
 * validator that checks a request body against an operation's input shape: required members, JSON
 * types, enums, string lengths and list sizes. The SDKs do not check required members (SDK v3 sends
 * whatever it is given), so the service, and therefore the emulator, must.
 */
import model from "./directconnect.json" with { type: "json" };
import { ClientError } from "../errors";

interface Shape {
  type: string;
  required?: string[];
  members?: Record<string, string>;
  member?: string;
  enum?: string[];
  min?: number;
  max?: number;
  pattern?: string;
}

const shapes = model.shapes as Record<string, Shape>;
const operations = model.operations as Record<string, { input: string | null; output: string | null }>;

export const targetPrefix = model.metadata.targetPrefix;
export const operationNames: readonly string[] = Object.keys(operations);
export const isKnownOperation = (name: string) => Object.hasOwn(operations, name);

/**
 * Checks `body` against the input shape of `operation` and throws one DirectConnectClientException
 * listing every problem, worded the way AWS's request validation words them
 * ("1 validation error detected: Value null at 'connectionId' failed to satisfy constraint: ...").
 */
export function validateInput(operation: string, body: unknown): void {
  const inputShape = operations[operation]?.input;
  const errors: string[] = [];
  if (inputShape) check(body, inputShape, "", errors);
  if (errors.length > 0) {
    const n = errors.length;
    throw new ClientError(`${n} validation error${n > 1 ? "s" : ""} detected: ${errors.join("; ")}`);
  }
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return "null";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return `'${text.length > 64 ? `${text.slice(0, 61)}...` : text}'`;
}

function check(value: unknown, shapeName: string, path: string, errors: string[]): void {
  const shape = shapes[shapeName];
  if (!shape || value === null || value === undefined) return;
  const at = `Value ${describe(value)} at '${path || "body"}' failed to satisfy constraint:`;
  switch (shape.type) {
    case "structure": {
      if (typeof value !== "object" || Array.isArray(value)) {
        errors.push(`${at} Member must be a structure`);
        return;
      }
      const record = value as Record<string, unknown>;
      for (const name of shape.required ?? []) {
        if (record[name] === undefined || record[name] === null) {
          errors.push(`Value null at '${join(path, name)}' failed to satisfy constraint: Member must not be null`);
        }
      }
      for (const [name, memberShape] of Object.entries(shape.members ?? {})) {
        check(record[name], memberShape, join(path, name), errors);
      }
      return;
    }
    case "list": {
      if (!Array.isArray(value)) {
        errors.push(`${at} Member must be a list`);
        return;
      }
      if (shape.min !== undefined && value.length < shape.min) {
        errors.push(`${at} Member must have length greater than or equal to ${shape.min}`);
      }
      if (shape.max !== undefined && value.length > shape.max) {
        errors.push(`${at} Member must have length less than or equal to ${shape.max}`);
      }
      value.forEach((item, i) => check(item, shape.member ?? "", `${path}.${i + 1}.member`, errors));
      return;
    }
    case "string":
    case "blob": {
      if (typeof value !== "string") {
        errors.push(`${at} Member must be a string`);
        return;
      }
      if (shape.enum && !shape.enum.includes(value)) {
        errors.push(`${at} Member must satisfy enum value set: [${shape.enum.join(", ")}]`);
      }
      if (shape.min !== undefined && value.length < shape.min) {
        errors.push(`${at} Member must have length greater than or equal to ${shape.min}`);
      }
      if (shape.max !== undefined && value.length > shape.max) {
        errors.push(`${at} Member must have length less than or equal to ${shape.max}`);
      }
      if (shape.pattern !== undefined && !patternOf(shape.pattern).test(value)) {
        errors.push(`${at} Member must satisfy regular expression pattern: ${shape.pattern}`);
      }
      return;
    }
    case "integer":
    case "long":
      if (typeof value !== "number" || !Number.isInteger(value)) errors.push(`${at} Member must be an integer`);
      return;
    case "boolean":
      if (typeof value !== "boolean") errors.push(`${at} Member must be a boolean`);
      return;
    case "timestamp":
      if (typeof value !== "number" && typeof value !== "string") errors.push(`${at} Member must be a timestamp`);
      return;
  }
}

const join = (path: string, name: string) => (path ? `${path}.${name}` : name);

/** The model's patterns use Unicode classes (\p{L}), so they compile with the "u" flag. */
const patterns = new Map<string, RegExp>();
function patternOf(source: string): RegExp {
  let re = patterns.get(source);
  if (!re) patterns.set(source, (re = new RegExp(source, "u")));
  return re;
}
