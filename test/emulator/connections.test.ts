/**
 * Connections, LAGs, locations, virtual private gateways, hosted connections and tags, driven through
 * the real SDK over HTTP. Every test starts from the seeded `default` estate (reset before each), so
 * counts and names are those of seed.ts: in each of us-east-1 and eu-west-1, `network` owns a primary
 * and a secondary dedicated connection, a LAG with two members and a hosted connection (in us-east-1
 * also a second hosted one, and the six connections of the resilience targets); `workload` owns no
 * connection.
 */
import {
  ConfirmConnectionCommand,
  CreatePrivateVirtualInterfaceCommand,
  CreateConnectionCommand,
  CreateLagCommand,
  DeleteConnectionCommand,
  DeleteLagCommand,
  DescribeConnectionsCommand,
  DescribeHostedConnectionsCommand,
  DescribeLagsCommand,
  DescribeLocationsCommand,
  DescribeTagsCommand,
  DescribeVirtualGatewaysCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateConnectionCommand,
  UpdateLagCommand,
  type Connection,
  type DirectConnectClient,
  type Tag,
} from "@aws-sdk/client-direct-connect";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { NETWORK, WORKLOAD, connectionNamed, refusal, startHarness, type Harness } from "./harness";

let h: Harness;
let net: DirectConnectClient; // network, us-east-1
let netEu: DirectConnectClient; // network, eu-west-1
let wl: DirectConnectClient; // workload, us-east-1
let wlEu: DirectConnectClient; // workload, eu-west-1

beforeAll(async () => {
  h = await startHarness();
  net = h.client("network");
  netEu = h.client("network", "eu-west-1");
  wl = h.client("workload");
  wlEu = h.client("workload", "eu-west-1");
});
afterAll(() => h.close());
beforeEach(async () => {
  const res = await h.control("POST", "/_dxmap/reset", {});
  expect(res.status).toBe(200);
});

const US_EAST_1 = [
  "dx-eqdc2-primary",
  "dx-csva1-secondary",
  "resilient-eqdc2-a",
  "resilient-eqdc2-b",
  "resilient-eqny5-a",
  "resilient-eqny5-b",
  "trap-eqdc2-a",
  "trap-eqdc2-b",
  "lag-eqdc2-member-1",
  "lag-eqdc2-member-2",
  "hosted-csva1-megaport",
  "hosted-csva1-equinix",
];
const EU_WEST_1 = [
  "dx-eirdb1-primary",
  "dx-tcdub-secondary",
  "lag-eirdb1-member-1",
  "lag-eirdb1-member-2",
  "hosted-tcdub-megaport",
];

const connectionArn = (c: Connection) =>
  `arn:aws:directconnect:${c.region}:${c.ownerAccount}:dxcon/${c.connectionId}`;

async function allConnections(client: DirectConnectClient): Promise<Connection[]> {
  return (await client.send(new DescribeConnectionsCommand({}))).connections ?? [];
}

async function connectionById(
  client: DirectConnectClient,
  connectionId: string,
): Promise<Connection> {
  const out = await client.send(new DescribeConnectionsCommand({ connectionId }));
  expect(out.connections).toHaveLength(1);
  return out.connections![0]!;
}

async function tagsOf(client: DirectConnectClient, resourceArn: string): Promise<Tag[]> {
  const out = await client.send(new DescribeTagsCommand({ resourceArns: [resourceArn] }));
  return out.resourceTags?.[0]?.tags ?? [];
}

const sortedNames = (list: Connection[]) => list.map((c) => c.connectionName).sort();

describe("DescribeConnections", () => {
  it("lists only the caller's connections in the caller's region", async () => {
    const us = await allConnections(net);
    const eu = await allConnections(netEu);
    expect(sortedNames(us)).toEqual([...US_EAST_1].sort());
    expect(sortedNames(eu)).toEqual([...EU_WEST_1].sort());
    expect(us.every((c) => c.region === "us-east-1" && c.ownerAccount === NETWORK.accountId)).toBe(
      true,
    );
    expect(eu.every((c) => c.region === "eu-west-1" && c.ownerAccount === NETWORK.accountId)).toBe(
      true,
    );
    const euIds = new Set(eu.map((c) => c.connectionId));
    expect(us.some((c) => euIds.has(c.connectionId))).toBe(false);
  });

  it("shows workload none of network's connections, by listing or by id", async () => {
    expect(await allConnections(wl)).toEqual([]);
    expect(await allConnections(wlEu)).toEqual([]);
    const primary = await connectionNamed(net, "dx-eqdc2-primary");
    const refused = await refusal(
      wl.send(new DescribeConnectionsCommand({ connectionId: primary.connectionId! })),
    );
    expect(refused).toMatchObject({
      name: "DirectConnectClientException",
      message: `Could not find Connection with ID ${primary.connectionId}`,
      status: 400,
    });
  });

  it("returns one connection by id, with its LAG for a LAG member", async () => {
    const member = await connectionNamed(net, "lag-eqdc2-member-1");
    const lag = (await net.send(new DescribeLagsCommand({}))).lags?.[0];
    const got = await connectionById(net, member.connectionId!);
    expect(got.connectionName).toBe("lag-eqdc2-member-1");
    expect(got.lagId).toBe(lag?.lagId);
    expect(got.connectionState).toBe("available");
    expect(got.awsDeviceV2).toMatch(/^EqDC2-[a-z0-9]{12,13}$/);
  });

  it("does not find a connection of another region by id", async () => {
    const euPrimary = await connectionNamed(netEu, "dx-eirdb1-primary");
    const refused = await refusal(
      net.send(new DescribeConnectionsCommand({ connectionId: euPrimary.connectionId! })),
    );
    expect(refused.message).toBe(`Could not find Connection with ID ${euPrimary.connectionId}`);
  });

  it("refuses an unknown well-formed id and a malformed one with the service's words", async () => {
    expect(
      await refusal(net.send(new DescribeConnectionsCommand({ connectionId: "dxcon-xxxxxxxx" }))),
    ).toMatchObject({
      name: "DirectConnectClientException",
      message: "Could not find Connection with ID dxcon-xxxxxxxx",
      status: 400,
    });
    expect(
      await refusal(net.send(new DescribeConnectionsCommand({ connectionId: "fake-connection" }))),
    ).toMatchObject({
      name: "DirectConnectClientException",
      message: "Connection ID fake-connection has an invalid format.",
      status: 400,
    });
  });

  it("walks every connection two at a time with nextToken", async () => {
    const everything = await allConnections(net);
    const seen: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const out = await net.send(
        new DescribeConnectionsCommand({ maxResults: 2, ...(nextToken ? { nextToken } : {}) }),
      );
      pages += 1;
      expect(out.connections?.length).toBeGreaterThan(0);
      expect(out.connections?.length).toBeLessThanOrEqual(2);
      seen.push(...(out.connections ?? []).map((c) => c.connectionId!));
      nextToken = out.nextToken;
    } while (nextToken && pages < 10);
    expect(pages).toBe(Math.ceil(everything.length / 2));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.sort()).toEqual(everything.map((c) => c.connectionId!).sort());
  });

  it("caps maxResults at 100", async () => {
    // us-west-2 starts empty: 101 new connections there make a list longer than one capped page.
    const west = h.client("network", "us-west-2");
    for (let i = 0; i < 101; i += 1) {
      await west.send(
        new CreateConnectionCommand({
          location: "EqSE2",
          bandwidth: "1Gbps",
          connectionName: `bulk-${i}`,
        }),
      );
    }
    const first = await west.send(new DescribeConnectionsCommand({ maxResults: 500 }));
    expect(first.connections).toHaveLength(100);
    expect(first.nextToken).toBeTruthy();
    const second = await west.send(
      new DescribeConnectionsCommand({ maxResults: 500, nextToken: first.nextToken! }),
    );
    expect(second.connections).toHaveLength(1);
    expect(second.nextToken).toBeUndefined();
    const ids = [...first.connections!, ...second.connections!].map((c) => c.connectionId);
    expect(new Set(ids).size).toBe(101);
  });
});

describe("CreateConnection", () => {
  it("creates a dedicated connection that goes requested -> pending -> available", async () => {
    const created = await net.send(
      new CreateConnectionCommand({
        location: "CSVA1",
        bandwidth: "10Gbps",
        connectionName: "new-dc",
        tags: [{ key: "team", value: "net" }],
      }),
    );
    expect(created).toMatchObject({
      connectionName: "new-dc",
      connectionState: "requested",
      location: "CSVA1",
      bandwidth: "10Gbps",
      region: "us-east-1",
      ownerAccount: NETWORK.accountId,
      tags: [{ key: "team", value: "net" }],
    });
    expect(created.connectionId).toMatch(/^dxcon-[a-z0-9]{8}$/);
    expect(created.awsDeviceV2).toMatch(/^CSVA1-[a-z0-9]{12,13}$/);
    expect((await allConnections(net)).map((c) => c.connectionId)).toContain(created.connectionId);

    await h.advance(1);
    expect((await connectionById(net, created.connectionId!)).connectionState).toBe("pending");
    await h.advance(1);
    expect((await connectionById(net, created.connectionId!)).connectionState).toBe("available");
    // Regional: the new connection is not in eu-west-1.
    expect((await allConnections(netEu)).map((c) => c.connectionId)).not.toContain(
      created.connectionId,
    );
  });

  it("refuses an unknown location or an unavailable bandwidth and creates nothing", async () => {
    const before = await allConnections(net);
    // EqSV5 is a real location, but in us-west-1, not in the caller's region.
    const badLocation = await refusal(
      net.send(
        new CreateConnectionCommand({ location: "EqSV5", bandwidth: "1Gbps", connectionName: "x" }),
      ),
    );
    expect(badLocation.name).toBe("DirectConnectClientException");
    expect(badLocation.message).toContain("EqSV5");
    const badBandwidth = await refusal(
      net.send(
        new CreateConnectionCommand({ location: "EqDC2", bandwidth: "3Gbps", connectionName: "y" }),
      ),
    );
    expect(badBandwidth.name).toBe("DirectConnectClientException");
    expect(badBandwidth.message).toContain("3Gbps");
    expect(await allConnections(net)).toEqual(before);
  });

  it("refuses more than 50 tags at creation and creates nothing", async () => {
    const before = await allConnections(net);
    const tags = Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, value: "v" }));
    const refused = await refusal(
      net.send(
        new CreateConnectionCommand({
          location: "EqDC2",
          bandwidth: "1Gbps",
          connectionName: "tagged",
          tags,
        }),
      ),
    );
    expect(refused.name).toBe("TooManyTagsException");
    expect(await allConnections(net)).toEqual(before);
  });
});

describe("DeleteConnection", () => {
  it("refuses to delete a connection that still has virtual interfaces", async () => {
    const primary = await connectionNamed(net, "dx-eqdc2-primary");
    const refused = await refusal(
      net.send(new DeleteConnectionCommand({ connectionId: primary.connectionId! })),
    );
    expect(refused.name).toBe("DirectConnectClientException");
    expect(refused.message).toContain(primary.connectionId!);
    expect((await connectionById(net, primary.connectionId!)).connectionState).toBe("available");
  });

  it("deletes a fresh connection: deleting, then deleted", async () => {
    const created = await net.send(
      new CreateConnectionCommand({
        location: "EqDC2",
        bandwidth: "1Gbps",
        connectionName: "short-lived",
      }),
    );
    await h.advance(2);
    const deleting = await net.send(
      new DeleteConnectionCommand({ connectionId: created.connectionId! }),
    );
    expect(deleting.connectionState).toBe("deleting");
    expect((await connectionById(net, created.connectionId!)).connectionState).toBe("deleting");
    await h.advance(1);
    expect((await connectionById(net, created.connectionId!)).connectionState).toBe("deleted");
    // Nothing else moved.
    expect((await connectionNamed(net, "dx-eqdc2-primary")).connectionState).toBe("available");
  });

  it("refuses another account's connection and an unknown one", async () => {
    const primary = await connectionNamed(net, "dx-eqdc2-primary");
    const refused = await refusal(
      wl.send(new DeleteConnectionCommand({ connectionId: primary.connectionId! })),
    );
    expect(refused.message).toBe(`Could not find Connection with ID ${primary.connectionId}`);
    expect(
      (await refusal(net.send(new DeleteConnectionCommand({ connectionId: "dxcon-xxxxxxxx" }))))
        .message,
    ).toBe("Could not find Connection with ID dxcon-xxxxxxxx");
  });
});

describe("ConfirmConnection and UpdateConnection", () => {
  it("refuses to confirm a connection that is not ordering, naming its state", async () => {
    const primary = await connectionNamed(net, "dx-eqdc2-primary");
    const refused = await refusal(
      net.send(new ConfirmConnectionCommand({ connectionId: primary.connectionId! })),
    );
    expect(refused).toMatchObject({
      name: "DirectConnectClientException",
      message: `ConfirmConnection failed. ${primary.connectionId} is in state available`,
    });
    const created = await net.send(
      new CreateConnectionCommand({ location: "EqDC2", bandwidth: "1Gbps", connectionName: "new" }),
    );
    expect(
      (
        await refusal(
          net.send(new ConfirmConnectionCommand({ connectionId: created.connectionId! })),
        )
      ).message,
    ).toBe(`ConfirmConnection failed. ${created.connectionId} is in state requested`);
    expect((await connectionById(net, created.connectionId!)).connectionState).toBe("requested");
  });

  it("accepts a partner's hosted connection: ordering, then pending, then available; once only", async () => {
    const ordered = await connectionNamed(net, "hosted-csva1-equinix");
    expect(ordered).toMatchObject({
      connectionState: "ordering",
      partnerName: "Equinix",
      vlan: 330,
      bandwidth: "200Mbps",
    });
    const out = await net.send(
      new ConfirmConnectionCommand({ connectionId: ordered.connectionId! }),
    );
    expect(out.connectionState).toBe("pending");
    expect((await connectionById(net, ordered.connectionId!)).connectionState).toBe("pending");
    expect(
      (
        await refusal(
          net.send(new ConfirmConnectionCommand({ connectionId: ordered.connectionId! })),
        )
      ).message,
    ).toBe(`ConfirmConnection failed. ${ordered.connectionId} is in state pending`);
    await h.advance();
    expect((await connectionById(net, ordered.connectionId!)).connectionState).toBe("available");
  });

  it("declines a hosted connection still ordering: deleting it makes it rejected, and it cannot be accepted after", async () => {
    const ordered = await connectionNamed(net, "hosted-csva1-equinix");
    const out = await net.send(
      new DeleteConnectionCommand({ connectionId: ordered.connectionId! }),
    );
    expect(out.connectionState).toBe("rejected");
    expect(
      (
        await refusal(
          net.send(new ConfirmConnectionCommand({ connectionId: ordered.connectionId! })),
        )
      ).message,
    ).toBe(`ConfirmConnection failed. ${ordered.connectionId} is in state rejected`);
  });

  it("refuses an interface on a hosted connection not yet accepted", async () => {
    const ordered = await connectionNamed(net, "hosted-csva1-equinix");
    const refused = await refusal(
      net.send(
        new CreatePrivateVirtualInterfaceCommand({
          connectionId: ordered.connectionId!,
          newPrivateVirtualInterface: { virtualInterfaceName: "early", vlan: 330, asn: 65010 },
        }),
      ),
    );
    expect(refused.message).toBe(`${ordered.connectionId} is in state ordering`);
  });

  it("renames a connection", async () => {
    const primary = await connectionNamed(net, "dx-eqdc2-primary");
    const out = await net.send(
      new UpdateConnectionCommand({
        connectionId: primary.connectionId!,
        connectionName: "renamed-primary",
      }),
    );
    expect(out.connectionName).toBe("renamed-primary");
    expect((await connectionById(net, primary.connectionId!)).connectionName).toBe(
      "renamed-primary",
    );
    // Workload cannot rename it.
    const refused = await refusal(
      wl.send(
        new UpdateConnectionCommand({
          connectionId: primary.connectionId!,
          connectionName: "hijacked",
        }),
      ),
    );
    expect(refused.name).toBe("DirectConnectClientException");
    expect((await connectionById(net, primary.connectionId!)).connectionName).toBe(
      "renamed-primary",
    );
  });
});

describe("LAGs", () => {
  it("describes the seeded LAG with its members, per region and per account", async () => {
    const us = (await net.send(new DescribeLagsCommand({}))).lags ?? [];
    const eu = (await netEu.send(new DescribeLagsCommand({}))).lags ?? [];
    expect(us.map((l) => l.lagName)).toEqual(["lag-eqdc2"]);
    expect(eu.map((l) => l.lagName)).toEqual(["lag-eirdb1"]);
    const lag = us[0]!;
    expect(lag).toMatchObject({
      numberOfConnections: 2,
      location: "EqDC2",
      region: "us-east-1",
      lagState: "available",
      ownerAccount: NETWORK.accountId,
    });
    expect(lag.lagId).toMatch(/^dxlag-[a-z0-9]{8}$/);
    expect(lag.connections?.map((c) => c.connectionName).sort()).toEqual([
      "lag-eqdc2-member-1",
      "lag-eqdc2-member-2",
    ]);
    expect(lag.connections?.every((c) => c.lagId === lag.lagId)).toBe(true);
    expect((await wl.send(new DescribeLagsCommand({}))).lags).toEqual([]);

    const byId = await net.send(new DescribeLagsCommand({ lagId: lag.lagId! }));
    expect(byId.lags?.map((l) => l.lagId)).toEqual([lag.lagId]);
    // Regional: the us-east-1 LAG is not found from eu-west-1.
    expect(
      (await refusal(netEu.send(new DescribeLagsCommand({ lagId: lag.lagId! })))).message,
    ).toBe(`Could not find Lag with ID ${lag.lagId}`);
  });

  it("refuses an unknown LAG and a malformed LAG id", async () => {
    expect(
      await refusal(net.send(new DescribeLagsCommand({ lagId: "dxlag-xxxxxxxx" }))),
    ).toMatchObject({
      name: "DirectConnectClientException",
      message: "Could not find Lag with ID dxlag-xxxxxxxx",
    });
    expect((await refusal(net.send(new DescribeLagsCommand({ lagId: "fake-lag" })))).message).toBe(
      "Lag ID fake-lag has an invalid format.",
    );
  });

  it("creates a LAG with new member connections that come up with it", async () => {
    const lag = await net.send(
      new CreateLagCommand({
        numberOfConnections: 2,
        location: "CSVA1",
        connectionsBandwidth: "10Gbps",
        lagName: "new-lag",
      }),
    );
    expect(lag).toMatchObject({
      lagName: "new-lag",
      numberOfConnections: 2,
      location: "CSVA1",
      region: "us-east-1",
      lagState: "requested",
    });
    expect(lag.connections).toHaveLength(2);
    const memberIds = lag.connections!.map((c) => c.connectionId!);
    expect(
      lag.connections!.every(
        (c) =>
          c.lagId === lag.lagId && c.connectionState === "requested" && c.bandwidth === "10Gbps",
      ),
    ).toBe(true);
    // The members are connections of the caller like any other.
    const listed = await allConnections(net);
    expect(
      listed
        .filter((c) => c.lagId === lag.lagId)
        .map((c) => c.connectionId)
        .sort(),
    ).toEqual([...memberIds].sort());

    await h.advance(2);
    const after = (await net.send(new DescribeLagsCommand({ lagId: lag.lagId! }))).lags?.[0];
    expect(after?.lagState).toBe("available");
    expect(after?.connections?.every((c) => c.connectionState === "available")).toBe(true);
  });

  it("counts an existing connection among numberOfConnections when it builds a LAG around it", async () => {
    const existing = await net.send(
      new CreateConnectionCommand({
        location: "CSVA1",
        bandwidth: "1Gbps",
        connectionName: "VAConn1",
      }),
    );
    const lag = await net.send(
      new CreateLagCommand({
        numberOfConnections: 2,
        location: "CSVA1",
        connectionsBandwidth: "1Gbps",
        lagName: "2ConnLAG",
        connectionId: existing.connectionId!,
      }),
    );
    // As in the AWS CLI's create-lag example: 2 connections, the existing one and one new.
    expect(lag.numberOfConnections).toBe(2);
    expect(lag.connections).toHaveLength(2);
    expect(lag.connections?.map((c) => c.connectionId)).toContain(existing.connectionId);
    expect((await allConnections(net)).filter((c) => c.lagId === lag.lagId)).toHaveLength(2);
    expect((await connectionById(net, existing.connectionId!)).lagId).toBe(lag.lagId);
  });

  it("adds a connection to a LAG with lagId, up to four members", async () => {
    const lag = (await net.send(new DescribeLagsCommand({}))).lags![0]!; // lag-eqdc2: 2 x 10Gbps at EqDC2
    const mismatch = await refusal(
      net.send(
        new CreateConnectionCommand({
          location: "EqDC2",
          bandwidth: "1Gbps",
          connectionName: "wrong-speed",
          lagId: lag.lagId!,
        }),
      ),
    );
    expect(mismatch.name).toBe("DirectConnectClientException");
    for (const name of ["member-3", "member-4"]) {
      const added = await net.send(
        new CreateConnectionCommand({
          location: "EqDC2",
          bandwidth: "10Gbps",
          connectionName: name,
          lagId: lag.lagId!,
        }),
      );
      expect(added.lagId).toBe(lag.lagId);
    }
    const before = await allConnections(net);
    const refused = await refusal(
      net.send(
        new CreateConnectionCommand({
          location: "EqDC2",
          bandwidth: "10Gbps",
          connectionName: "member-5",
          lagId: lag.lagId!,
        }),
      ),
    );
    expect(refused.name).toBe("DirectConnectClientException");
    expect(await allConnections(net)).toEqual(before);
    expect(
      (await net.send(new DescribeLagsCommand({ lagId: lag.lagId! }))).lags?.[0]
        ?.numberOfConnections,
    ).toBe(4);
  });

  it("refuses a LAG of more than four connections, or more than two at 100Gbps", async () => {
    const before = (await net.send(new DescribeLagsCommand({}))).lags?.length;
    for (const [numberOfConnections, connectionsBandwidth] of [
      [5, "10Gbps"],
      [3, "100Gbps"],
    ] as const) {
      const refused = await refusal(
        net.send(
          new CreateLagCommand({
            numberOfConnections,
            location: "EqDC2",
            connectionsBandwidth,
            lagName: "too-big",
          }),
        ),
      );
      expect(refused.name).toBe("DirectConnectClientException");
    }
    expect((await net.send(new DescribeLagsCommand({}))).lags?.length).toBe(before);
    const ok = await net.send(
      new CreateLagCommand({
        numberOfConnections: 2,
        location: "EqDC2",
        connectionsBandwidth: "100Gbps",
        lagName: "fat",
      }),
    );
    expect(ok.numberOfConnections).toBe(2);
  });

  it("allows 10 LAGs per account per region and refuses the 11th without creating it", async () => {
    // The seed already holds one LAG per region for network.
    for (let i = 2; i <= 10; i += 1) {
      await net.send(
        new CreateLagCommand({
          numberOfConnections: 1,
          location: "EqDC2",
          connectionsBandwidth: "1Gbps",
          lagName: `lag-${i}`,
        }),
      );
    }
    expect((await net.send(new DescribeLagsCommand({}))).lags).toHaveLength(10);
    const connectionsBefore = await allConnections(net);
    const refused = await refusal(
      net.send(
        new CreateLagCommand({
          numberOfConnections: 1,
          location: "EqDC2",
          connectionsBandwidth: "1Gbps",
          lagName: "lag-11",
        }),
      ),
    );
    expect(refused.name).toBe("DirectConnectClientException");
    expect(refused.message).toMatch(/limit/i);
    expect((await net.send(new DescribeLagsCommand({}))).lags).toHaveLength(10);
    expect(await allConnections(net)).toEqual(connectionsBefore);
    // The quota is per region and per account.
    await netEu.send(
      new CreateLagCommand({
        numberOfConnections: 1,
        location: "TCDUB",
        connectionsBandwidth: "1Gbps",
        lagName: "eu-lag",
      }),
    );
    await wl.send(
      new CreateLagCommand({
        numberOfConnections: 1,
        location: "EqDC2",
        connectionsBandwidth: "1Gbps",
        lagName: "wl-lag",
      }),
    );
    expect((await wl.send(new DescribeLagsCommand({}))).lags?.map((l) => l.lagName)).toEqual([
      "wl-lag",
    ]);
  });

  it("bounds minimumLinks by the LAG's number of connections", async () => {
    const lag = (await net.send(new DescribeLagsCommand({}))).lags![0]!;
    const ok = await net.send(
      new UpdateLagCommand({ lagId: lag.lagId!, minimumLinks: 2, lagName: "lag-renamed" }),
    );
    expect(ok).toMatchObject({ minimumLinks: 2, lagName: "lag-renamed" });
    for (const minimumLinks of [3, -1]) {
      const refused = await refusal(
        net.send(new UpdateLagCommand({ lagId: lag.lagId!, minimumLinks })),
      );
      expect(refused.name).toBe("DirectConnectClientException");
    }
    const after = (await net.send(new DescribeLagsCommand({ lagId: lag.lagId! }))).lags?.[0];
    expect(after).toMatchObject({ minimumLinks: 2, lagName: "lag-renamed" });
  });

  it("refuses to delete the seeded LAG, which carries interfaces", async () => {
    const lag = (await net.send(new DescribeLagsCommand({}))).lags![0]!;
    const refused = await refusal(net.send(new DeleteLagCommand({ lagId: lag.lagId! })));
    expect(refused.name).toBe("DirectConnectClientException");
    expect(refused.message).toContain(lag.lagId!);
    const after = (await net.send(new DescribeLagsCommand({ lagId: lag.lagId! }))).lags?.[0];
    expect(after?.lagState).toBe("available");
    expect(after?.connections?.every((c) => c.connectionState === "available")).toBe(true);
  });

  it("deletes a new LAG and its member connections", async () => {
    const lag = await net.send(
      new CreateLagCommand({
        numberOfConnections: 2,
        location: "EqDC2",
        connectionsBandwidth: "1Gbps",
        lagName: "temp-lag",
      }),
    );
    await h.advance(2);
    const deleting = await net.send(new DeleteLagCommand({ lagId: lag.lagId! }));
    expect(deleting.lagState).toBe("deleting");
    await h.advance(1);
    const after = (await net.send(new DescribeLagsCommand({ lagId: lag.lagId! }))).lags?.[0];
    expect(after?.lagState).toBe("deleted");
    const members = (await allConnections(net)).filter((c) => c.lagId === lag.lagId);
    expect(members).toHaveLength(2);
    expect(members.every((c) => c.connectionState === "deleted")).toBe(true);
    // As in the CLI's delete-lag example, a deleted LAG has no connections left.
    expect(after?.numberOfConnections).toBe(0);
    expect(after?.connections).toEqual([]);
    // Deleted LAGs and connections are listed for about 15 minutes, like deleted interfaces, then forgotten.
    await h.advance(16);
    expect((await net.send(new DescribeLagsCommand({}))).lags?.map((l) => l.lagId)).not.toContain(
      lag.lagId,
    );
    expect((await allConnections(net)).filter((c) => c.lagId === lag.lagId)).toHaveLength(0);
  });
});

describe("locations, virtual gateways, hosted connections", () => {
  it("lists the locations of the caller's region", async () => {
    const us = (await net.send(new DescribeLocationsCommand({}))).locations ?? [];
    const eu = (await netEu.send(new DescribeLocationsCommand({}))).locations ?? [];
    expect(us.map((l) => l.locationCode)).toEqual(expect.arrayContaining(["EqDC2", "CSVA1"]));
    expect(eu.map((l) => l.locationCode)).toEqual(expect.arrayContaining(["EirDB1", "TCDUB"]));
    expect(us.every((l) => l.region === "us-east-1" && (l.locationName ?? "") !== "")).toBe(true);
    expect(eu.every((l) => l.region === "eu-west-1")).toBe(true);
    const euCodes = new Set(eu.map((l) => l.locationCode));
    expect(us.some((l) => euCodes.has(l.locationCode))).toBe(false);
    expect(us.find((l) => l.locationCode === "EqDC2")?.availablePortSpeeds).toContain("10Gbps");
  });

  it("lists the caller's virtual private gateways in its region only", async () => {
    const netUs = (await net.send(new DescribeVirtualGatewaysCommand({}))).virtualGateways ?? [];
    const wlUs = (await wl.send(new DescribeVirtualGatewaysCommand({}))).virtualGateways ?? [];
    const wlEuList =
      (await wlEu.send(new DescribeVirtualGatewaysCommand({}))).virtualGateways ?? [];
    expect(netUs).toHaveLength(1);
    expect(wlUs).toHaveLength(2);
    expect(wlEuList).toHaveLength(2);
    for (const g of [...netUs, ...wlUs, ...wlEuList]) {
      expect(g.virtualGatewayId).toMatch(/^vgw-([0-9a-f]{8}|[0-9a-f]{17})$/);
      expect(g.virtualGatewayState).toBe("available");
    }
    const ids = (list: typeof netUs) => new Set(list.map((g) => g.virtualGatewayId));
    expect([...ids(netUs)].some((id) => ids(wlUs).has(id))).toBe(false);
    expect([...ids(wlUs)].some((id) => ids(wlEuList).has(id))).toBe(false);
  });

  it("lists no hosted connections on a dedicated connection and refuses another account's", async () => {
    const primary = await connectionNamed(net, "dx-eqdc2-primary");
    const out = await net.send(
      new DescribeHostedConnectionsCommand({ connectionId: primary.connectionId! }),
    );
    expect(out.connections).toEqual([]);
    expect(
      (
        await refusal(
          wl.send(new DescribeHostedConnectionsCommand({ connectionId: primary.connectionId! })),
        )
      ).message,
    ).toBe(`Could not find Connection with ID ${primary.connectionId}`);
    expect(
      (
        await refusal(
          net.send(new DescribeHostedConnectionsCommand({ connectionId: "fake-connection" })),
        )
      ).message,
    ).toBe("Connection ID fake-connection has an invalid format.");
  });
});

describe("tags on a connection", () => {
  it("tags, describes and untags a connection by its ARN", async () => {
    const primary = await connectionNamed(net, "dx-eqdc2-primary");
    const arn = connectionArn(primary);
    expect(arn).toBe(
      `arn:aws:directconnect:us-east-1:${NETWORK.accountId}:dxcon/${primary.connectionId}`,
    );
    await net.send(
      new TagResourceCommand({
        resourceArn: arn,
        tags: [
          { key: "env", value: "prod" },
          { key: "owner", value: "netops" },
        ],
      }),
    );
    const described = await net.send(new DescribeTagsCommand({ resourceArns: [arn] }));
    expect(described.resourceTags).toEqual([
      {
        resourceArn: arn,
        tags: [
          { key: "env", value: "prod" },
          { key: "owner", value: "netops" },
        ],
      },
    ]);
    // The connection itself carries them.
    expect((await connectionById(net, primary.connectionId!)).tags).toEqual([
      { key: "env", value: "prod" },
      { key: "owner", value: "netops" },
    ]);
    // Tagging an existing key overwrites its value.
    await net.send(
      new TagResourceCommand({ resourceArn: arn, tags: [{ key: "env", value: "staging" }] }),
    );
    expect(await tagsOf(net, arn)).toEqual(
      expect.arrayContaining([
        { key: "env", value: "staging" },
        { key: "owner", value: "netops" },
      ]),
    );
    await net.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ["env"] }));
    expect(await tagsOf(net, arn)).toEqual([{ key: "owner", value: "netops" }]);
  });

  it("holds 50 tags and refuses the 51st with TooManyTagsException, changing nothing", async () => {
    const arn = connectionArn(await connectionNamed(net, "dx-eqdc2-primary"));
    const fifty = Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: `v${i}` }));
    await net.send(new TagResourceCommand({ resourceArn: arn, tags: fifty }));
    expect(await tagsOf(net, arn)).toHaveLength(50);
    const refused = await refusal(
      net.send(
        new TagResourceCommand({
          resourceArn: arn,
          tags: [
            { key: "k50", value: "x" },
            { key: "k0", value: "changed" },
          ],
        }),
      ),
    );
    expect(refused).toMatchObject({ name: "TooManyTagsException", status: 400 });
    const after = await tagsOf(net, arn);
    expect(after).toHaveLength(50);
    expect(after.find((t) => t.key === "k0")?.value).toBe("v0");
    expect(after.some((t) => t.key === "k50")).toBe(false);
    // Overwriting a key at the limit adds nothing, so it is allowed.
    await net.send(
      new TagResourceCommand({ resourceArn: arn, tags: [{ key: "k0", value: "changed" }] }),
    );
    expect((await tagsOf(net, arn)).find((t) => t.key === "k0")?.value).toBe("changed");
  });

  it("refuses duplicate keys with DuplicateTagKeysException, changing nothing", async () => {
    const arn = connectionArn(await connectionNamed(net, "dx-eqdc2-primary"));
    await net.send(
      new TagResourceCommand({ resourceArn: arn, tags: [{ key: "env", value: "prod" }] }),
    );
    const refused = await refusal(
      net.send(
        new TagResourceCommand({
          resourceArn: arn,
          tags: [
            { key: "team", value: "a" },
            { key: "team", value: "b" },
            { key: "env", value: "dev" },
          ],
        }),
      ),
    );
    expect(refused).toMatchObject({ name: "DuplicateTagKeysException", status: 400 });
    expect(await tagsOf(net, arn)).toEqual([{ key: "env", value: "prod" }]);
  });

  it("refuses another account's connection, and a connection under the wrong region in its ARN", async () => {
    const primary = await connectionNamed(net, "dx-eqdc2-primary");
    const arn = connectionArn(primary);
    await net.send(
      new TagResourceCommand({ resourceArn: arn, tags: [{ key: "env", value: "prod" }] }),
    );
    for (const call of [
      wl.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: "env", value: "pwned" }] })),
      wl.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ["env"] })),
      wl.send(new DescribeTagsCommand({ resourceArns: [arn] })),
    ]) {
      expect((await refusal(call)).name).toBe("DirectConnectClientException");
    }
    // The same id under workload's account in the ARN is not workload's resource either.
    const spoofed = `arn:aws:directconnect:us-east-1:${WORKLOAD.accountId}:dxcon/${primary.connectionId}`;
    expect(
      (
        await refusal(
          wl.send(
            new TagResourceCommand({
              resourceArn: spoofed,
              tags: [{ key: "env", value: "pwned" }],
            }),
          ),
        )
      ).name,
    ).toBe("DirectConnectClientException");
    const wrongRegion = `arn:aws:directconnect:eu-west-1:${NETWORK.accountId}:dxcon/${primary.connectionId}`;
    expect(
      (
        await refusal(
          net.send(
            new TagResourceCommand({
              resourceArn: wrongRegion,
              tags: [{ key: "env", value: "x" }],
            }),
          ),
        )
      ).name,
    ).toBe("DirectConnectClientException");
    expect(await tagsOf(net, arn)).toEqual([{ key: "env", value: "prod" }]);
    expect((await connectionById(net, primary.connectionId!)).tags).toEqual([
      { key: "env", value: "prod" },
    ]);
  });
});

describe("tags across regions", () => {
  it("tags a connection only through its own region's endpoint", async () => {
    const primary = await connectionNamed(net, "dx-eqdc2-primary");
    const refused = await refusal(
      netEu.send(
        new TagResourceCommand({
          resourceArn: connectionArn(primary),
          tags: [{ key: "team", value: "net" }],
        }),
      ),
    );
    expect(refused.message).toBe(`${connectionArn(primary)} does not exist`);
    expect((await connectionNamed(net, "dx-eqdc2-primary")).tags).toEqual(primary.tags);
  });
});
