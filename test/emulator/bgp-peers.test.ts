/**
 * BGP peers through the real SDK: IPv6 auto-assignment, one peer per address family, the last peer,
 * deletion by id or by ASN + address, who may change peers, and sessions coming up once a peer is
 * available unless held down through the control API.
 */
import {
  CreateBGPPeerCommand,
  DeleteBGPPeerCommand,
  DescribeVirtualInterfacesCommand,
  type DirectConnectClient,
  type VirtualInterface,
} from "@aws-sdk/client-direct-connect";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { refusal, startHarness, vifNamed, type Harness } from "./harness";

let h: Harness;
let network: DirectConnectClient;
let workload: DirectConnectClient;
let lagPrivate: VirtualInterface;

beforeEach(async () => {
  h = await startHarness();
  network = h.client("network");
  workload = h.client("workload");
  lagPrivate = await vifNamed(network, "lag-private");
});
afterEach(() => h.close());

const state = async (client: DirectConnectClient) =>
  JSON.stringify((await client.send(new DescribeVirtualInterfacesCommand({}))).virtualInterfaces);

async function refusedWithoutChange(
  client: DirectConnectClient,
  call: () => Promise<unknown>,
  message: string | RegExp,
) {
  const before = await state(client);
  const error = await refusal(call());
  expect(error.name).toBe("DirectConnectClientException");
  if (typeof message === "string") expect(error.message).toBe(message);
  else expect(error.message).toMatch(message);
  expect(await state(client)).toBe(before);
}

const addIpv6 = (client = network, virtualInterfaceId = lagPrivate.virtualInterfaceId) =>
  client.send(
    new CreateBGPPeerCommand({
      virtualInterfaceId,
      newBGPPeer: { asn: 64600, addressFamily: "ipv6" },
    }),
  );

describe("adding peers", () => {
  it("adds an IPv6 peer with AWS-assigned /125 addresses; it becomes available and its session comes up", async () => {
    const out = await addIpv6();
    const peer = out.virtualInterface!.bgpPeers!.find((p) => p.addressFamily === "ipv6")!;
    expect(peer.bgpPeerState).toBe("pending");
    expect(peer.bgpStatus).toBe("down");
    expect(peer.amazonAddress).toMatch(/^[0-9a-f:]+\/125$/);
    expect(peer.customerAddress).toMatch(/^[0-9a-f:]+\/125$/);
    const last = (address: string) => parseInt(address.split("/")[0]!.split(":").at(-1)!, 16);
    expect(last(peer.customerAddress!)).toBe(last(peer.amazonAddress!) + 1);
    expect(peer.authKey).toMatch(/^0x[A-Za-z0-9._]{22}$/);
    // Each peer has its own key; the interface-level fields mirror the first peer.
    const first = out.virtualInterface!.bgpPeers![0]!;
    expect(peer.authKey).not.toBe(first.authKey);
    expect(out.virtualInterface!.authKey).toBe(first.authKey);
    expect(out.virtualInterface!.addressFamily).toBe("ipv4");
    expect(out.virtualInterface!.customerRouterConfig).toContain(
      `<ipv6_bgp_asn>64600</ipv6_bgp_asn>`,
    );

    await h.advance();
    const after = (await vifNamed(network, "lag-private")).bgpPeers!.find(
      (p) => p.addressFamily === "ipv6",
    )!;
    expect(after.bgpPeerState).toBe("available");
    expect(after.bgpStatus).toBe("up");
  });

  it("assigns distinct IPv6 blocks to different interfaces", async () => {
    const a = await addIpv6();
    const other = await vifNamed(network, "backup-private");
    const b = await addIpv6(network, other.virtualInterfaceId);
    const v6 = (v: VirtualInterface | undefined) =>
      v!.bgpPeers!.find((p) => p.addressFamily === "ipv6")!.amazonAddress;
    expect(v6(a.virtualInterface)).not.toBe(v6(b.virtualInterface));
  });

  it("refuses IPv6 addresses from the customer", async () => {
    await refusedWithoutChange(
      network,
      () =>
        network.send(
          new CreateBGPPeerCommand({
            virtualInterfaceId: lagPrivate.virtualInterfaceId,
            newBGPPeer: {
              asn: 64600,
              addressFamily: "ipv6",
              amazonAddress: "2001:db8::1/125",
              customerAddress: "2001:db8::2/125",
            },
          }),
        ),
      /cannot be specified for an IPv6 BGP peer/,
    );
  });

  it("refuses a second peer of an address family the interface already has", async () => {
    await refusedWithoutChange(
      network,
      () =>
        network.send(
          new CreateBGPPeerCommand({
            virtualInterfaceId: lagPrivate.virtualInterfaceId,
            newBGPPeer: { asn: 65000, addressFamily: "ipv4" },
          }),
        ),
      "The BGP peer cannot be in the same address family (IPv4/IPv6) of an existing BGP peer on the virtual interface.",
    );
    const dual = await vifNamed(network, "prod-private");
    await refusedWithoutChange(
      network,
      () => addIpv6(network, dual.virtualInterfaceId),
      "The BGP peer cannot be in the same address family (IPv4/IPv6) of an existing BGP peer on the virtual interface.",
    );
  });

  it("requires the address family and an ASN", async () => {
    await refusedWithoutChange(
      network,
      () =>
        network.send(
          new CreateBGPPeerCommand({
            virtualInterfaceId: lagPrivate.virtualInterfaceId,
            newBGPPeer: { asn: 65000 },
          }),
        ),
      /address family \(addressFamily\) of the new BGP peer is required/,
    );
    await refusedWithoutChange(
      network,
      () =>
        network.send(
          new CreateBGPPeerCommand({
            virtualInterfaceId: lagPrivate.virtualInterfaceId,
            newBGPPeer: { addressFamily: "ipv6" },
          }),
        ),
      "An ASN (asn or asnLong) must be specified.",
    );
  });

  it("lets only the interface's owner add peers, and not while it is confirming", async () => {
    const shared = await vifNamed(workload, "workload-shared");
    await refusedWithoutChange(
      network,
      () => addIpv6(network, shared.virtualInterfaceId),
      /Only the owner account 222222222222/,
    );
    const confirming = await vifNamed(workload, "workload-app");
    await refusedWithoutChange(
      workload,
      () => addIpv6(workload, confirming.virtualInterfaceId),
      /is in state confirming/,
    );
  });

  it("keeps a session down when it was set down before the peer became available", async () => {
    const out = await addIpv6();
    const peer = out.virtualInterface!.bgpPeers!.find((p) => p.addressFamily === "ipv6")!;
    const res = await h.control("POST", "/_dxmap/bgp", {
      virtualInterfaceId: lagPrivate.virtualInterfaceId,
      bgpPeerId: peer.bgpPeerId,
      status: "down",
    });
    expect(res.status).toBe(200);
    await h.advance();
    const after = (await vifNamed(network, "lag-private")).bgpPeers!.find(
      (p) => p.bgpPeerId === peer.bgpPeerId,
    )!;
    expect(after.bgpPeerState).toBe("available");
    expect(after.bgpStatus).toBe("down");
    // The IPv4 session is still up, so the interface stays available.
    expect((await vifNamed(network, "lag-private")).virtualInterfaceState).toBe("available");
  });
});

describe("deleting peers", () => {
  it("deletes by bgpPeerId: deleting, deleted, then gone", async () => {
    const dual = await vifNamed(network, "prod-private");
    const v6 = dual.bgpPeers!.find((p) => p.addressFamily === "ipv6")!;
    const out = await network.send(new DeleteBGPPeerCommand({ bgpPeerId: v6.bgpPeerId }));
    expect(
      out.virtualInterface!.bgpPeers!.find((p) => p.bgpPeerId === v6.bgpPeerId)!.bgpPeerState,
    ).toBe("deleting");
    await h.advance();
    expect(
      (await vifNamed(network, "prod-private")).bgpPeers!.find((p) => p.bgpPeerId === v6.bgpPeerId)!
        .bgpPeerState,
    ).toBe("deleted");
    await h.advance();
    expect(
      (await vifNamed(network, "prod-private")).bgpPeers!.map((p) => p.bgpPeerId),
    ).not.toContain(v6.bgpPeerId);
    // The family is free again.
    await expect(addIpv6(network, dual.virtualInterfaceId)).resolves.toBeDefined();
  });

  it("deletes by interface, ASN and customer address", async () => {
    const dual = await vifNamed(network, "prod-private");
    const v4 = dual.bgpPeers!.find((p) => p.addressFamily === "ipv4")!;
    const out = await network.send(
      new DeleteBGPPeerCommand({
        virtualInterfaceId: dual.virtualInterfaceId,
        asn: v4.asn,
        customerAddress: v4.customerAddress,
      }),
    );
    expect(
      out.virtualInterface!.bgpPeers!.find((p) => p.bgpPeerId === v4.bgpPeerId)!.bgpPeerState,
    ).toBe("deleting");
    // The remaining IPv6 peer now mirrors onto the interface once the IPv4 one is gone.
    await h.advance(2);
    expect((await vifNamed(network, "prod-private")).addressFamily).toBe("ipv6");
  });

  it("refuses to delete the last peer of an interface", async () => {
    const peer = lagPrivate.bgpPeers![0]!;
    await refusedWithoutChange(
      network,
      () => network.send(new DeleteBGPPeerCommand({ bgpPeerId: peer.bgpPeerId })),
      "The last BGP Peer on a Virtual Interface cannot be deleted",
    );
  });

  it("refuses a peer of another account's interface, an unknown peer and a malformed id", async () => {
    const shared = await vifNamed(workload, "workload-shared");
    const v6 = shared.bgpPeers!.find((p) => p.addressFamily === "ipv6")!;
    await refusedWithoutChange(
      workload,
      () => network.send(new DeleteBGPPeerCommand({ bgpPeerId: v6.bgpPeerId })),
      /Only the owner account 222222222222/,
    );
    await refusedWithoutChange(
      network,
      () => network.send(new DeleteBGPPeerCommand({ bgpPeerId: "dxpeer-zzzzzzzz" })),
      "dxpeer-zzzzzzzz does not exist",
    );
    await refusedWithoutChange(
      network,
      () => network.send(new DeleteBGPPeerCommand({ bgpPeerId: "peer-1" })),
      "BGP peer ID peer-1 has an invalid format.",
    );
  });
});
