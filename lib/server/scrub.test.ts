import { describe, expect, it } from "vitest";

import { scrubUpstreamText } from "./scrub";

// Real texts, as AWS, the SDK's credential chain, Node's network stack and Direct Connect (the
// emulator quotes its messages) put them in an error's message.
const CONFIGURED = ["111111111111", "222222222222"];

describe("scrubUpstreamText", () => {
  it.each([
    // STS, while assuming the account's role (the SDK's fromTemporaryCredentials).
    [
      "User: arn:aws:sts::123456789012:assumed-role/dxmap-server/i-0a1b2c3d4e5f67890 is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/dxmap-readonly",
      "User: [ARN] is not authorized to perform: sts:AssumeRole on resource: [ARN]",
    ],
    [
      "User: arn:aws-us-gov:iam::123456789012:user/ci-bot is not authorized to perform: directconnect:CreateBGPPeer on resource: arn:aws-us-gov:directconnect:us-gov-west-1:123456789012:dxvif/dxvif-fgh12345 because no identity-based policy allows the directconnect:CreateBGPPeer action",
      "User: [ARN] is not authorized to perform: directconnect:CreateBGPPeer on resource: [ARN] because no identity-based policy allows the directconnect:CreateBGPPeer action",
    ],
    [
      "The security token included in the request is invalid.",
      "The security token included in the request is invalid.",
    ],
    [
      "The security token included in the request is expired",
      "The security token included in the request is expired",
    ],
    [
      "Request ARN is invalid: arn:aws:iam::123456789012:role/dxmap.",
      "Request ARN is invalid: [ARN].",
    ],
    [
      "The access key ID AKIAIOSFODNN7EXAMPLE does not exist in our records.",
      "The access key ID [access key] does not exist in our records.",
    ],
    [
      "Access denied for ASIAQ3EGWJ2KXEXAMPLE (principal AROA3XFRBF535EXAMPLE:dxmap-session)",
      "Access denied for [access key] (principal [principal id]:dxmap-session)",
    ],
    // The SDK's credential chain.
    [
      "Could not load credentials from any providers",
      "Could not load credentials from any providers",
    ],
    [
      "Could not resolve credentials using profile: [prod-admin] in configuration/credentials file(s).",
      "Could not resolve credentials using profile: [profile] in configuration/credentials file(s).",
    ],
    [
      "The config profile (prod) could not be found",
      "The config profile [profile] could not be found",
    ],
    [
      "Profile prod-admin could not be found in shared credentials file.",
      "Profile [profile] could not be found in shared credentials file.",
    ],
    ["Profile dxmap.ops was not found.", "Profile [profile] was not found."],
    [
      "Unsupported credential source in profile ops. Got Ec2Metadata, expected EcsContainer or Ec2InstanceMetadata or Environment.",
      "Unsupported credential source in profile [profile]. Got Ec2Metadata, expected EcsContainer or Ec2InstanceMetadata or Environment.",
    ],
    [
      "Detected a cycle attempting to resolve credentials for profile ops. Profiles visited: ops, base",
      "Detected a cycle attempting to resolve credentials for profile [profile]. Profiles visited: [profiles]",
    ],
    [
      "The SSO session associated with this profile has expired. To refresh this SSO session run aws sso login with the corresponding profile.",
      "The SSO session associated with this profile has expired. To refresh this SSO session run aws sso login with the corresponding profile.",
    ],
    [
      "Profile is configured with invalid SSO credentials.",
      "Profile is configured with invalid SSO credentials.",
    ],
    ["AWS_PROFILE=prod-admin is set", "AWS_PROFILE=[profile] is set"],
    [
      "Failed to load token from /var/run/secrets/eks.amazonaws.com/serviceaccount/token: Error: ENOENT: no such file or directory, open '/var/run/secrets/eks.amazonaws.com/serviceaccount/token'",
      "Failed to load token from [path]: Error: ENOENT: no such file or directory, open '[path]'",
    ],
    [
      "ENOENT: no such file or directory, open '/home/dxmap/.aws/credentials'",
      "ENOENT: no such file or directory, open '[path]'",
    ],
    ["could not read ~/.aws/config", "could not read [path]"],
    [
      "EACCES: permission denied, open 'C:\\Users\\dxmap\\.aws\\credentials'",
      "EACCES: permission denied, open '[path]'",
    ],
    // Node's network errors, as the SDK passes them on.
    [
      "getaddrinfo ENOTFOUND directconnect.us-east-1.amazonaws.com",
      "getaddrinfo ENOTFOUND [endpoint]",
    ],
    ["getaddrinfo EAI_AGAIN dx-emulator.corp.internal", "getaddrinfo EAI_AGAIN [endpoint]"],
    ["connect ECONNREFUSED 127.0.0.1:4599", "connect ECONNREFUSED [endpoint]"],
    ["connect ECONNREFUSED ::1:4599", "connect ECONNREFUSED [endpoint]"],
    ["connect ETIMEDOUT 10.20.30.40:443", "connect ETIMEDOUT [endpoint]"],
    [
      "Inaccessible host: `sts.us-east-1.amazonaws.com' at port `undefined'. This service may not be available in the `us-east-1' region.",
      "Inaccessible host: `[host]' at port `undefined'. This service may not be available in the `us-east-1' region.",
    ],
    [
      'Could not connect to the endpoint URL: "https://directconnect.eu-west-1.amazonaws.com/"',
      'Could not connect to the endpoint URL: "[endpoint]"',
    ],
    [
      "request to http://10.0.0.5:4599/ failed, reason: socket hang up",
      "request to [endpoint] failed, reason: socket hang up",
    ],
    ["upstream localhost:4599 and [::1]:4599 closed", "upstream [endpoint] and [endpoint] closed"],
    [
      "Hostname/IP does not match certificate's altnames: Host: dx.internal.example.net. is not in the cert's altnames",
      "Hostname/IP does not match certificate's altnames: Host: [host]. is not in the cert's altnames",
    ],
    // Direct Connect's own refusals: kept word for word, configured account ids included.
    [
      "VLAN 101 is already in use on dxcon-fg5678ab. Choose a different VLAN.",
      "VLAN 101 is already in use on dxcon-fg5678ab. Choose a different VLAN.",
    ],
    [
      "Only the owner account 222222222222 of virtual interface dxvif-fa8qwlt6 can confirm it.",
      "Only the owner account 222222222222 of virtual interface dxvif-fa8qwlt6 can confirm it.",
    ],
    [
      "The BGP peer cannot be in the same address family (IPv4/IPv6) of an existing BGP peer on the virtual interface.",
      "The BGP peer cannot be in the same address family (IPv4/IPv6) of an existing BGP peer on the virtual interface.",
    ],
    [
      "Amazon Address 169.254.10.1/30 and Customer Address 169.254.11.2/30 must be in the same CIDR",
      "Amazon Address 169.254.10.1/30 and Customer Address 169.254.11.2/30 must be in the same CIDR",
    ],
    [
      "IPv6 prefix 2001:db8::/80 must be /64 or shorter.",
      "IPv6 prefix 2001:db8::/80 must be /64 or shorter.",
    ],
    [
      "ConfirmConnection failed. dxcon-ffabc123 is in state available",
      "ConfirmConnection failed. dxcon-ffabc123 is in state available",
    ],
    [
      "Direct Connect gateway 0d4f7e2a-9c1b-4b8e-a3f0-5e6d7c8b9a01 is in state deleting",
      "Direct Connect gateway 0d4f7e2a-9c1b-4b8e-a3f0-5e6d7c8b9a01 is in state deleting",
    ],
    [
      "ASN 4294967295 is not valid. The valid range is 1 to 4294967294.",
      "ASN 4294967295 is not valid. The valid range is 1 to 4294967294.",
    ],
    [
      "An internal error occurred. Please try again later.",
      "An internal error occurred. Please try again later.",
    ],
    [
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
    ],
    [
      "Signature expired: 20260101T000000Z is now earlier than 20260101T001500Z (20260101T003000Z - 15 min.)",
      "Signature expired: 20260101T000000Z is now earlier than 20260101T001500Z (20260101T003000Z - 15 min.)",
    ],
    // An account id that is not configured: the server's own, as far as the user is concerned.
    [
      "Account 123456789012 is not authorized to allocate on dxcon-fg5678ab",
      "Account [account] is not authorized to allocate on dxcon-fg5678ab",
    ],
  ])("%s", (text, expected) => {
    expect(scrubUpstreamText(text, { keepAccountIds: CONFIGURED })).toBe(expected);
  });

  it("keeps an account id the request itself named, and no other", () => {
    const text = "Owner account 333333333333 is not a valid AWS account ID. Caller: 123456789012.";
    expect(scrubUpstreamText(text, { keepAccountIds: [...CONFIGURED, "333333333333"] })).toBe(
      "Owner account 333333333333 is not a valid AWS account ID. Caller: [account].",
    );
  });

  it("leaves a text without anything to scrub as it is", () => {
    expect(scrubUpstreamText("Rate exceeded")).toBe("Rate exceeded");
    expect(scrubUpstreamText("")).toBe("");
  });
});
