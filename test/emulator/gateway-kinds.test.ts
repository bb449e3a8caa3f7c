/**
 * A Direct Connect gateway serves private interfaces with virtual private gateways, or transit
 * interfaces with transit gateways, never both (User Guide, "Transit gateway associations": "You
 * cannot attach a Direct Connect gateway to a transit gateway when the Direct Connect gateway is
 * already associated with a virtual private gateway or is attached to a private virtual interface.").
 * Every way onto a gateway is driven through the real SDK: CreateDirectConnectGatewayAssociation,
 * Create{Private,Transit}VirtualInterface and Confirm{Private,Transit}VirtualInterface. A refusal must
 * leave the emulator's whole state as it was. Each test starts from the `default` estate.
 */
import {
  AllocatePrivateVirtualInterfaceCommand,
  AllocateTransitVirtualInterfaceCommand,
  ConfirmPrivateVirtualInterfaceCommand,
  ConfirmTransitVirtualInterfaceCommand,
  CreateDirectConnectGatewayAssociationCommand,
  CreateDirectConnectGatewayCommand,
  CreatePrivateVirtualInterfaceCommand,
  CreateTransitVirtualInterfaceCommand,
  DeleteDirectConnectGatewayAssociationCommand,
  DeleteVirtualInterfaceCommand,
  DescribeDirectConnectGatewayAssociationsCommand,
  DescribeDirectConnectGatewaysCommand,
  DescribeVirtualGatewaysCommand,
  DescribeVirtualInterfacesCommand,
  DirectConnectClient,
} from "@aws-sdk/client-direct-connect";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { connectionNamed, refusal, startHarness, vifNamed, type Harness } from "./harness";

/** AWS's sentence (User Guide, "Transit gateway associations"). */
const NO_TGW =
  "You cannot attach a Direct Connect gateway to a transit gateway when the Direct Connect gateway is already associated with a virtual private gateway or is attached to a private virtual interface.";
/** AWS's sentence (User Guide, "Virtual private gateway associations") and our clause on transit interfaces. */
const NO_VGW =
  "You cannot attach a Direct Connect gateway to a virtual private gateway when the Direct Connect gateway is already associated with a transit gateway or is attached to a transit virtual interface.";
/** Ours, in the same words. */
const NO_TRANSIT_VIF =
  "You cannot attach a transit virtual interface to a Direct Connect gateway when the Direct Connect gateway is already associated with a virtual private gateway or is attached to a private virtual interface.";
const NO_PRIVATE_VIF =
  "You cannot attach a private virtual interface to a Direct Connect gateway when the Direct Connect gateway is already associated with a transit gateway or is attached to a transit virtual interface.";

const TGW = "tgw-0123456789abcdef0";

let h: Harness;
let net: DirectConnectClient; // network, us-east-1: owns the connections
let wl: DirectConnectClient; // workload, us-east-1
let primaryId: string;

beforeAll(async () => {
  h = await startHarness();
  net = h.client("network");
  wl = h.client("workload");
});
afterAll(() => h.close());
beforeEach(async () => {
  expect((await h.control("POST", "/_dxmap/reset", {})).status).toBe(200);
  primaryId = (await connectionNamed(net, "dx-eqdc2-primary")).connectionId!;
});

/** The emulator's whole state: what a refusal must leave exactly as it was. */
const wholeState = () => JSON.stringify(h.running.emulator.state);

async function refusedWithoutChange(call: () => Promise<unknown>, message: string) {
  const before = wholeState();
  const error = await refusal(call());
  expect(error).toMatchObject({ name: "DirectConnectClientException", status: 400, message });
  expect(wholeState()).toBe(before);
}

async function gatewayNamed(client: DirectConnectClient, name: string): Promise<string> {
  const out = await client.send(new DescribeDirectConnectGatewaysCommand({}));
  const id = out.directConnectGateways?.find(
    (g) => g.directConnectGatewayName === name,
  )?.directConnectGatewayId;
  if (!id) throw new Error(`No Direct Connect gateway named ${name}`);
  return id;
}

async function newGateway(client: DirectConnectClient, name: string): Promise<string> {
  const out = await client.send(
    new CreateDirectConnectGatewayCommand({ directConnectGatewayName: name, amazonSideAsn: 64700 }),
  );
  return out.directConnectGateway!.directConnectGatewayId!;
}

/** Workload's virtual private gateway in us-east-1 that no Direct Connect gateway has yet. */
async function freeWorkloadVgw(): Promise<string> {
  const used = new Set(
    (
      await wl.send(new DescribeDirectConnectGatewayAssociationsCommand({}))
    ).directConnectGatewayAssociations!.map((a) => a.associatedGateway?.id),
  );
  const vgws = (await wl.send(new DescribeVirtualGatewaysCommand({}))).virtualGateways!;
  const free = vgws.find((g) => !used.has(g.virtualGatewayId))?.virtualGatewayId;
  if (!free) throw new Error("workload has no free virtual private gateway in us-east-1");
  return free;
}

const associate = (
  client: DirectConnectClient,
  directConnectGatewayId: string,
  gatewayId: string,
) =>
  client.send(
    new CreateDirectConnectGatewayAssociationCommand({
      directConnectGatewayId,
      gatewayId,
      ...(gatewayId.startsWith("tgw-")
        ? { addAllowedPrefixesToDirectConnectGateway: [{ cidr: "10.20.0.0/16" }] }
        : {}),
    }),
  );

const createPrivate = (directConnectGatewayId: string, vlan: number) =>
  net.send(
    new CreatePrivateVirtualInterfaceCommand({
      connectionId: primaryId,
      newPrivateVirtualInterface: {
        virtualInterfaceName: `private-${vlan}`,
        vlan,
        asn: 65500,
        directConnectGatewayId,
      },
    }),
  );

const createTransit = (directConnectGatewayId: string, vlan: number) =>
  net.send(
    new CreateTransitVirtualInterfaceCommand({
      connectionId: primaryId,
      newTransitVirtualInterface: {
        virtualInterfaceName: `transit-${vlan}`,
        vlan,
        asn: 65501,
        directConnectGatewayId,
      },
    }),
  );

/** Network allocates an interface of `type` to workload: confirming, on no gateway yet. */
async function allocateToWorkload(type: "private" | "transit", vlan: number): Promise<string> {
  const allocation = { virtualInterfaceName: `${type}-for-workload-${vlan}`, vlan, asn: 65502 };
  const vif =
    type === "private"
      ? await net.send(
          new AllocatePrivateVirtualInterfaceCommand({
            connectionId: primaryId,
            ownerAccount: "222222222222",
            newPrivateVirtualInterfaceAllocation: allocation,
          }),
        )
      : (
          await net.send(
            new AllocateTransitVirtualInterfaceCommand({
              connectionId: primaryId,
              ownerAccount: "222222222222",
              newTransitVirtualInterfaceAllocation: allocation,
            }),
          )
        ).virtualInterface!;
  expect(vif.virtualInterfaceState).toBe("confirming");
  return vif.virtualInterfaceId!;
}

const stateOf = async (client: DirectConnectClient, virtualInterfaceId: string) =>
  (await client.send(new DescribeVirtualInterfacesCommand({ virtualInterfaceId })))
    .virtualInterfaces![0]!.virtualInterfaceState;

describe("refused: the other kind on a gateway that serves one", () => {
  it("a transit gateway association on a gateway associated with a virtual private gateway", async () => {
    const workloadGw = await gatewayNamed(wl, "workload-dxgw");
    await refusedWithoutChange(() => associate(wl, workloadGw, TGW), NO_TGW);
  });

  it("a transit gateway association on a gateway with only a private interface attached", async () => {
    const gw = await newGateway(net, "private-only");
    await createPrivate(gw, 800);
    await refusedWithoutChange(() => associate(net, gw, TGW), NO_TGW);
    // Still refused once the interface is available and its attachment attached.
    await h.advance();
    await refusedWithoutChange(() => associate(net, gw, TGW), NO_TGW);
  });

  it("a virtual private gateway association on a gateway associated with a transit gateway", async () => {
    const transitGw = await gatewayNamed(wl, "workload-transit-dxgw");
    const vgw = await freeWorkloadVgw();
    await refusedWithoutChange(() => associate(wl, transitGw, vgw), NO_VGW);
  });

  it("a virtual private gateway association on a gateway with only a transit interface attached", async () => {
    // Workload owns no connection: network allocates it a transit interface, workload confirms it
    // onto a new gateway of its own.
    const gw = await newGateway(wl, "transit-only");
    const vif = await allocateToWorkload("transit", 801);
    await wl.send(
      new ConfirmTransitVirtualInterfaceCommand({
        virtualInterfaceId: vif,
        directConnectGatewayId: gw,
      }),
    );
    const vgw = await freeWorkloadVgw();
    await refusedWithoutChange(() => associate(wl, gw, vgw), NO_VGW);
  });

  it("a transit interface on a gateway associated with a virtual private gateway", async () => {
    const coreGw = await gatewayNamed(net, "network-core-dxgw");
    await refusedWithoutChange(() => createTransit(coreGw, 802), NO_TRANSIT_VIF);
  });

  it("a transit interface on a gateway with only a private interface attached", async () => {
    const gw = await newGateway(net, "private-only");
    await createPrivate(gw, 803);
    await refusedWithoutChange(() => createTransit(gw, 804), NO_TRANSIT_VIF);
  });

  it("a private interface on a gateway associated with a transit gateway", async () => {
    const transitGw = await gatewayNamed(net, "network-transit-dxgw");
    await refusedWithoutChange(() => createPrivate(transitGw, 805), NO_PRIVATE_VIF);
  });

  it("a private interface on a gateway with only a transit interface attached", async () => {
    const gw = await newGateway(net, "transit-only");
    await createTransit(gw, 806);
    await refusedWithoutChange(() => createPrivate(gw, 807), NO_PRIVATE_VIF);
  });
});

describe("an allocated interface attaches when it is confirmed", () => {
  it("ConfirmTransitVirtualInterface onto a gateway serving private interfaces is refused; it stays confirming", async () => {
    const workloadTransit = (await vifNamed(wl, "workload-transit")).virtualInterfaceId!;
    const workloadGw = await gatewayNamed(wl, "workload-dxgw");
    await refusedWithoutChange(
      () =>
        wl.send(
          new ConfirmTransitVirtualInterfaceCommand({
            virtualInterfaceId: workloadTransit,
            directConnectGatewayId: workloadGw,
          }),
        ),
      NO_TRANSIT_VIF,
    );
    expect(await stateOf(wl, workloadTransit)).toBe("confirming");
    // Onto the gateway that serves transit interfaces it is taken.
    const out = await wl.send(
      new ConfirmTransitVirtualInterfaceCommand({
        virtualInterfaceId: workloadTransit,
        directConnectGatewayId: await gatewayNamed(wl, "workload-transit-dxgw"),
      }),
    );
    expect(out.virtualInterfaceState).toBe("pending");
  });

  it("ConfirmPrivateVirtualInterface onto a gateway serving transit interfaces is refused; it stays confirming", async () => {
    const workloadApp = (await vifNamed(wl, "workload-app")).virtualInterfaceId!;
    const transitGw = await gatewayNamed(wl, "workload-transit-dxgw");
    await refusedWithoutChange(
      () =>
        wl.send(
          new ConfirmPrivateVirtualInterfaceCommand({
            virtualInterfaceId: workloadApp,
            directConnectGatewayId: transitGw,
          }),
        ),
      NO_PRIVATE_VIF,
    );
    expect(await stateOf(wl, workloadApp)).toBe("confirming");
    const out = await wl.send(
      new ConfirmPrivateVirtualInterfaceCommand({
        virtualInterfaceId: workloadApp,
        directConnectGatewayId: await gatewayNamed(wl, "workload-dxgw"),
      }),
    );
    expect(out.virtualInterfaceState).toBe("pending");
  });

  it("a confirming interface holds no gateway to a kind: an empty gateway takes either kind meanwhile", async () => {
    // Allocated, not confirmed: it names no gateway, so it cannot make one serve its kind.
    await allocateToWorkload("transit", 808);
    const gw = await newGateway(wl, "empty");
    const vgw = await freeWorkloadVgw();
    await expect(associate(wl, gw, vgw)).resolves.toBeDefined();
  });
});

describe("allowed: one kind per gateway", () => {
  it("an empty gateway takes private interfaces and then a virtual private gateway", async () => {
    const gw = await newGateway(wl, "fresh-private");
    // Workload's interfaces come from network's allocations, attached when workload confirms them.
    const workloadApp = (await vifNamed(wl, "workload-app")).virtualInterfaceId!;
    await wl.send(
      new ConfirmPrivateVirtualInterfaceCommand({
        virtualInterfaceId: workloadApp,
        directConnectGatewayId: gw,
      }),
    );
    const another = await allocateToWorkload("private", 810);
    await wl.send(
      new ConfirmPrivateVirtualInterfaceCommand({
        virtualInterfaceId: another,
        directConnectGatewayId: gw,
      }),
    );
    await expect(associate(wl, gw, await freeWorkloadVgw())).resolves.toMatchObject({
      directConnectGatewayAssociation: { associationState: "associating" },
    });
    expect(await stateOf(wl, another)).toBe("pending");
  });

  it("an empty gateway takes a transit interface and then a transit gateway", async () => {
    const gw = await newGateway(net, "fresh-transit");
    await expect(createTransit(gw, 812)).resolves.toMatchObject({
      virtualInterface: { directConnectGatewayId: gw },
    });
    await createTransit(gw, 813);
    await expect(associate(net, gw, TGW)).resolves.toMatchObject({
      directConnectGatewayAssociation: { associationState: "associating" },
    });
  });

  it("the seeded gateways take more of their own kind", async () => {
    await expect(
      createPrivate(await gatewayNamed(net, "network-core-dxgw"), 814),
    ).resolves.toBeDefined();
    await expect(
      createTransit(await gatewayNamed(net, "network-transit-dxgw"), 815),
    ).resolves.toBeDefined();
    await expect(
      associate(net, await gatewayNamed(net, "network-transit-dxgw"), TGW),
    ).resolves.toBeDefined();
  });

  it("a gateway takes the other kind once its interfaces are detached and its associations disassociated, not before", async () => {
    const transitGw = await gatewayNamed(net, "network-transit-dxgw");
    // transit-core is attached in both regions (the gateway is global).
    for (const region of ["us-east-1", "eu-west-1"]) {
      const client = h.client("network", region);
      const vif = await vifNamed(client, "transit-core");
      await client.send(
        new DeleteVirtualInterfaceCommand({ virtualInterfaceId: vif.virtualInterfaceId }),
      );
    }
    const associations = (
      await net.send(
        new DescribeDirectConnectGatewayAssociationsCommand({ directConnectGatewayId: transitGw }),
      )
    ).directConnectGatewayAssociations!;
    for (const a of associations)
      await net.send(
        new DeleteDirectConnectGatewayAssociationCommand({ associationId: a.associationId }),
      );
    // Detaching and disassociating still count.
    await refusedWithoutChange(() => createPrivate(transitGw, 816), NO_PRIVATE_VIF);
    await h.advance();
    await expect(createPrivate(transitGw, 816)).resolves.toMatchObject({
      directConnectGatewayId: transitGw,
    });
  });
});
