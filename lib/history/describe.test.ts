import { describe, expect, it } from "vitest";

import { auditOutcome, auditTargets, describeEvent, eventLine } from "./describe";
import { auditEntry, event } from "./fixtures";

const T = "2026-12-06T10:00:00.000Z";

describe("describeEvent and eventLine", () => {
  it("say a session going down, a peer appearing and one gone", () => {
    const down = event({ time: T });
    expect(describeEvent(down)).toEqual({
      what: "BGP session",
      from: "up",
      to: "down",
      badges: true,
    });
    expect(eventLine(down)).toBe("BGP peer dxpeer-1: up → down");

    const appeared = event({ time: T, field: "state", from: null, to: "pending" });
    expect(describeEvent(appeared).what).toBe("appeared");
    expect(eventLine(appeared, "IPv4 peer")).toBe("BGP peer IPv4 peer: appeared (pending)");

    const gone = event({ time: T, field: "state", from: "deleting", to: null });
    expect(eventLine(gone)).toBe("BGP peer dxpeer-1: gone (was deleting)");
  });

  it("name the ids an interface's peer and gateway events carry, without badges", () => {
    const vif = {
      resourceType: "virtualInterface" as const,
      resourceId: "dxvif-1",
      parentId: null,
    };
    expect(eventLine(event({ time: T, ...vif, field: "peer", from: null, to: "dxpeer-9" }))).toBe(
      "Interface dxvif-1: BGP peer dxpeer-9 added",
    );
    expect(eventLine(event({ time: T, ...vif, field: "peer", from: "dxpeer-9", to: null }))).toBe(
      "Interface dxvif-1: BGP peer dxpeer-9 removed",
    );
    expect(
      describeEvent(event({ time: T, ...vif, field: "gateway", from: null, to: "dx-gw-1" })),
    ).toEqual({ what: "gateway dx-gw-1 attached", from: null, to: null, badges: false });
    const assoc = event({
      time: T,
      resourceType: "directConnectGateway",
      resourceId: "gw",
      parentId: null,
      field: "association",
      from: "tgw-1",
      to: null,
    });
    expect(eventLine(assoc)).toBe("Direct Connect gateway gw: association with tgw-1 removed");
  });
});

describe("auditOutcome", () => {
  it("says how it went, with AWS's error code", () => {
    expect(auditOutcome(auditEntry({ time: T }))).toBe("succeeded");
    expect(
      auditOutcome(
        auditEntry({ time: T, outcome: "failure", errorCode: "DirectConnectClientException" }),
      ),
    ).toBe("failed: DirectConnectClientException");
    expect(auditOutcome(auditEntry({ time: T, outcome: null }))).toBe("no outcome recorded");
  });
});

describe("auditTargets", () => {
  it("of an interface takes its peers, deleted ones too, from its events", () => {
    const events = [
      event({ time: T, resourceId: "dxpeer-1", parentId: "dxvif-1" }),
      event({
        time: T,
        resourceType: "virtualInterface",
        resourceId: "dxvif-1",
        parentId: null,
        field: "peer",
        from: "dxpeer-2",
        to: null,
      }),
      event({ time: T, resourceId: "dxpeer-3", parentId: "dxvif-other" }),
    ];
    expect(auditTargets("dxvif-1", events, ["dxpeer-4"])).toEqual([
      "dxpeer-1",
      "dxpeer-2",
      "dxpeer-4",
      "dxvif-1",
    ]);
  });
});
