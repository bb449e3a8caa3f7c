/**
 * The official models (generated from botocore by scripts/generate-model.py): Direct Connect, and STS
 * and Organizations for finding accounts and assuming roles. A validator checks a request against an
 * operation's input shape: required members, JSON types, enums, string lengths and patterns, list
 * sizes and integer ranges. The SDKs do not check these (SDK v3 sends whatever it is given), so the
 * service, and therefore the emulator, must.
 */
import directConnectJson from "./directconnect.json" with { type: "json" };
import organizationsJson from "./organizations.json" with { type: "json" };
import stsJson from "./sts.json" with { type: "json" };
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

interface Model {
  metadata: { apiVersion: string; targetPrefix?: string };
  operations: Record<string, { input: string | null; output: string | null }>;
  shapes: Record<string, Shape>;
}

/** One service's model: its operations, and the problems of a request body against an input shape. */
export class ServiceModel {
  readonly shapes: Record<string, Shape>;
  readonly operations: Model["operations"];
  readonly operationNames: readonly string[];

  constructor(
    readonly model: Model,
    /**
     * How a member is named in a message. Direct Connect's members are lowerCamel already; STS and
     * Organizations name theirs in PascalCase on the wire and lowerCamel in their messages ("Value
     * 'x' at 'roleSessionName' failed to satisfy constraint").
     */
    private readonly memberName: (name: string) => string = (name) => name,
  ) {
    this.shapes = model.shapes;
    this.operations = model.operations;
    this.operationNames = Object.keys(model.operations);
  }

  isKnownOperation = (name: string) => Object.hasOwn(this.operations, name);

  inputShape(operation: string): string | null {
    return this.operations[operation]?.input ?? null;
  }

  /**
   * Every problem of `body` against the input shape of `operation`, worded the way AWS's request
   * validation words them ("Value null at 'connectionId' failed to satisfy constraint: Member must
   * not be null"), and the first one's kind (for Organizations' InvalidInputException reasons).
   */
  problems(operation: string, body: unknown): { message: string; kind: ProblemKind }[] {
    const inputShape = this.inputShape(operation);
    const errors: { message: string; kind: ProblemKind }[] = [];
    if (inputShape) this.check(body, inputShape, "", errors);
    return errors;
  }

  private check(
    value: unknown,
    shapeName: string,
    path: string,
    errors: { message: string; kind: ProblemKind }[],
  ): void {
    const shape = this.shapes[shapeName];
    if (!shape || value === null || value === undefined) return;
    const at = `Value ${describe(value)} at '${path || "body"}' failed to satisfy constraint:`;
    const fail = (kind: ProblemKind, constraint: string) =>
      errors.push({ kind, message: `${at} ${constraint}` });
    switch (shape.type) {
      case "structure": {
        if (typeof value !== "object" || Array.isArray(value)) {
          fail("type", "Member must be a structure");
          return;
        }
        const record = value as Record<string, unknown>;
        for (const name of shape.required ?? []) {
          if (record[name] === undefined || record[name] === null) {
            errors.push({
              kind: "required",
              message: `Value null at '${join(path, this.memberName(name))}' failed to satisfy constraint: Member must not be null`,
            });
          }
        }
        for (const [name, memberShape] of Object.entries(shape.members ?? {})) {
          this.check(record[name], memberShape, join(path, this.memberName(name)), errors);
        }
        return;
      }
      case "list": {
        if (!Array.isArray(value)) {
          fail("type", "Member must be a list");
          return;
        }
        if (shape.min !== undefined && value.length < shape.min) {
          fail("minLength", `Member must have length greater than or equal to ${shape.min}`);
        }
        if (shape.max !== undefined && value.length > shape.max) {
          fail("maxLength", `Member must have length less than or equal to ${shape.max}`);
        }
        value.forEach((item, i) =>
          this.check(item, shape.member ?? "", `${path}.${i + 1}.member`, errors),
        );
        return;
      }
      case "string":
      case "blob": {
        if (typeof value !== "string") {
          fail("type", "Member must be a string");
          return;
        }
        if (shape.enum && !shape.enum.includes(value)) {
          fail("enum", `Member must satisfy enum value set: [${shape.enum.join(", ")}]`);
        }
        if (shape.min !== undefined && value.length < shape.min) {
          fail("minLength", `Member must have length greater than or equal to ${shape.min}`);
        }
        if (shape.max !== undefined && value.length > shape.max) {
          fail("maxLength", `Member must have length less than or equal to ${shape.max}`);
        }
        if (shape.pattern !== undefined && !patternOf(shape.pattern).test(value)) {
          fail("pattern", `Member must satisfy regular expression pattern: ${shape.pattern}`);
        }
        return;
      }
      case "integer":
      case "long":
        if (typeof value !== "number" || !Number.isInteger(value)) {
          fail("type", "Member must be an integer");
          return;
        }
        if (shape.min !== undefined && value < shape.min) {
          fail("minValue", `Member must have value greater than or equal to ${shape.min}`);
        }
        if (shape.max !== undefined && value > shape.max) {
          fail("maxValue", `Member must have value less than or equal to ${shape.max}`);
        }
        return;
      case "boolean":
        if (typeof value !== "boolean") fail("type", "Member must be a boolean");
        return;
      case "timestamp":
        if (typeof value !== "number" && typeof value !== "string")
          fail("type", "Member must be a timestamp");
        return;
    }
  }
}

export type ProblemKind =
  | "required"
  | "type"
  | "enum"
  | "minLength"
  | "maxLength"
  | "pattern"
  | "minValue"
  | "maxValue";

/** "1 validation error detected: …; …", as AWS's request validation opens its messages. */
export function validationMessage(problems: readonly { message: string }[]): string {
  const n = problems.length;
  return `${n} validation error${n > 1 ? "s" : ""} detected: ${problems.map((p) => p.message).join("; ")}`;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return "null";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return `'${text.length > 64 ? `${text.slice(0, 61)}...` : text}'`;
}

const join = (path: string, name: string) => (path ? `${path}.${name}` : name);

/**
 * The models' patterns use Unicode classes (\p{L}), so they compile with the "u" flag, and code points
 * past U+FFFF written as \u10000 (JavaScript's \u{10000}). AWS matches a whole value: an unanchored
 * pattern such as STS's `[\w+=,.@-]*` would match any string at its start.
 */
const patterns = new Map<string, RegExp>();
function patternOf(source: string): RegExp {
  let re = patterns.get(source);
  if (!re) {
    const js = source.replace(/\\u([0-9A-Fa-f]{5,6})/g, "\\u{$1}");
    patterns.set(source, (re = new RegExp(`^(?:${js})$`, "u")));
  }
  return re;
}

const lowerCamel = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

export const directConnectModel = new ServiceModel(directConnectJson as Model);
export const stsModel = new ServiceModel(stsJson as Model, lowerCamel);
export const organizationsModel = new ServiceModel(organizationsJson as Model, lowerCamel);

export const targetPrefix = directConnectJson.metadata.targetPrefix;
export const organizationsTargetPrefix = organizationsJson.metadata.targetPrefix;
export const stsApiVersion = stsJson.metadata.apiVersion;
export const stsXmlNamespace = stsJson.metadata.xmlNamespace;
export const operationNames = directConnectModel.operationNames;
export const isKnownOperation = directConnectModel.isKnownOperation;

/**
 * Checks `body` against the input shape of a Direct Connect operation and throws one
 * DirectConnectClientException listing every problem (Direct Connect has no ValidationException).
 */
export function validateInput(operation: string, body: unknown): void {
  const problems = directConnectModel.problems(operation, body);
  if (problems.length > 0) throw new ClientError(validationMessage(problems));
}

