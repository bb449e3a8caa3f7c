import { describe, expect, it } from "vitest";

import {
  DEFAULT_FLAPPING_MIN,
  eventsFilterParams,
  eventsQuery,
  filterProblems,
  flappingQuery,
  fromLocalInput,
  ignoredParams,
  readEventsFilter,
  toLocalInput,
} from "./events-filter";

const params = (query: string) => new URLSearchParams(query);

describe("the Events page's URL", () => {
  it("reads every filter and says them back the same, defaults left out", () => {
    const query =
      "account=network&region=us-east-1&type=bgpPeer&field=bgpStatus&since=2026-12-01T00%3A00%3A00.000Z&until=2026-12-06T12%3A00%3A00.000Z&min=5";
    const filter = readEventsFilter(params(query));
    expect(filter).toEqual({
      resource: "",
      account: "network",
      region: "us-east-1",
      resourceType: "bgpPeer",
      field: "bgpStatus",
      since: "2026-12-01T00:00:00.000Z",
      until: "2026-12-06T12:00:00.000Z",
      min: 5,
    });
    const said = Object.entries(eventsFilterParams(filter)).filter(([, v]) => v !== "");
    expect(new URLSearchParams(said).toString()).toBe(query);
    expect(Object.values(eventsFilterParams(readEventsFilter(params("")))).filter(Boolean)).toEqual(
      [],
    );
  });

  it("leaves out what it cannot take, and says why", () => {
    const bad = params("type=router&field=mood&since=yesterday&min=0");
    const filter = readEventsFilter(bad);
    expect(filter.resourceType).toBe("");
    expect(filter.field).toBe("");
    expect(filter.since).toBe("");
    expect(filter.min).toBe(DEFAULT_FLAPPING_MIN);
    const said = ignoredParams(bad);
    expect(said).toHaveLength(4);
    expect(said[0]).toMatch(/“router” is not a resource type \(connection, lag/);
    expect(said[1]).toMatch(/“mood” is not a kind of change/);
    expect(said[2]).toBe("since=“yesterday” is not a time.");
    expect(said[3]).toMatch(/min=“0”/);
    expect(ignoredParams(params("type=lag&min=2"))).toEqual([]);
  });
});

describe("filterProblems", () => {
  const filter = readEventsFilter(params(""));
  it("refuses a range that ends before it starts, or as it starts", () => {
    expect(
      filterProblems({
        ...filter,
        since: "2026-12-06T12:00:00.000Z",
        until: "2026-12-06T12:00:00.000Z",
      }).until,
    ).toBeDefined();
    expect(
      filterProblems({
        ...filter,
        since: "2026-12-06T12:00:00.000Z",
        until: "2026-12-06T11:00:00.000Z",
      }),
    ).toEqual({ until: "“Until” is not after “From”: nothing can match." });
    expect(
      filterProblems({
        ...filter,
        since: "2026-12-06T11:00:00.000Z",
        until: "2026-12-06T12:00:00.000Z",
      }),
    ).toEqual({});
  });

  it("refuses a threshold below 1 or not whole", () => {
    expect(filterProblems({ ...filter, min: 0 }).min).toBeDefined();
    expect(filterProblems({ ...filter, min: 2.5 }).min).toBeDefined();
  });
});

describe("the store's queries", () => {
  it("ask for a resource's events and its children's", () => {
    const filter = readEventsFilter(params("resource=dxvif-1"));
    expect(eventsQuery(filter).toString()).toBe("resourceId=dxvif-1&parentId=dxvif-1");
  });

  it("name the filters as GET /api/events does, with the page and format", () => {
    const filter = readEventsFilter(params("account=network&type=bgpPeer&field=bgpStatus"));
    expect(eventsQuery(filter, { limit: 100, cursor: "abc" }).toString()).toBe(
      "account=network&resourceType=bgpPeer&field=bgpStatus&limit=100&cursor=abc",
    );
    expect(eventsQuery(filter, { format: "csv" }).toString()).toBe(
      "account=network&resourceType=bgpPeer&field=bgpStatus&format=csv",
    );
    expect(eventsQuery(filter, { cursor: null }).has("cursor")).toBe(false);
  });

  it("ask for flapping sessions in 24 h, in the account and region chosen", () => {
    const filter = readEventsFilter(params("account=network&region=eu-west-1&type=lag&min=4"));
    expect(flappingQuery(filter).toString()).toBe(
      "hours=24&min=4&account=network&region=eu-west-1",
    );
  });
});

describe("a datetime-local input", () => {
  it("goes to ISO and back, in local time", () => {
    const iso = fromLocalInput("2026-12-06T09:30");
    expect(iso).toBe(new Date(2026, 11, 6, 9, 30).toISOString());
    expect(toLocalInput(iso)).toBe("2026-12-06T09:30");
    expect(fromLocalInput("")).toBe("");
    expect(fromLocalInput("not a time")).toBe("");
    expect(toLocalInput("")).toBe("");
  });
});
