/**
 * SigV4 verification with @smithy/signature-v4 (the signer the AWS SDK itself uses): the request is
 * signed again with the caller's secret (and session token) over exactly the headers the caller
 * signed, and the two signatures are compared in constant time. Refusals use the error types and
 * messages of AWS's JSON services; the STS query protocol names them its own way (operations/sts.ts).
 */
import { Hash } from "@smithy/hash-node";
import { SignatureV4 } from "@smithy/signature-v4";
import type { IncomingHttpHeaders } from "node:http";
import { createHash, timingSafeEqual } from "node:crypto";
import { AwsError } from "./errors";
import type { Principal } from "./identity";

const AUTH_PATTERN =
  /^AWS4-HMAC-SHA256 Credential=([^/\s]+)\/(\d{8})\/([^/\s]+)\/([^/\s]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/;

/** Requests signed more than 15 minutes from now are refused, as AWS does. */
const MAX_SKEW_MS = 15 * 60 * 1000;

const sha256 = Hash.bind(null, "sha256");

export interface Caller {
  principal: Principal;
  region: string;
}

/** What the emulator knows of an access key: its secret, and for temporary credentials their token and expiry. */
export interface KeyHolder {
  principal: Principal;
  secretAccessKey: string;
  sessionToken?: string;
  /** Emulator time (ms). */
  expiresAt?: number;
}

export const unrecognizedClient = () =>
  new AwsError(
    "UnrecognizedClientException",
    "The security token included in the request is invalid.",
  );

const invalidSignature = () =>
  new AwsError(
    "InvalidSignatureException",
    "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
  );

function parseAmzDate(value: string | undefined): Date | undefined {
  const m = value ? /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value) : null;
  if (!m) return undefined;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}

/**
 * Verifies the request's signature for `service` (the signing name: directconnect, organizations,
 * sts). Temporary credentials must come with their session token (x-amz-security-token) and be
 * unexpired at `now` (the emulator's clock); long-term keys must come without one.
 */
export async function verifySigV4(
  request: { method: string; path: string; headers: IncomingHttpHeaders; body: Uint8Array },
  service: string,
  keyHolder: (accessKeyId: string) => KeyHolder | undefined,
  now: number,
): Promise<Caller> {
  const authorization = request.headers.authorization;
  if (!authorization)
    throw new AwsError("MissingAuthenticationTokenException", "Missing Authentication Token");
  const m = AUTH_PATTERN.exec(authorization);
  if (!m) {
    throw new AwsError(
      "IncompleteSignatureException",
      `Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters. Authorization=${authorization.split(" ")[0]}`,
    );
  }
  const [, accessKeyId, shortDate, region, scopedService, signedHeaderList, signature] =
    m as unknown as string[];
  const holder = keyHolder(accessKeyId!);
  if (!holder) throw unrecognizedClient();
  if (scopedService !== service) {
    throw new AwsError(
      "InvalidSignatureException",
      `Credential should be scoped to correct service: '${service}'.`,
    );
  }
  const sessionToken = request.headers["x-amz-security-token"];
  // A temporary key without its token (or with another), or a long-term key with a token, is not a
  // credential AWS issued: the same refusal as an unknown key.
  if (sessionToken !== holder.sessionToken) throw unrecognizedClient();
  if (holder.expiresAt !== undefined && now >= holder.expiresAt) {
    throw new AwsError(
      "ExpiredTokenException",
      "The security token included in the request is expired",
    );
  }
  const amzDate = request.headers["x-amz-date"];
  const signingDate = parseAmzDate(Array.isArray(amzDate) ? amzDate[0] : amzDate);
  if (!signingDate || !amzDate?.toString().startsWith(shortDate!)) throw invalidSignature();
  if (Math.abs(Date.now() - signingDate.getTime()) > MAX_SKEW_MS) {
    throw new AwsError(
      "InvalidSignatureException",
      `Signature expired: ${amzDate} is now earlier or later than the allowed 15 minutes.`,
    );
  }

  const signed = new Set(signedHeaderList!.split(";"));
  if (!signed.has("host")) throw invalidSignature();
  const headers: Record<string, string> = {};
  for (const name of signed) {
    const value = request.headers[name];
    if (value === undefined) throw invalidSignature();
    headers[name] = Array.isArray(value) ? value.join(",") : value;
  }
  // The signer trusts a signed x-amz-content-sha256 header as the payload hash (the SDK sends one).
  // Put the hash of the bytes that actually arrived in its place, so a body changed after signing
  // fails the comparison instead of riding on the hash the caller declared.
  if (signed.has("x-amz-content-sha256"))
    headers["x-amz-content-sha256"] = createHash("sha256").update(request.body).digest("hex");
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: accessKeyId!,
      secretAccessKey: holder.secretAccessKey,
      ...(holder.sessionToken !== undefined ? { sessionToken: holder.sessionToken } : {}),
    },
    region: region!,
    service,
    sha256,
    applyChecksum: false,
  });
  const [path, query = ""] = request.path.split("?");
  const resigned = await signer.sign(
    {
      method: request.method,
      protocol: "http:",
      hostname: headers.host ?? "",
      path: path ?? "/",
      query: Object.fromEntries(new URLSearchParams(query)),
      headers,
      body: request.body,
    },
    {
      signingDate,
      signingRegion: region,
      signingService: service,
      signableHeaders: signed,
    },
  );
  const expected =
    /Signature=([0-9a-f]{64})/.exec(String(resigned.headers.authorization))?.[1] ?? "";
  if (
    expected.length !== signature!.length ||
    !timingSafeEqual(Buffer.from(expected), Buffer.from(signature!))
  ) {
    throw invalidSignature();
  }
  return { principal: holder.principal, region: region! };
}
