/**
 * Virtual interfaces through the real SDK: create, allocate → confirm across two accounts, the rules
 * the service enforces (VLAN, ASN, MTU, addressing, limits, gateways, who may do what), deletion and
 * retention, regional isolation (failover tests: failover-tests.test.ts). Every refusal is checked to
 * change nothing.
 */
import {
  AllocatePrivateVirtualInterfaceCommand,
  AllocatePublicVirtualInterfaceCommand,
  AllocateTransitVirtualInterfaceCommand,
  ConfirmPrivateVirtualInterfaceCommand,
  ConfirmPublicVirtualInterfaceCommand,
  ConfirmTransitVirtualInterfaceCommand,
  type ConfirmTransitVirtualInterfaceCommandInput,
  CreatePrivateVirtualInterfaceCommand,
  CreatePublicVirtualInterfaceCommand,
  CreateTransitVirtualInterfaceCommand,
  DeleteVirtualInterfaceCommand,
  DescribeDirectConnectGatewaysCommand,
  DescribeVirtualGatewaysCommand,
  DescribeVirtualInterfacesCommand,
  DirectConnectClient,
  UpdateVirtualInterfaceAttributesCommand,
  type NewPrivateVirtualInterface,
} from "@aws-sdk/client-direct-connect";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connectionNamed, refusal, startHarness, vifNamed, type Harness } from "./harness";

let h: Harness;
let network: DirectConnectClient;
let workload: DirectConnectClient;
let primaryId: string;
let networkVgw: string;

beforeEach(async () => {
  h = await startHarness();
  network = h.client("network");
  workload = h.client("workload");
  primaryId = (await connectionNamed(network, "dx-eqdc2-primary")).connectionId!;
  networkVgw = (await network.send(new DescribeVirtualGatewaysCommand({}))).virtualGateways![0]!
    .virtualGatewayId!;
});
afterEach(() => h.close());

const snapshot = async (client: DirectConnectClient) =>
  JSON.stringify((await client.send(new DescribeVirtualInterfacesCommand({}))).virtualInterfaces);

/** Asserts that a refused call leaves both accounts' view of the region exactly as it was. */
async function refusedWithoutChange(call: () => Promise<unknown>, message: string | RegExp) {
  const before = [await snapshot(network), await snapshot(workload)];
  const error = await refusal(call());
  expect(error.name).toBe("DirectConnectClientException");
  expect(error.status).toBe(400);
  if (typeof message === "string") expect(error.message).toBe(message);
  else expect(error.message).toMatch(message);
  expect([await snapshot(network), await snapshot(workload)]).toEqual(before);
}

const privateVif = (
  over: Partial<NewPrivateVirtualInterface> = {},
): NewPrivateVirtualInterface => ({
  virtualInterfaceName: "new-private",
  vlan: 700,
  asn: 65500,
  virtualGatewayId: networkVgw,
  ...over,
});

const createPrivate = (over: Partial<NewPrivateVirtualInterface> = {}, connectionId = primaryId) =>
  network.send(
    new CreatePrivateVirtualInterfaceCommand({
      connectionId,
      newPrivateVirtualInterface: privateVif(over),
    }),
  );

describe("creating interfaces", () => {
  it("creates a private interface: pending, then available with its BGP session up", async () => {
    const vif = await createPrivate();
    expect(vif.virtualInterfaceState).toBe("pending");
    expect(vif.virtualInterfaceId).toMatch(/^dxvif-[a-z0-9]{8}$/);
    expect(vif.ownerAccount).toBe("111111111111");
    expect(vif.virtualGatewayId).toBe(networkVgw);
    expect(vif.directConnectGatewayId).toBe("");
    expect(vif.routeFilterPrefixes).toEqual([]);
    // Addresses omitted: a /30 from 169.254.0.0/16, amazon .1 and customer .2.
    const peer = vif.bgpPeers![0]!;
    expect(peer.amazonAddress).toMatch(/^169\.254\.\d+\.\d*[159]\/30$|^169\.254\.\d+\.\d+\/30$/);
    const [amazonIp] = peer.amazonAddress!.split("/");
    const [customerIp] = peer.customerAddress!.split("/");
    expect(Number(customerIp!.split(".")[3]) - Number(amazonIp!.split(".")[3])).toBe(1);
    expect(Number(amazonIp!.split(".")[3]) % 4).toBe(1);
    expect(peer.authKey).toMatch(/^0x[A-Za-z0-9._]{22}$/);
    expect(peer.bgpPeerId).toMatch(/^dxpeer-[a-z0-9]{8}$/);
    expect(peer.bgpStatus).toBe("down");
    expect(vif.customerRouterConfig).toContain(`<vlan>700</vlan>`);
    await h.advance();
    const after = await vifNamed(network, "new-private");
    expect(after.virtualInterfaceState).toBe("available");
    expect(after.bgpPeers![0]!.bgpPeerState).toBe("available");
    expect(after.bgpPeers![0]!.bgpStatus).toBe("up");
  });

  it("never hands out the same /30 twice in a region", async () => {
    const a = await createPrivate({ vlan: 701, virtualInterfaceName: "a" });
    const b = await createPrivate({ vlan: 702, virtualInterfaceName: "b" });
    const seeded = (
      await network.send(new DescribeVirtualInterfacesCommand({}))
    ).virtualInterfaces!.flatMap((v) => v.bgpPeers!.map((p) => p.amazonAddress));
    expect(a.amazonAddress).not.toBe(b.amazonAddress);
    expect(new Set(seeded).size).toBe(seeded.length);
  });

  it("creates a public interface: verifying, pending, then available", async () => {
    const vif = await network.send(
      new CreatePublicVirtualInterfaceCommand({
        connectionId: primaryId,
        newPublicVirtualInterface: {
          virtualInterfaceName: "pub",
          vlan: 710,
          asn: 65010,
          amazonAddress: "203.0.113.9/30",
          customerAddress: "203.0.113.10/30",
          routeFilterPrefixes: [{ cidr: "203.0.113.64/26" }],
        },
      }),
    );
    expect(vif.virtualInterfaceState).toBe("verifying");
    expect(vif.bgpPeers![0]!.bgpPeerState).toBe("verifying");
    expect(vif.routeFilterPrefixes).toEqual([{ cidr: "203.0.113.64/26" }]);
    await h.advance();
    expect((await vifNamed(network, "pub")).virtualInterfaceState).toBe("pending");
    await h.advance();
    expect((await vifNamed(network, "pub")).virtualInterfaceState).toBe("available");
  });

  it.each([
    [
      { amazonAddress: "10.0.0.1/30", customerAddress: "10.0.0.2/30" },
      "Amazon Address is not allowed to contain a private IP",
    ],
    [
      { amazonAddress: "203.0.113.1/30", customerAddress: "203.0.113.6/30" },
      "Amazon Address and Customer Address must be in the same CIDR",
    ],
    [
      { amazonAddress: "203.0.113.0/30", customerAddress: "203.0.113.2/30" },
      "Amazon Address is address 0 on its subnet.",
    ],
    [
      { amazonAddress: "203.0.113.3/30", customerAddress: "203.0.113.2/30" },
      "Amazon Address is the broadcast address on its subnet.",
    ],
    [{}, /Amazon Address and Customer Address are required/],
  ])("refuses public addressing %j", async (addresses, message) => {
    await refusedWithoutChange(
      () =>
        network.send(
          new CreatePublicVirtualInterfaceCommand({
            connectionId: primaryId,
            newPublicVirtualInterface: {
              virtualInterfaceName: "pub",
              vlan: 711,
              asn: 65010,
              routeFilterPrefixes: [{ cidr: "203.0.113.64/26" }],
              ...addresses,
            },
          }),
        ),
      message,
    );
  });

  it("requires a route-filter prefix on a public interface and refuses a public ASN that is not allow-listed", async () => {
    const base = {
      virtualInterfaceName: "pub",
      vlan: 712,
      amazonAddress: "203.0.113.9/30",
      customerAddress: "203.0.113.10/30",
    };
    await refusedWithoutChange(
      () =>
        network.send(
          new CreatePublicVirtualInterfaceCommand({
            connectionId: primaryId,
            newPublicVirtualInterface: { ...base, asn: 65010 },
          }),
        ),
      /At least one route filter prefix is required/,
    );
    await refusedWithoutChange(
      () =>
        network.send(
          new CreatePublicVirtualInterfaceCommand({
            connectionId: primaryId,
            newPublicVirtualInterface: {
              ...base,
              asn: 16509,
              routeFilterPrefixes: [{ cidr: "203.0.113.64/26" }],
            },
          }),
        ),
      /ASN 16509 is a public ASN that is not allow-listed/,
    );
  });

  it("creates a transit interface on a Direct Connect gateway, and requires one", async () => {
    const gateways = (await network.send(new DescribeDirectConnectGatewaysCommand({})))
      .directConnectGateways!;
    const transitGw = gateways.find((g) => g.directConnectGatewayName === "network-transit-dxgw")!;
    const vif = await network.send(
      new CreateTransitVirtualInterfaceCommand({
        connectionId: primaryId,
        newTransitVirtualInterface: {
          virtualInterfaceName: "tvif",
          vlan: 720,
          asn: 65020,
          mtu: 8500,
          directConnectGatewayId: transitGw.directConnectGatewayId,
        },
      }),
    );
    expect(vif.virtualInterface?.virtualInterfaceType).toBe("transit");
    expect(vif.virtualInterface?.mtu).toBe(8500);
    expect(vif.virtualInterface?.amazonSideAsn).toBe(transitGw.amazonSideAsn);
    await refusedWithoutChange(
      () =>
        network.send(
          new CreateTransitVirtualInterfaceCommand({
            connectionId: primaryId,
            newTransitVirtualInterface: { virtualInterfaceName: "t2", vlan: 721, asn: 65020 },
          }),
        ),
      /Direct Connect gateway ID \(directConnectGatewayId\) is required/,
    );
  });

  it("requires exactly one gateway on a private interface", async () => {
    await refusedWithoutChange(
      () => createPrivate({ virtualGatewayId: undefined }),
      /Either a virtual private gateway ID or a Direct Connect gateway ID is required/,
    );
    const dxgw = (await network.send(new DescribeDirectConnectGatewaysCommand({})))
      .directConnectGateways![0]!.directConnectGatewayId!;
    await refusedWithoutChange(
      () => createPrivate({ directConnectGatewayId: dxgw }),
      /either a virtual private gateway or a Direct Connect gateway, not both/,
    );
    await refusedWithoutChange(
      () => createPrivate({ virtualGatewayId: "vgw-0badc0de" }),
      "vgw-0badc0de does not exist",
    );
  });
});

describe("rules", () => {
  it.each([0, 4095, 70000])("refuses VLAN %i", async (vlan) => {
    await refusedWithoutChange(
      () => createPrivate({ vlan }),
      `VLAN ${vlan} is not valid. The valid range is 1 to 4094.`,
    );
  });

  it("refuses a VLAN already used on the connection, and allows it on another", async () => {
    await refusedWithoutChange(
      () => createPrivate({ vlan: 101 }),
      `VLAN 101 is already in use on ${primaryId}. Choose a different VLAN.`,
    );
    const secondary = (await connectionNamed(network, "dx-csva1-secondary")).connectionId!;
    await expect(createPrivate({ vlan: 101 }, secondary)).resolves.toMatchObject({ vlan: 101 });
  });

  it("shares the VLAN space of a LAG with its interfaces", async () => {
    const lagVif = await vifNamed(network, "lag-private");
    await refusedWithoutChange(
      () => createPrivate({ vlan: lagVif.vlan }, lagVif.connectionId),
      /already in use/,
    );
  });

  it("allows one interface on a hosted connection, on the VLAN the partner fixed", async () => {
    const hosted = await connectionNamed(network, "hosted-csva1-megaport");
    await refusedWithoutChange(
      () => createPrivate({ vlan: hosted.vlan }, hosted.connectionId),
      /already has the maximum of 1 virtual interface\./,
    );
    await refusedWithoutChange(
      () => createPrivate({ vlan: 999 }, hosted.connectionId),
      /does not match VLAN \d+, which the partner assigned/,
    );
  });

  it("allows 51 interfaces on a dedicated connection, at most 4 transit", async () => {
    const gateways = (await network.send(new DescribeDirectConnectGatewaysCommand({})))
      .directConnectGateways!;
    const transitGw = gateways.find(
      (g) => g.directConnectGatewayName === "network-transit-dxgw",
    )!.directConnectGatewayId!;
    const transit = (vlan: number) =>
      network.send(
        new CreateTransitVirtualInterfaceCommand({
          connectionId: primaryId,
          newTransitVirtualInterface: {
            virtualInterfaceName: `t${vlan}`,
            vlan,
            asn: 65020,
            directConnectGatewayId: transitGw,
          },
        }),
      );
    // The seed has one transit interface on this connection.
    for (const vlan of [801, 802, 803]) await transit(vlan);
    await refusedWithoutChange(() => transit(804), /maximum of 4 transit virtual interfaces/);
    const existing = (
      await network.send(new DescribeVirtualInterfacesCommand({ connectionId: primaryId }))
    ).virtualInterfaces!.length;
    for (let vlan = 1000; vlan < 1000 + 51 - existing; vlan += 1) {
      await network.send(
        new CreatePublicVirtualInterfaceCommand({
          connectionId: primaryId,
          newPublicVirtualInterface: {
            virtualInterfaceName: `p${vlan}`,
            vlan,
            asn: 65010,
            amazonAddress: "203.0.113.9/30",
            customerAddress: "203.0.113.10/30",
            routeFilterPrefixes: [{ cidr: "203.0.113.64/26" }],
          },
        }),
      );
    }
    await refusedWithoutChange(
      () => createPrivate({ vlan: 2000 }),
      /already has the maximum of 51 virtual interfaces/,
    );
  });

  it("takes asnLong over asn, and shows asn 0 for a 4-byte ASN", async () => {
    const vif = await createPrivate({ asn: 65000, asnLong: 4_200_000_001 });
    expect(vif.asnLong).toBe(4_200_000_001);
    expect(vif.asn).toBe(0);
    expect(vif.customerRouterConfig).toContain("<bgp_asn>4200000001</bgp_asn>");
  });

  it.each([
    [{ asn: 0 }, "ASN 0 is not valid. The valid range is 1 to 2147483646."],
    [{ asn: 2_147_483_647 }, "ASN 2147483647 is not valid. The valid range is 1 to 2147483646."],
    [
      { asn: undefined, asnLong: 4_294_967_295 },
      "ASN 4294967295 is not valid. The valid range is 1 to 4294967294.",
    ],
    [{ asn: undefined }, "An ASN (asn or asnLong) must be specified."],
  ])("refuses ASN %j", async (asn, message) => {
    await refusedWithoutChange(() => createPrivate(asn), message);
  });

  it("allows MTU 1500 or 9001 on private, needs a jumbo-capable connection, and refuses others", async () => {
    await expect(createPrivate({ mtu: 9001 })).resolves.toMatchObject({
      mtu: 9001,
      jumboFrameCapable: true,
    });
    await refusedWithoutChange(
      () => createPrivate({ vlan: 703, mtu: 8500 }),
      /MTU 8500 is not valid for a private virtual interface/,
    );
  });

  it.each(["short", "x".repeat(81)])("refuses an auth key of %s characters", async (authKey) => {
    await refusedWithoutChange(
      () => createPrivate({ authKey }),
      "BGP authentication key must be between 6 and 80 characters.",
    );
  });

  it("accepts customer IPv4 addresses in one subnet and refuses mismatched ones", async () => {
    const vif = await createPrivate({
      amazonAddress: "192.168.1.1/30",
      customerAddress: "192.168.1.2/30",
    });
    expect(vif.amazonAddress).toBe("192.168.1.1/30");
    await refusedWithoutChange(
      () =>
        createPrivate({
          vlan: 704,
          amazonAddress: "192.168.1.1/30",
          customerAddress: "192.168.2.2/30",
        }),
      "Amazon Address and Customer Address must be in the same CIDR",
    );
    await refusedWithoutChange(
      () => createPrivate({ vlan: 704, amazonAddress: "192.168.1.1/30" }),
      /must both be specified, or both omitted/,
    );
  });

  it("tells an unknown id from a malformed one", async () => {
    expect(
      (
        await network.send(
          new DescribeVirtualInterfacesCommand({ virtualInterfaceId: "dxvif-zzzzzzzz" }),
        )
      ).virtualInterfaces,
    ).toEqual([]);
    const malformed = await refusal(
      network.send(new DescribeVirtualInterfacesCommand({ virtualInterfaceId: "vif-1" })),
    );
    expect(malformed.message).toBe("Virtual interface ID vif-1 has an invalid format.");
    const unknown = await refusal(
      network.send(new DeleteVirtualInterfaceCommand({ virtualInterfaceId: "dxvif-zzzzzzzz" })),
    );
    expect(unknown.message).toBe("dxvif-zzzzzzzz does not exist");
    const badConnection = await refusal(createPrivate({}, "fake-connection"));
    expect(badConnection.message).toBe("Connection ID fake-connection has an invalid format.");
    const unknownConnection = await refusal(createPrivate({}, "dxcon-zzzzzzzz"));
    expect(unknownConnection.message).toBe("Could not find Connection with ID dxcon-zzzzzzzz");
  });
});

describe("allocate → confirm across two accounts", () => {
  const allocate = (vlan = 730) =>
    network.send(
      new AllocatePrivateVirtualInterfaceCommand({
        connectionId: primaryId,
        ownerAccount: "222222222222",
        newPrivateVirtualInterfaceAllocation: {
          virtualInterfaceName: "for-workload",
          vlan,
          asn: 65300,
        },
      }),
    );

  it("network allocates, both accounts see it confirming, workload confirms, it becomes available", async () => {
    const allocated = await allocate();
    expect(allocated.virtualInterfaceState).toBe("confirming");
    expect(allocated.ownerAccount).toBe("222222222222");
    expect(allocated.connectionId).toBe(primaryId);
    expect(allocated.virtualGatewayId).toBe("");
    expect(allocated.directConnectGatewayId).toBe("");
    const id = allocated.virtualInterfaceId!;
    const seenByWorkload = (
      await workload.send(new DescribeVirtualInterfacesCommand({ virtualInterfaceId: id }))
    ).virtualInterfaces!;
    expect(seenByWorkload).toHaveLength(1);
    expect(seenByWorkload[0]!.virtualInterfaceState).toBe("confirming");

    // Only the owner confirms.
    await refusedWithoutChange(
      () =>
        network.send(
          new ConfirmPrivateVirtualInterfaceCommand({
            virtualInterfaceId: id,
            virtualGatewayId: networkVgw,
          }),
        ),
      `Only the owner account 222222222222 of virtual interface ${id} can confirm it.`,
    );
    const workloadVgw = (await workload.send(new DescribeVirtualGatewaysCommand({})))
      .virtualGateways![0]!.virtualGatewayId!;
    const confirmed = await workload.send(
      new ConfirmPrivateVirtualInterfaceCommand({
        virtualInterfaceId: id,
        virtualGatewayId: workloadVgw,
      }),
    );
    expect(confirmed.virtualInterfaceState).toBe("pending");
    await h.advance();
    const after = (
      await network.send(new DescribeVirtualInterfacesCommand({ virtualInterfaceId: id }))
    ).virtualInterfaces![0]!;
    expect(after.virtualInterfaceState).toBe("available");
    expect(after.virtualGatewayId).toBe(workloadVgw);
    // Confirming twice is refused.
    await refusedWithoutChange(
      () =>
        workload.send(
          new ConfirmPrivateVirtualInterfaceCommand({
            virtualInterfaceId: id,
            virtualGatewayId: workloadVgw,
          }),
        ),
      /is in state available; only a confirming interface can be confirmed/,
    );
  });

  it("refuses allocation to the connection owner and by an account that does not own the connection", async () => {
    await refusedWithoutChange(
      () =>
        network.send(
          new AllocatePrivateVirtualInterfaceCommand({
            connectionId: primaryId,
            ownerAccount: "111111111111",
            newPrivateVirtualInterfaceAllocation: {
              virtualInterfaceName: "self",
              vlan: 731,
              asn: 65300,
            },
          }),
        ),
      "Cannot allocate VirtualInterface for the connection owner.",
    );
    await refusedWithoutChange(
      () =>
        workload.send(
          new AllocatePrivateVirtualInterfaceCommand({
            connectionId: primaryId,
            ownerAccount: "111111111111",
            newPrivateVirtualInterfaceAllocation: {
              virtualInterfaceName: "steal",
              vlan: 732,
              asn: 65300,
            },
          }),
        ),
      `Could not find Connection with ID ${primaryId}`,
    );
  });

  it("confirms a public interface to verifying and a transit one only with a Direct Connect gateway", async () => {
    const pub = await network.send(
      new AllocatePublicVirtualInterfaceCommand({
        connectionId: primaryId,
        ownerAccount: "222222222222",
        newPublicVirtualInterfaceAllocation: {
          virtualInterfaceName: "pub-for-workload",
          vlan: 733,
          asn: 65301,
          amazonAddress: "203.0.113.17/30",
          customerAddress: "203.0.113.18/30",
          routeFilterPrefixes: [{ cidr: "203.0.113.128/26" }],
        },
      }),
    );
    const confirmedPublic = await workload.send(
      new ConfirmPublicVirtualInterfaceCommand({ virtualInterfaceId: pub.virtualInterfaceId }),
    );
    expect(confirmedPublic.virtualInterfaceState).toBe("verifying");

    const transit = await network.send(
      new AllocateTransitVirtualInterfaceCommand({
        connectionId: primaryId,
        ownerAccount: "222222222222",
        newTransitVirtualInterfaceAllocation: {
          virtualInterfaceName: "transit-for-workload",
          vlan: 734,
          asn: 65302,
        },
      }),
    );
    const id = transit.virtualInterface!.virtualInterfaceId!;
    await refusedWithoutChange(
      // The SDK's types require a gateway; a raw call without one is what the service refuses.
      () =>
        workload.send(
          new ConfirmTransitVirtualInterfaceCommand({
            virtualInterfaceId: id,
          } as ConfirmTransitVirtualInterfaceCommandInput),
        ),
      "1 validation error detected: Value null at 'directConnectGatewayId' failed to satisfy constraint: Member must not be null",
    );
    const workloadGateways = (await workload.send(new DescribeDirectConnectGatewaysCommand({})))
      .directConnectGateways!;
    const transitGw = workloadGateways.find(
      (g) => g.directConnectGatewayName === "workload-transit-dxgw",
    )!;
    const ok = await workload.send(
      new ConfirmTransitVirtualInterfaceCommand({
        virtualInterfaceId: id,
        directConnectGatewayId: transitGw.directConnectGatewayId,
      }),
    );
    expect(ok.virtualInterfaceState).toBe("pending");
    await refusedWithoutChange(
      () =>
        workload.send(
          new ConfirmPrivateVirtualInterfaceCommand({
            virtualInterfaceId: pub.virtualInterfaceId,
            virtualGatewayId: "vgw-12345678",
          }),
        ),
      /is not a private virtual interface/,
    );
  });

  it("lets the allocator delete an allocated interface; deleting a confirming one rejects it", async () => {
    const allocated = await allocate(735);
    const deleted = await network.send(
      new DeleteVirtualInterfaceCommand({ virtualInterfaceId: allocated.virtualInterfaceId }),
    );
    expect(deleted.virtualInterfaceState).toBe("rejected");
    const seen = (
      await workload.send(
        new DescribeVirtualInterfacesCommand({ virtualInterfaceId: allocated.virtualInterfaceId }),
      )
    ).virtualInterfaces!;
    expect(seen[0]?.virtualInterfaceState).toBe("rejected");
  });
});

describe("deletion", () => {
  it("moves deleting → deleted, keeps a deleted interface listed for 15 minutes, then forgets it", async () => {
    const vif = await vifNamed(network, "lag-private");
    const out = await network.send(
      new DeleteVirtualInterfaceCommand({ virtualInterfaceId: vif.virtualInterfaceId }),
    );
    expect(out.virtualInterfaceState).toBe("deleting");
    await h.advance();
    expect((await vifNamed(network, "lag-private")).virtualInterfaceState).toBe("deleted");
    await h.advance(14);
    expect((await vifNamed(network, "lag-private")).virtualInterfaceState).toBe("deleted");
    await h.advance(2);
    await expect(vifNamed(network, "lag-private")).rejects.toThrow(
      /No interface named lag-private/,
    );
  });

  it("frees the VLAN of a deleted interface", async () => {
    const vif = await vifNamed(network, "prod-private");
    await network.send(
      new DeleteVirtualInterfaceCommand({ virtualInterfaceId: vif.virtualInterfaceId }),
    );
    await expect(createPrivate({ vlan: vif.vlan })).resolves.toMatchObject({ vlan: vif.vlan });
  });
});

describe("regions", () => {
  it("keeps each region's interfaces to itself", async () => {
    const eu = h.client("network", "eu-west-1");
    const us = (await network.send(new DescribeVirtualInterfacesCommand({}))).virtualInterfaces!;
    const euList = (await eu.send(new DescribeVirtualInterfacesCommand({}))).virtualInterfaces!;
    expect(us.every((v) => v.region === "us-east-1")).toBe(true);
    expect(euList.every((v) => v.region === "eu-west-1")).toBe(true);
    expect(euList.length).toBeGreaterThan(0);
    const usId = us[0]!.virtualInterfaceId!;
    expect(
      (await eu.send(new DescribeVirtualInterfacesCommand({ virtualInterfaceId: usId })))
        .virtualInterfaces,
    ).toEqual([]);
    const error = await refusal(
      eu.send(
        new CreatePrivateVirtualInterfaceCommand({
          connectionId: primaryId,
          newPrivateVirtualInterface: privateVif(),
        }),
      ),
    );
    expect(error.message).toBe(`Could not find Connection with ID ${primaryId}`);
  });
});

describe("attributes, router configuration, failover tests", () => {
  it("changes MTU (pending until applied) and name; only the owner may", async () => {
    const vif = await vifNamed(network, "lag-private");
    const out = await network.send(
      new UpdateVirtualInterfaceAttributesCommand({
        virtualInterfaceId: vif.virtualInterfaceId,
        mtu: 9001,
        virtualInterfaceName: "lag-private-jumbo",
      }),
    );
    expect(out.mtu).toBe(9001);
    expect(out.virtualInterfaceState).toBe("pending");
    expect(out.virtualInterfaceName).toBe("lag-private-jumbo");
    await h.advance();
    expect((await vifNamed(network, "lag-private-jumbo")).virtualInterfaceState).toBe("available");
    const shared = await vifNamed(workload, "workload-shared");
    await refusedWithoutChange(
      () =>
        network.send(
          new UpdateVirtualInterfaceAttributesCommand({
            virtualInterfaceId: shared.virtualInterfaceId,
            mtu: 9001,
          }),
        ),
      /Only the owner account 222222222222/,
    );
  });
});
