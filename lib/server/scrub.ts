// What of an upstream error's text a user may see. AWS's and the SDK's messages are kept (Direct
// Connect's refusals are how a user learns that "VLAN 101 is already in use"), but whatever names the
// server's own environment is replaced by a label: an error from STS or the credential chain names
// the server's role, its account, its profiles and files; a network error names the endpoint's host,
// address and port. The full text goes to the server's log, never to a response.
//
// The rule, applied in this order to the whole text:
//   URLs                           scheme://…                          → [endpoint]
//   ARNs                           arn:aws…:…                          → [ARN]
//   AWS key and principal ids      AKIA…, ASIA…, AROA…, AIDA…          → [access key] / [principal id]
//   the address of a network error ENOTFOUND host, ECONNREFUSED ip:port → ENOTFOUND [endpoint]
//   absolute file paths            /home/x/.aws/config, ~/.aws/x, C:\… → [path]
//   host or address with a port    localhost:4599, 10.0.0.5:443, [::1]:80 → [endpoint]
//   host names                     two or more dotted labels ending in a
//                                  letters-only label (sts.amazonaws.com) → [host]
//   profile names                  profile: [prod], profile (prod), Profile prod could not…,
//                                  AWS_PROFILE=prod                   → [profile]
//                                  Profiles visited: a, b             → [profiles]
//   12-digit account ids           not one of `keepAccountIds`        → [account]
// Kept on purpose: IP addresses without a port and CIDRs (a refusal names the user's peer addresses
// and prefixes), resource ids (dxvif-…, dxcon-…), and the account ids dxmap is configured with (a
// refusal may say "Only the owner account 222222222222 … can confirm it").

export interface ScrubOptions {
  /** Account ids the user may see: the configured accounts', and any the request itself named. */
  keepAccountIds?: Iterable<string>;
}

/** Trailing punctuation belongs to the sentence, not to the URL, ARN or path before it. */
const TRAILING = /[.,;:!?)\]}'"`]+$/;

function replaceToken(label: string) {
  return (match: string) => {
    const tail = TRAILING.exec(match)?.[0] ?? "";
    return `${label}${tail}`;
  };
}

const URL_PATTERN = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi;
const ARN_PATTERN = /\barn:aws[a-z0-9-]*:[^\s"'<>`]*/gi;
const ACCESS_KEY = /\b(?:AKIA|ASIA)[A-Z0-9]{12,124}\b/g;
const PRINCIPAL_ID = /\b(?:AIDA|AROA|AIPA|ANPA|ANVA|APKA|AGPA|ABIA|ACCA)[A-Z0-9]{12,124}\b/g;
// Node's system errors name the address after their code: "getaddrinfo ENOTFOUND host",
// "connect ECONNREFUSED 127.0.0.1:4599", "connect ECONNREFUSED ::1:4599".
const NETWORK_ERROR_ADDRESS =
  /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ECONNABORTED|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EHOSTDOWN|EPIPE|EADDRNOTAVAIL)(\s+)([^\s,;)]+)/g;
const LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
const HOST_NAME = `(?:${LABEL}\\.)+[a-z]{2,63}`;
const IPV4 = "\\d{1,3}(?:\\.\\d{1,3}){3}";
const HOST_WITH_PORT = new RegExp(
  `(?<![\\w.-])(?:${HOST_NAME}|localhost|${IPV4}|\\[[0-9a-f:.]+\\]):\\d{1,5}\\b`,
  "gi",
);
const BARE_HOST = new RegExp(`(?<![\\w.-])${HOST_NAME}(?![\\w-]|\\.[a-z0-9])`, "gi");
const UNIX_PATH = /(?<![\w.:/~-])~?\/(?:[\w.@+=-]+\/)+[\w.@+=-]*/g;
const WINDOWS_PATH = /\b[a-z]:\\[^\s"'<>`]+/gi;
const DELIMITED_PROFILE =
  /\b((?:source_)?profile\s*[:=]?\s*)(?:\[[^\]\s]+\]|\([^)\s]+\)|"[^"\s]+"|'[^'\s]+'|`[^`\s]+`)/gi;
// "Profile prod could not be found", "in profile prod.": the word after "profile" is a name unless
// it is one of the words the SDK's messages put there ("this profile has expired", "Profile is…").
const BARE_PROFILE =
  /\b(profile\s+)(?!(?:is|has|was|were|could|can|cannot|did|does|do|must|should|will|requires|with|that|which|associated|in|for|from|of|to|the|a|an|and|or|not|name|names|file|files|config|configuration|section|credentials)\b)([\w.@+=,/-]+)/gi;
const ENV_PROFILE = /\b(AWS_PROFILE\s*[=:]\s*)\S+/g;
const VISITED_PROFILES = /\b(Profiles visited:\s*)[^.\n]*/g;
const ACCOUNT_ID = /(?<![\w-])\d{12}(?![\w-])/g;

/** The text with what identifies the server's environment replaced (see the rule above). */
export function scrubUpstreamText(text: string, options: ScrubOptions = {}): string {
  const keep = new Set(options.keepAccountIds ?? []);
  return text
    .replace(URL_PATTERN, replaceToken("[endpoint]"))
    .replace(ARN_PATTERN, replaceToken("[ARN]"))
    .replace(ACCESS_KEY, "[access key]")
    .replace(PRINCIPAL_ID, "[principal id]")
    .replace(NETWORK_ERROR_ADDRESS, (_m, code: string, space: string, address: string) => {
      const tail = TRAILING.exec(address)?.[0] ?? "";
      return `${code}${space}[endpoint]${tail}`;
    })
    .replace(UNIX_PATH, replaceToken("[path]"))
    .replace(WINDOWS_PATH, replaceToken("[path]"))
    .replace(HOST_WITH_PORT, "[endpoint]")
    .replace(BARE_HOST, "[host]")
    .replace(DELIMITED_PROFILE, "$1[profile]")
    .replace(BARE_PROFILE, (_m, lead: string, name: string) => {
      const tail = TRAILING.exec(name)?.[0] ?? "";
      return `${lead}[profile]${tail}`;
    })
    .replace(ENV_PROFILE, "$1[profile]")
    .replace(VISITED_PROFILES, "$1[profiles]")
    .replace(ACCOUNT_ID, (id) => (keep.has(id) ? id : "[account]"));
}
