import { describe, expect, it } from "vitest";

import type { DxEvent } from "@/lib/dx/history";

import { eventsCsv } from "./csv";

const event: DxEvent = {
  id: "7",
  time: "2026-12-06T09:00:00.000Z",
  account: "network",
  region: "us-east-1",
  resourceType: "bgpPeer",
  resourceId: "dxpeer-1",
  parentId: null,
  field: "bgpStatus",
  from: "up",
  to: "down",
};

describe("eventsCsv", () => {
  it("writes a header, then a line per event, empty cells for nulls", () => {
    expect(eventsCsv([event], true)).toBe(
      "id,time,account,region,resourceType,resourceId,parentId,field,from,to\r\n" +
        "7,2026-12-06T09:00:00.000Z,network,us-east-1,bgpPeer,dxpeer-1,,bgpStatus,up,down\r\n",
    );
    expect(eventsCsv([], false)).toBe("");
  });

  it("quotes commas and quotes, and defuses what a spreadsheet would run", () => {
    const line = eventsCsv([{ ...event, from: 'a "b", c', to: "=HYPERLINK(1)" }], false);
    expect(line).toBe(
      '7,2026-12-06T09:00:00.000Z,network,us-east-1,bgpPeer,dxpeer-1,,bgpStatus,"a ""b"", c",\'=HYPERLINK(1)\r\n',
    );
  });
});
