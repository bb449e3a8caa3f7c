/**
 * Direct Connect gateways, their attachments (interfaces) and associations (virtual private gateways
 * and transit gateways), driven through the real SDK over HTTP. Every test starts from the seeded
 * `default` estate (reset before each). Seeded gateways: network owns network-core-dxgw (VGW
 * associations in both regions, backup-private attached in both) and network-transit-dxgw (a transit
 * gateway association, transit-core attached in both); workload owns workload-dxgw (VGW associations
 * in both regions, workload-shared attached in both) and workload-transit-dxgw (a transit gateway
 * association only).
 */
import {
  ConfirmPrivateVirtualInterfaceCommand,
  CreateDirectConnectGatewayAssociationCommand,
  CreateDirectConnectGatewayCommand,
  DeleteDirectConnectGatewayAssociationCommand,
  DeleteDirectConnectGatewayCommand,
  DeleteVirtualInterfaceCommand,
  DescribeDirectConnectGatewayAssociationsCommand,
  DescribeDirectConnectGatewayAttachmentsCommand,
  DescribeDirectConnectGatewaysCommand,
  DescribeTagsCommand,
  DescribeVirtualGatewaysCommand,
  DirectConnectClient,
  TagResourceCommand,
  type DescribeDirectConnectGatewayAssociationsCommandInput,
  type DescribeDirectConnectGatewayAssociationsCommandOutput,
  type DescribeDirectConnectGatewayAttachmentsCommandInput,
  type DescribeDirectConnectGatewayAttachmentsCommandOutput,
  type DescribeDirectConnectGatewaysCommandInput,
  type DescribeDirectConnectGatewaysCommandOutput,
  type DirectConnectGateway,
} from "@aws-sdk/client-direct-connect";
import { createPaginator } from "@smithy/core";
import type { PaginationConfiguration, Paginator } from "@smithy/types";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { NETWORK, WORKLOAD, refusal, startHarness, vifNamed, type Harness } from "./harness";

/*
 * @aws-sdk/client-direct-connect (3.1048) ships no paginate* functions, although the service model
 * marks these three operations as paginated (botocore's paginators-1.json). These are built exactly
 * as the SDK's code generator builds every paginateX function, from the SDK's own pagination core.
 */
interface DirectConnectPaginationConfiguration extends PaginationConfiguration {
  client: DirectConnectClient;
}
type PaginatorFn<I, O> = (config: DirectConnectPaginationConfiguration, input: I) => Paginator<O>;
const paginateDescribeDirectConnectGateways: PaginatorFn<
  DescribeDirectConnectGatewaysCommandInput,
  DescribeDirectConnectGatewaysCommandOutput
> = createPaginator(
  DirectConnectClient,
  DescribeDirectConnectGatewaysCommand,
  "nextToken",
  "nextToken",
  "maxResults",
);
const paginateDescribeDirectConnectGatewayAssociations: PaginatorFn<
  DescribeDirectConnectGatewayAssociationsCommandInput,
  DescribeDirectConnectGatewayAssociationsCommandOutput
> = createPaginator(
  DirectConnectClient,
  DescribeDirectConnectGatewayAssociationsCommand,
  "nextToken",
  "nextToken",
  "maxResults",
);
const paginateDescribeDirectConnectGatewayAttachments: PaginatorFn<
  DescribeDirectConnectGatewayAttachmentsCommandInput,
  DescribeDirectConnectGatewayAttachmentsCommandOutput
> = createPaginator(
  DirectConnectClient,
  DescribeDirectConnectGatewayAttachmentsCommand,
  "nextToken",
  "nextToken",
  "maxResults",
);

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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UNKNOWN_UUID = "0d4f7e2a-9c1b-4b8e-a3f0-5e6d7c8b9a01";
const TGW = "tgw-0123456789abcdef0";

async function gateways(
  client: DirectConnectClient,
  directConnectGatewayId?: string,
): Promise<DirectConnectGateway[]> {
  const out = await client.send(
    new DescribeDirectConnectGatewaysCommand(
      directConnectGatewayId ? { directConnectGatewayId } : {},
    ),
  );
  return out.directConnectGateways ?? [];
}

async function gatewayNamed(
  client: DirectConnectClient,
  name: string,
): Promise<DirectConnectGateway & { directConnectGatewayId: string }> {
  const gw = (await gateways(client)).find((g) => g.directConnectGatewayName === name);
  if (!gw?.directConnectGatewayId) throw new Error(`No Direct Connect gateway named ${name}`);
  return { ...gw, directConnectGatewayId: gw.directConnectGatewayId };
}

async function associations(
  client: DirectConnectClient,
  input: DescribeDirectConnectGatewayAssociationsCommandInput = {},
) {
  return (
    (await client.send(new DescribeDirectConnectGatewayAssociationsCommand(input)))
      .directConnectGatewayAssociations ?? []
  );
}

async function attachments(
  client: DirectConnectClient,
  input: DescribeDirectConnectGatewayAttachmentsCommandInput,
) {
  return (
    (await client.send(new DescribeDirectConnectGatewayAttachmentsCommand(input)))
      .directConnectGatewayAttachments ?? []
  );
}

/** Workload's virtual private gateway in us-east-1 that no Direct Connect gateway uses yet. */
async function freeWorkloadVgw(): Promise<string> {
  const used = new Set((await associations(wl)).map((a) => a.associatedGateway?.id));
  const vgws = (await wl.send(new DescribeVirtualGatewaysCommand({}))).virtualGateways ?? [];
  const free = vgws.find((g) => !used.has(g.virtualGatewayId));
  if (!free?.virtualGatewayId)
    throw new Error("workload has no free virtual private gateway in us-east-1");
  return free.virtualGatewayId;
}

async function newGateway(
  client: DirectConnectClient,
  name: string,
  amazonSideAsn?: number,
): Promise<string> {
  const out = await client.send(
    new CreateDirectConnectGatewayCommand({
      directConnectGatewayName: name,
      ...(amazonSideAsn !== undefined ? { amazonSideAsn } : {}),
    }),
  );
  const id = out.directConnectGateway?.directConnectGatewayId;
  if (!id) throw new Error("CreateDirectConnectGateway returned no id");
  return id;
}

const ids = (list: { directConnectGatewayId?: string }[]) =>
  list.map((g) => g.directConnectGatewayId).sort();

describe("DescribeDirectConnectGateways", () => {
  it("lists the caller's gateways, the same from every region", async () => {
    const us = await gateways(net);
    const eu = await gateways(netEu);
    expect(us.map((g) => g.directConnectGatewayName).sort()).toEqual([
      "dev-test-dxgw",
      "network-core-dxgw",
      "network-transit-dxgw",
      "resilience-max-dxgw",
      "trap-dxgw",
    ]);
    expect(ids(eu)).toEqual(ids(us));
    for (const g of us) {
      expect(g.directConnectGatewayId).toMatch(UUID);
      expect(g).toMatchObject({
        ownerAccount: NETWORK.accountId,
        directConnectGatewayState: "available",
      });
    }
    expect(us.find((g) => g.directConnectGatewayName === "network-core-dxgw")?.amazonSideAsn).toBe(
      64513,
    );

    const wlUs = await gateways(wl);
    expect(wlUs.map((g) => g.directConnectGatewayName).sort()).toEqual([
      "degraded-dxgw",
      "resilience-high-dxgw",
      "workload-dxgw",
      "workload-transit-dxgw",
    ]);
    expect(ids(await gateways(wlEu))).toEqual(ids(wlUs));
    expect(wlUs.every((g) => g.ownerAccount === WORKLOAD.accountId)).toBe(true);
  });

  it("returns one gateway by id, and an empty list for an unknown or another account's id", async () => {
    const core = await gatewayNamed(net, "network-core-dxgw");
    expect(ids(await gateways(net, core.directConnectGatewayId))).toEqual([
      core.directConnectGatewayId,
    ]);
    expect(ids(await gateways(netEu, core.directConnectGatewayId))).toEqual([
      core.directConnectGatewayId,
    ]);
    expect(await gateways(net, UNKNOWN_UUID)).toEqual([]);
    expect(await gateways(wl, core.directConnectGatewayId)).toEqual([]);
  });

  it("refuses a malformed gateway id", async () => {
    const refused = await refusal(
      net.send(
        new DescribeDirectConnectGatewaysCommand({ directConnectGatewayId: "fake-gateway" }),
      ),
    );
    expect(refused.name).toBe("DirectConnectClientException");
    expect(refused.status).toBe(400);
    expect(refused.message).toMatch(/ID fake-gateway has an invalid format\.$/);
  });
});

describe("CreateDirectConnectGateway", () => {
  it("creates an available gateway with the default Amazon-side ASN 64512, visible from every region", async () => {
    const out = await wl.send(
      new CreateDirectConnectGatewayCommand({
        directConnectGatewayName: "new-dxgw",
        tags: [{ key: "env", value: "dev" }],
      }),
    );
    const gw = out.directConnectGateway;
    expect(gw).toMatchObject({
      directConnectGatewayName: "new-dxgw",
      directConnectGatewayState: "available",
      amazonSideAsn: 64512,
      ownerAccount: WORKLOAD.accountId,
      tags: [{ key: "env", value: "dev" }],
    });
    expect(gw?.directConnectGatewayId).toMatch(UUID);
    expect(ids(await gateways(wlEu))).toContain(gw?.directConnectGatewayId);
    expect(ids(await gateways(net))).not.toContain(gw?.directConnectGatewayId);
    // Gateways are global: their ARN has no region.
    const arn = `arn:aws:directconnect::${WORKLOAD.accountId}:dx-gateway/${gw?.directConnectGatewayId}`;
    const tags = await wlEu.send(new DescribeTagsCommand({ resourceArns: [arn] }));
    expect(tags.resourceTags?.[0]?.tags).toEqual([{ key: "env", value: "dev" }]);
  });

  it("accepts private Amazon-side ASNs at the edges of both ranges", async () => {
    for (const asn of [64512, 65534, 4_200_000_000, 4_294_967_294]) {
      const id = await newGateway(net, `asn-${asn}`, asn);
      expect((await gateways(net, id))[0]?.amazonSideAsn).toBe(asn);
    }
  });

  it("refuses a public or out-of-range Amazon-side ASN and creates nothing", async () => {
    const before = ids(await gateways(net));
    for (const asn of [7224, 64511, 65535, 4_199_999_999]) {
      const refused = await refusal(
        net.send(
          new CreateDirectConnectGatewayCommand({
            directConnectGatewayName: `bad-${asn}`,
            amazonSideAsn: asn,
          }),
        ),
      );
      expect(refused.name).toBe("DirectConnectClientException");
      expect(refused.message).toContain(String(asn));
    }
    expect(ids(await gateways(net))).toEqual(before);
  });
});

describe("DeleteDirectConnectGateway", () => {
  it("refuses every seeded gateway, as each has attachments or associations", async () => {
    for (const [client, name] of [
      [net, "network-core-dxgw"],
      [net, "network-transit-dxgw"],
      [wl, "workload-dxgw"],
      [wl, "workload-transit-dxgw"], // associations only, no attachment
    ] as const) {
      const gw = await gatewayNamed(client, name);
      const refused = await refusal(
        client.send(
          new DeleteDirectConnectGatewayCommand({
            directConnectGatewayId: gw.directConnectGatewayId,
          }),
        ),
      );
      expect(refused.name).toBe("DirectConnectClientException");
      expect(refused.message).toContain(gw.directConnectGatewayId);
      expect(
        (await gateways(client, gw.directConnectGatewayId))[0]?.directConnectGatewayState,
      ).toBe("available");
    }
  });

  it("refuses another account's gateway", async () => {
    const id = await newGateway(net, "network-empty");
    const refused = await refusal(
      wl.send(new DeleteDirectConnectGatewayCommand({ directConnectGatewayId: id })),
    );
    expect(refused.name).toBe("DirectConnectClientException");
    expect((await gateways(net, id))[0]?.directConnectGatewayState).toBe("available");
  });

  it("deletes a fresh gateway: deleting, then no longer listed", async () => {
    const id = await newGateway(net, "short-lived");
    const out = await net.send(
      new DeleteDirectConnectGatewayCommand({ directConnectGatewayId: id }),
    );
    expect(out.directConnectGateway).toMatchObject({
      directConnectGatewayId: id,
      directConnectGatewayState: "deleting",
    });
    expect((await gateways(net, id))[0]?.directConnectGatewayState).toBe("deleting");
    await h.advance(1);
    expect(await gateways(net, id)).toEqual([]);
    expect(ids(await gateways(net))).not.toContain(id);
    expect((await gateways(net)).map((g) => g.directConnectGatewayName).sort()).toEqual([
      "dev-test-dxgw",
      "network-core-dxgw",
      "network-transit-dxgw",
      "resilience-max-dxgw",
      "trap-dxgw",
    ]);
  });

  it("refuses a new association on a gateway that is being deleted", async () => {
    const id = await newGateway(wl, "going-away");
    await wl.send(new DeleteDirectConnectGatewayCommand({ directConnectGatewayId: id }));
    const refused = await refusal(
      wl.send(
        new CreateDirectConnectGatewayAssociationCommand({
          directConnectGatewayId: id,
          gatewayId: TGW,
        }),
      ),
    );
    expect(refused.name).toBe("DirectConnectClientException");
    await h.advance(1);
    expect(await gateways(wl, id)).toEqual([]);
    expect(await associations(wl, { directConnectGatewayId: id })).toEqual([]);
  });
});

describe("DescribeDirectConnectGatewayAttachments", () => {
  it("lists a gateway's attached interfaces from every region", async () => {
    const core = await gatewayNamed(net, "network-core-dxgw");
    const usVif = await vifNamed(net, "backup-private");
    const euVif = await vifNamed(netEu, "backup-private");
    const list = await attachments(net, { directConnectGatewayId: core.directConnectGatewayId });
    expect(list.map((a) => a.virtualInterfaceId).sort()).toEqual(
      [usVif.virtualInterfaceId, euVif.virtualInterfaceId].sort(),
    );
    expect(list.map((a) => a.virtualInterfaceRegion).sort()).toEqual(["eu-west-1", "us-east-1"]);
    for (const a of list) {
      expect(a).toMatchObject({
        directConnectGatewayId: core.directConnectGatewayId,
        virtualInterfaceOwnerAccount: NETWORK.accountId,
        attachmentState: "attached",
        attachmentType: "PrivateVirtualInterface",
      });
    }
    expect(
      await attachments(netEu, { directConnectGatewayId: core.directConnectGatewayId }),
    ).toEqual(list);

    const transit = await gatewayNamed(net, "network-transit-dxgw");
    const transitList = await attachments(net, {
      directConnectGatewayId: transit.directConnectGatewayId,
    });
    expect(transitList).toHaveLength(2);
    expect(transitList.every((a) => a.attachmentType === "TransitVirtualInterface")).toBe(true);
  });

  it("lists an interface's attachment, to its owner and the gateway's owner only", async () => {
    const core = await gatewayNamed(net, "network-core-dxgw");
    const vif = await vifNamed(net, "backup-private");
    const mine = await attachments(net, { virtualInterfaceId: vif.virtualInterfaceId! });
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      directConnectGatewayId: core.directConnectGatewayId,
      virtualInterfaceId: vif.virtualInterfaceId,
    });
    expect(
      await attachments(net, {
        directConnectGatewayId: core.directConnectGatewayId,
        virtualInterfaceId: vif.virtualInterfaceId!,
      }),
    ).toEqual(mine);
    // Workload owns neither the interface nor the gateway.
    expect(await attachments(wl, { virtualInterfaceId: vif.virtualInterfaceId! })).toEqual([]);
    expect(await attachments(wl, { directConnectGatewayId: core.directConnectGatewayId })).toEqual(
      [],
    );

    // workload-shared is workload's interface on network's LAG, attached to workload's gateway.
    const workloadGw = await gatewayNamed(wl, "workload-dxgw");
    const shared = await attachments(wl, {
      directConnectGatewayId: workloadGw.directConnectGatewayId,
    });
    expect(shared).toHaveLength(2);
    expect(shared.every((a) => a.virtualInterfaceOwnerAccount === WORKLOAD.accountId)).toBe(true);
    expect(
      await attachments(net, { directConnectGatewayId: workloadGw.directConnectGatewayId }),
    ).toEqual([]);
  });

  it("shows a new attachment attaching, then attached", async () => {
    const workloadGw = await gatewayNamed(wl, "workload-dxgw");
    const app = await vifNamed(wl, "workload-app");
    await wl.send(
      new ConfirmPrivateVirtualInterfaceCommand({
        virtualInterfaceId: app.virtualInterfaceId!,
        directConnectGatewayId: workloadGw.directConnectGatewayId,
      }),
    );
    const byVif = { virtualInterfaceId: app.virtualInterfaceId! };
    expect((await attachments(wl, byVif)).map((a) => a.attachmentState)).toEqual(["attaching"]);
    await h.advance(1);
    expect((await attachments(wl, byVif)).map((a) => a.attachmentState)).toEqual(["attached"]);
    expect(
      await attachments(wl, { directConnectGatewayId: workloadGw.directConnectGatewayId }),
    ).toHaveLength(3);
  });

  it("lets a gateway go once its interfaces and associations are gone", async () => {
    const core = await gatewayNamed(net, "network-core-dxgw");
    for (const client of [net, netEu]) {
      const vif = await vifNamed(client, "backup-private");
      await client.send(
        new DeleteVirtualInterfaceCommand({ virtualInterfaceId: vif.virtualInterfaceId! }),
      );
    }
    for (const a of await associations(net, {
      directConnectGatewayId: core.directConnectGatewayId,
    })) {
      await net.send(
        new DeleteDirectConnectGatewayAssociationCommand({ associationId: a.associationId! }),
      );
    }
    await h.advance(1);
    expect(await attachments(net, { directConnectGatewayId: core.directConnectGatewayId })).toEqual(
      [],
    );
    expect(
      await associations(net, { directConnectGatewayId: core.directConnectGatewayId }),
    ).toEqual([]);
    const out = await net.send(
      new DeleteDirectConnectGatewayCommand({
        directConnectGatewayId: core.directConnectGatewayId,
      }),
    );
    expect(out.directConnectGateway?.directConnectGatewayState).toBe("deleting");
  });

  it("refuses a request naming neither a gateway nor an interface, and a malformed interface id", async () => {
    expect(
      (await refusal(net.send(new DescribeDirectConnectGatewayAttachmentsCommand({})))).name,
    ).toBe("DirectConnectClientException");
    const refused = await refusal(
      net.send(
        new DescribeDirectConnectGatewayAttachmentsCommand({ virtualInterfaceId: "fake-vif" }),
      ),
    );
    expect(refused.message).toMatch(/ID fake-vif has an invalid format\.$/);
    expect(await attachments(net, { directConnectGatewayId: UNKNOWN_UUID })).toEqual([]);
  });
});

describe("DescribeDirectConnectGatewayAssociations", () => {
  it("lists the seeded associations that involve the caller", async () => {
    const core = await gatewayNamed(net, "network-core-dxgw");
    const transit = await gatewayNamed(net, "network-transit-dxgw");
    const all = await associations(net);
    expect(all).toHaveLength(3);
    expect(
      all.every((a) => a.associationState === "associated" && UUID.test(a.associationId ?? "")),
    ).toBe(true);

    const coreList = await associations(net, {
      directConnectGatewayId: core.directConnectGatewayId,
    });
    expect(coreList.map((a) => a.associatedGateway?.region).sort()).toEqual([
      "eu-west-1",
      "us-east-1",
    ]);
    for (const a of coreList) {
      expect(a.associatedGateway).toMatchObject({
        type: "virtualPrivateGateway",
        ownerAccount: NETWORK.accountId,
      });
      expect(a.associatedGateway?.id).toMatch(/^vgw-/);
      expect(a.virtualGatewayId).toBe(a.associatedGateway?.id);
      expect(a.directConnectGatewayOwnerAccount).toBe(NETWORK.accountId);
    }
    const transitList = await associations(net, {
      directConnectGatewayId: transit.directConnectGatewayId,
    });
    expect(transitList).toHaveLength(1);
    const tgw = transitList[0]!;
    expect(tgw.associatedGateway?.type).toBe("transitGateway");
    expect(tgw.associatedGateway?.id).toMatch(/^tgw-[0-9a-f]{17}$/);
    expect(tgw.virtualGatewayId).toBeUndefined();
    expect(tgw.allowedPrefixesToDirectConnectGateway).toEqual([{ cidr: "10.0.0.0/8" }]);
  });

  it("filters by association id, by associated gateway and by virtual gateway", async () => {
    const all = await associations(net);
    const first = all[0]!;
    expect(await associations(net, { associationId: first.associationId! })).toEqual([first]);
    expect(await associations(net, { associatedGatewayId: first.associatedGateway!.id! })).toEqual([
      first,
    ]);
    const vgwAssoc = all.find((a) => a.associatedGateway?.type === "virtualPrivateGateway")!;
    expect(await associations(net, { virtualGatewayId: vgwAssoc.virtualGatewayId! })).toEqual([
      vgwAssoc,
    ]);
    expect(await associations(net, { directConnectGatewayId: UNKNOWN_UUID })).toEqual([]);
    expect(await associations(net, { associationId: UNKNOWN_UUID })).toEqual([]);
    // Workload is party to none of network's associations.
    expect(await associations(wl, { associationId: first.associationId! })).toEqual([]);
    expect(
      (
        await refusal(
          net.send(
            new DescribeDirectConnectGatewayAssociationsCommand({
              directConnectGatewayId: "fake-gateway",
            }),
          ),
        )
      ).name,
    ).toBe("DirectConnectClientException");
  });
});

describe("CreateDirectConnectGatewayAssociation", () => {
  it("associates a virtual private gateway of the caller: associating, then associated", async () => {
    const dxgw = await newGateway(wl, "wl-new");
    const vgw = await freeWorkloadVgw();
    const out = await wl.send(
      new CreateDirectConnectGatewayAssociationCommand({
        directConnectGatewayId: dxgw,
        gatewayId: vgw,
      }),
    );
    const created = out.directConnectGatewayAssociation;
    expect(created).toMatchObject({
      directConnectGatewayId: dxgw,
      directConnectGatewayOwnerAccount: WORKLOAD.accountId,
      associationState: "associating",
      associatedGateway: {
        id: vgw,
        type: "virtualPrivateGateway",
        ownerAccount: WORKLOAD.accountId,
        region: "us-east-1",
      },
      virtualGatewayId: vgw,
      virtualGatewayRegion: "us-east-1",
    });
    expect(created?.associationId).toMatch(UUID);
    expect(
      (await associations(wl, { directConnectGatewayId: dxgw })).map((a) => a.associationState),
    ).toEqual(["associating"]);
    await h.advance(1);
    expect(
      (await associations(wl, { directConnectGatewayId: dxgw })).map((a) => a.associationState),
    ).toEqual(["associated"]);
    // Now the gateway has an association, so it cannot be deleted.
    expect(
      (
        await refusal(
          wl.send(new DeleteDirectConnectGatewayCommand({ directConnectGatewayId: dxgw })),
        )
      ).name,
    ).toBe("DirectConnectClientException");
  });

  it("associates a transit gateway with allowed prefixes", async () => {
    const dxgw = await newGateway(net, "net-tgw");
    const out = await net.send(
      new CreateDirectConnectGatewayAssociationCommand({
        directConnectGatewayId: dxgw,
        gatewayId: TGW,
        addAllowedPrefixesToDirectConnectGateway: [{ cidr: "10.10.0.0/16" }],
      }),
    );
    expect(out.directConnectGatewayAssociation).toMatchObject({
      associationState: "associating",
      associatedGateway: {
        id: TGW,
        type: "transitGateway",
        ownerAccount: NETWORK.accountId,
        region: "us-east-1",
      },
      allowedPrefixesToDirectConnectGateway: [{ cidr: "10.10.0.0/16" }],
    });
    expect(out.directConnectGatewayAssociation?.virtualGatewayId).toBeUndefined();
    await h.advance(1);
    expect(
      (await associations(net, { associatedGatewayId: TGW })).map((a) => a.associationState),
    ).toEqual(["associated"]);
  });

  it("refuses a malformed transit gateway id, another account's or another region's VGW, and another account's gateway", async () => {
    const dxgw = await newGateway(wl, "wl-refusals");
    const netVgw = (await net.send(new DescribeVirtualGatewaysCommand({}))).virtualGateways![0]!
      .virtualGatewayId!;
    const euVgw = (await wlEu.send(new DescribeVirtualGatewaysCommand({}))).virtualGateways![0]!
      .virtualGatewayId!;
    const coreGw = await gatewayNamed(net, "network-core-dxgw");
    const before = await associations(wl);
    for (const call of [
      wl.send(
        new CreateDirectConnectGatewayAssociationCommand({
          directConnectGatewayId: dxgw,
          gatewayId: "tgw-123",
        }),
      ),
      wl.send(
        new CreateDirectConnectGatewayAssociationCommand({
          directConnectGatewayId: dxgw,
          gatewayId: netVgw,
        }),
      ),
      wl.send(
        new CreateDirectConnectGatewayAssociationCommand({
          directConnectGatewayId: dxgw,
          gatewayId: euVgw,
        }),
      ),
      wl.send(
        new CreateDirectConnectGatewayAssociationCommand({
          directConnectGatewayId: coreGw.directConnectGatewayId,
          gatewayId: TGW,
        }),
      ),
    ]) {
      expect((await refusal(call)).name).toBe("DirectConnectClientException");
    }
    expect(await associations(wl)).toEqual(before);
    expect(
      await associations(net, { directConnectGatewayId: coreGw.directConnectGatewayId }),
    ).toHaveLength(2);
  });

  it("refuses a duplicate association and changes nothing", async () => {
    const dxgw = await newGateway(wl, "wl-dup");
    const vgw = await freeWorkloadVgw();
    await wl.send(
      new CreateDirectConnectGatewayAssociationCommand({
        directConnectGatewayId: dxgw,
        gatewayId: vgw,
      }),
    );
    // Also through the older virtualGatewayId member.
    for (const input of [{ gatewayId: vgw }, { virtualGatewayId: vgw }]) {
      const refused = await refusal(
        wl.send(
          new CreateDirectConnectGatewayAssociationCommand({
            directConnectGatewayId: dxgw,
            ...input,
          }),
        ),
      );
      expect(refused.name).toBe("DirectConnectClientException");
      expect(refused.message).toContain(vgw);
    }
    expect(await associations(wl, { directConnectGatewayId: dxgw })).toHaveLength(1);
  });

  it("refuses to mix virtual private gateways and transit gateways on one gateway", async () => {
    const vgw = await freeWorkloadVgw();
    const withTgw = await gatewayNamed(wl, "workload-transit-dxgw");
    expect(
      (
        await refusal(
          wl.send(
            new CreateDirectConnectGatewayAssociationCommand({
              directConnectGatewayId: withTgw.directConnectGatewayId,
              gatewayId: vgw,
            }),
          ),
        )
      ).name,
    ).toBe("DirectConnectClientException");
    expect(
      (await associations(wl, { directConnectGatewayId: withTgw.directConnectGatewayId })).map(
        (a) => a.associatedGateway?.type,
      ),
    ).toEqual(["transitGateway"]);

    const withVgw = await newGateway(wl, "wl-vgw");
    await wl.send(
      new CreateDirectConnectGatewayAssociationCommand({
        directConnectGatewayId: withVgw,
        gatewayId: vgw,
      }),
    );
    expect(
      (
        await refusal(
          wl.send(
            new CreateDirectConnectGatewayAssociationCommand({
              directConnectGatewayId: withVgw,
              gatewayId: TGW,
            }),
          ),
        )
      ).name,
    ).toBe("DirectConnectClientException");
    expect(
      (await associations(wl, { directConnectGatewayId: withVgw })).map(
        (a) => a.associatedGateway?.type,
      ),
    ).toEqual(["virtualPrivateGateway"]);
  });
});

describe("DeleteDirectConnectGatewayAssociation", () => {
  it("disassociates by association id: disassociating, then gone", async () => {
    const transit = await gatewayNamed(wl, "workload-transit-dxgw");
    const [assoc] = await associations(wl, {
      directConnectGatewayId: transit.directConnectGatewayId,
    });
    const out = await wl.send(
      new DeleteDirectConnectGatewayAssociationCommand({ associationId: assoc!.associationId! }),
    );
    expect(out.directConnectGatewayAssociation).toMatchObject({
      associationId: assoc!.associationId,
      associationState: "disassociating",
    });
    expect(
      (await associations(wl, { associationId: assoc!.associationId! })).map(
        (a) => a.associationState,
      ),
    ).toEqual(["disassociating"]);
    await h.advance(1);
    expect(await associations(wl, { associationId: assoc!.associationId! })).toEqual([]);
    // With no association and no attachment left, the gateway can go.
    const deleted = await wl.send(
      new DeleteDirectConnectGatewayCommand({
        directConnectGatewayId: transit.directConnectGatewayId,
      }),
    );
    expect(deleted.directConnectGateway?.directConnectGatewayState).toBe("deleting");
  });

  it("disassociates by gateway and virtual gateway", async () => {
    const workloadGw = await gatewayNamed(wl, "workload-dxgw");
    const usAssoc = (
      await associations(wl, { directConnectGatewayId: workloadGw.directConnectGatewayId })
    ).find((a) => a.associatedGateway?.region === "us-east-1")!;
    const out = await wl.send(
      new DeleteDirectConnectGatewayAssociationCommand({
        directConnectGatewayId: workloadGw.directConnectGatewayId,
        virtualGatewayId: usAssoc.virtualGatewayId!,
      }),
    );
    expect(out.directConnectGatewayAssociation?.associationState).toBe("disassociating");
    await h.advance(1);
    const left = await associations(wl, {
      directConnectGatewayId: workloadGw.directConnectGatewayId,
    });
    expect(left.map((a) => a.associatedGateway?.region)).toEqual(["eu-west-1"]);
  });

  it("refuses an unknown association and another account's association, changing nothing", async () => {
    expect(
      (
        await refusal(
          wl.send(
            new DeleteDirectConnectGatewayAssociationCommand({ associationId: UNKNOWN_UUID }),
          ),
        )
      ).name,
    ).toBe("DirectConnectClientException");
    const [netAssoc] = await associations(net);
    expect(
      (
        await refusal(
          wl.send(
            new DeleteDirectConnectGatewayAssociationCommand({
              associationId: netAssoc!.associationId!,
            }),
          ),
        )
      ).name,
    ).toBe("DirectConnectClientException");
    expect(
      (await associations(net, { associationId: netAssoc!.associationId! }))[0]?.associationState,
    ).toBe("associated");
  });
});

describe("paginators", () => {
  it("paginateDescribeDirectConnectGateways walks more than two pages", async () => {
    for (const name of ["page-a", "page-b", "page-c"]) await newGateway(net, name);
    const everything = ids(await gateways(net));
    expect(everything).toHaveLength(8);
    for (const [pageSize, expectedPages] of [
      [3, [3, 3, 2]],
      [1, [1, 1, 1, 1, 1, 1, 1, 1]],
    ] as const) {
      const sizes: number[] = [];
      const seen: string[] = [];
      for await (const page of paginateDescribeDirectConnectGateways(
        { client: netEu, pageSize },
        {},
      )) {
        sizes.push(page.directConnectGateways?.length ?? 0);
        seen.push(...(page.directConnectGateways ?? []).map((g) => g.directConnectGatewayId!));
      }
      expect(sizes).toEqual(expectedPages);
      expect(seen.sort()).toEqual(everything);
    }
  });

  it("paginateDescribeDirectConnectGatewayAssociations and -Attachments walk every item one at a time", async () => {
    const assocPages: string[] = [];
    for await (const page of paginateDescribeDirectConnectGatewayAssociations(
      { client: wl, pageSize: 1 },
      {},
    )) {
      expect(page.directConnectGatewayAssociations).toHaveLength(1);
      assocPages.push(page.directConnectGatewayAssociations![0]!.associationId!);
    }
    expect(assocPages).toHaveLength(3);
    expect(assocPages.sort()).toEqual((await associations(wl)).map((a) => a.associationId).sort());

    const core = await gatewayNamed(net, "network-core-dxgw");
    const attachmentPages: string[] = [];
    for await (const page of paginateDescribeDirectConnectGatewayAttachments(
      { client: net, pageSize: 1 },
      { directConnectGatewayId: core.directConnectGatewayId },
    )) {
      expect(page.directConnectGatewayAttachments).toHaveLength(1);
      attachmentPages.push(page.directConnectGatewayAttachments![0]!.virtualInterfaceId!);
    }
    expect(new Set(attachmentPages).size).toBe(2);
  });
});

describe("tags on a gateway", () => {
  it("tags a gateway by its global ARN from any region", async () => {
    const core = await gatewayNamed(net, "network-core-dxgw");
    const arn = `arn:aws:directconnect::${NETWORK.accountId}:dx-gateway/${core.directConnectGatewayId}`;
    await netEu.send(
      new TagResourceCommand({ resourceArn: arn, tags: [{ key: "tier", value: "core" }] }),
    );
    expect((await gateways(net, core.directConnectGatewayId))[0]?.tags).toEqual([
      { key: "tier", value: "core" },
    ]);
    expect(
      (
        await refusal(
          wl.send(
            new TagResourceCommand({ resourceArn: arn, tags: [{ key: "tier", value: "x" }] }),
          ),
        )
      ).name,
    ).toBe("DirectConnectClientException");
  });
});

describe("association and deletion edge cases", () => {
  it("refuses a virtual private gateway that another Direct Connect gateway already has", async () => {
    const seeded = (await associations(wl)).find(
      (a) =>
        a.associatedGateway?.type === "virtualPrivateGateway" &&
        a.associatedGateway.region === "us-east-1",
    )!;
    const other = await wl.send(
      new CreateDirectConnectGatewayCommand({
        directConnectGatewayName: "second",
        amazonSideAsn: 64600,
      }),
    );
    const refused = await refusal(
      wl.send(
        new CreateDirectConnectGatewayAssociationCommand({
          directConnectGatewayId: other.directConnectGateway!.directConnectGatewayId,
          gatewayId: seeded.associatedGateway!.id,
        }),
      ),
    );
    expect(refused.message).toBe(
      `Gateway ${seeded.associatedGateway!.id} is already associated with Direct Connect gateway ${seeded.directConnectGatewayId}.`,
    );
    expect(
      await associations(wl, {
        directConnectGatewayId: other.directConnectGateway!.directConnectGatewayId,
      }),
    ).toEqual([]);
  });

  it("keeps a gateway while an interface's attachment is still detaching", async () => {
    const gw = await gatewayNamed(net, "network-core-dxgw");
    // The gateway is global: its interfaces in both regions go.
    for (const client of [net, netEu]) {
      const vif = await vifNamed(client, "backup-private");
      await client.send(
        new DeleteVirtualInterfaceCommand({ virtualInterfaceId: vif.virtualInterfaceId }),
      );
    }
    for (const a of await associations(net, {
      directConnectGatewayId: gw.directConnectGatewayId,
    })) {
      await net.send(
        new DeleteDirectConnectGatewayAssociationCommand({ associationId: a.associationId }),
      );
    }
    const refused = await refusal(
      net.send(
        new DeleteDirectConnectGatewayCommand({
          directConnectGatewayId: gw.directConnectGatewayId,
        }),
      ),
    );
    expect(refused.message).toMatch(/has virtual interfaces attached/);
    await h.advance();
    await expect(
      net.send(
        new DeleteDirectConnectGatewayCommand({
          directConnectGatewayId: gw.directConnectGatewayId,
        }),
      ),
    ).resolves.toBeDefined();
  });
});
