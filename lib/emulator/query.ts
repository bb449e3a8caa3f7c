/**
 * The AWS query protocol, as STS speaks it: a form body (`Action=AssumeRole&Version=2011-06-15&
 * RoleArn=…`, lists as `Tags.member.1.Key=…`), answers in XML inside `<{Action}Response>` with the
 * result in `<{Action}Result>` and the request id in `<ResponseMetadata>`, and errors as
 * `<ErrorResponse><Error><Type>Sender</Type><Code>…</Code><Message>…</Message></Error><RequestId>…`.
 */
import { AwsError } from "./errors";
import type { ServiceModel } from "./model";

/** The form's parameters as the operation's input structure, guided by the model's shapes. */
export function decodeQuery(
  params: URLSearchParams,
  model: ServiceModel,
  operation: string,
): Record<string, unknown> {
  const inputShape = model.inputShape(operation);
  if (!inputShape) return {};
  return decodeStructure(params, model, inputShape, "");
}

function decodeStructure(
  params: URLSearchParams,
  model: ServiceModel,
  shapeName: string,
  prefix: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [member, memberShape] of Object.entries(model.shapes[shapeName]?.members ?? {})) {
    const value = decodeValue(params, model, memberShape, `${prefix}${member}`);
    if (value !== undefined) out[member] = value;
  }
  return out;
}

function decodeValue(
  params: URLSearchParams,
  model: ServiceModel,
  shapeName: string,
  key: string,
): unknown {
  const shape = model.shapes[shapeName];
  if (!shape) return undefined;
  switch (shape.type) {
    case "structure": {
      const hasAny = [...params.keys()].some((k) => k.startsWith(`${key}.`));
      return hasAny ? decodeStructure(params, model, shapeName, `${key}.`) : undefined;
    }
    case "list": {
      // An empty list is sent as `Key=` (botocore) or not at all (SDK v3).
      if (params.get(key) === "") return [];
      const items: unknown[] = [];
      for (let i = 1; ; i += 1) {
        const item = decodeValue(params, model, shape.member ?? "", `${key}.member.${i}`);
        if (item === undefined) break;
        items.push(item);
      }
      return items.length > 0 ? items : undefined;
    }
    case "integer":
    case "long": {
      const text = params.get(key);
      if (text === null) return undefined;
      // Not a number stays a string, which the model's check refuses ("Member must be an integer").
      return /^-?\d{1,15}$/.test(text) ? Number(text) : text;
    }
    case "boolean": {
      const text = params.get(key);
      return text === null ? undefined : text === "true" ? true : text === "false" ? false : text;
    }
    default:
      return params.get(key) ?? undefined;
  }
}

const escape = (text: string) =>
  text.replace(
    /[<>&"']/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!,
  );

/** AWS's XML timestamps: ISO 8601 in UTC, to the second ("2026-05-01T12:00:00Z"). */
const xmlTime = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, "Z");

function toXml(value: unknown): string {
  if (value instanceof Date) return xmlTime(value);
  if (Array.isArray(value)) return value.map((v) => `<member>${toXml(v)}</member>`).join("");
  if (value !== null && typeof value === "object") {
    return Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `<${k}>${toXml(v)}</${k}>`)
      .join("");
  }
  return escape(String(value));
}

/** `<{Action}Response xmlns><{Action}Result>…</{Action}Result><ResponseMetadata>…` */
export function queryResponse(
  action: string,
  namespace: string,
  result: unknown,
  requestId: string,
): string {
  return (
    `<${action}Response xmlns="${namespace}">` +
    `<${action}Result>${toXml(result)}</${action}Result>` +
    `<ResponseMetadata><RequestId>${escape(requestId)}</RequestId></ResponseMetadata>` +
    `</${action}Response>\n`
  );
}

export function queryError(error: AwsError, namespace: string, requestId: string): string {
  const type = error.status >= 500 ? "Receiver" : "Sender";
  return (
    `<ErrorResponse xmlns="${namespace}">` +
    `<Error><Type>${type}</Type><Code>${escape(error.type)}</Code><Message>${escape(error.message)}</Message></Error>` +
    `<RequestId>${escape(requestId)}</RequestId>` +
    `</ErrorResponse>\n`
  );
}

/**
 * The query protocol's names for refusals the JSON services share (auth.ts, server.ts): STS answers
 * `InvalidClientTokenId` where they answer `UnrecognizedClientException`, and so on.
 */
const QUERY_ERRORS: Record<string, { code: string; status: number; message?: string }> = {
  UnrecognizedClientException: { code: "InvalidClientTokenId", status: 403 },
  InvalidSignatureException: { code: "SignatureDoesNotMatch", status: 403 },
  IncompleteSignatureException: { code: "IncompleteSignature", status: 400 },
  MissingAuthenticationTokenException: {
    code: "MissingAuthenticationToken",
    status: 403,
    message: "Request is missing Authentication Token",
  },
  ExpiredTokenException: { code: "ExpiredToken", status: 403 },
  ThrottlingException: { code: "Throttling", status: 400 },
  RequestEntityTooLargeException: { code: "RequestEntityTooLarge", status: 413 },
  AccessDeniedException: { code: "AccessDenied", status: 403 },
  UnknownOperationException: { code: "InvalidAction", status: 404 },
  DirectConnectServerException: { code: "InternalFailure", status: 500 },
};

export function asQueryError(error: AwsError): AwsError {
  const mapped = QUERY_ERRORS[error.type];
  return mapped ? new AwsError(mapped.code, mapped.message ?? error.message, mapped.status) : error;
}
