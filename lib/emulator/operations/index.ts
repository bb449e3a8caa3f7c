/**
 * Operation name → handler. Every operation of the official model is recognised (model/index.ts);
 * the ones below are implemented, the rest answer with an error that names them.
 */
import type { Handler } from "../context";
import * as c from "./connections";
import * as g from "./gateways";
import * as t from "./tags";
import * as v from "./virtual-interfaces";

// Handlers are typed with the SDK's own request and response shapes in their modules; the registry
// only needs to dispatch by name.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const handlers: Record<string, Handler<any, unknown>> = {
  DescribeConnections: c.describeConnections,
  DescribeHostedConnections: c.describeHostedConnections,
  CreateConnection: c.createConnection,
  DeleteConnection: c.deleteConnection,
  ConfirmConnection: c.confirmConnection,
  UpdateConnection: c.updateConnection,
  DescribeLags: c.describeLags,
  CreateLag: c.createLag,
  DeleteLag: c.deleteLag,
  UpdateLag: c.updateLag,
  DescribeLocations: c.describeLocations,
  DescribeVirtualGateways: c.describeVirtualGateways,

  DescribeVirtualInterfaces: v.describeVirtualInterfaces,
  CreatePrivateVirtualInterface: v.createPrivateVirtualInterface,
  CreatePublicVirtualInterface: v.createPublicVirtualInterface,
  CreateTransitVirtualInterface: v.createTransitVirtualInterface,
  AllocatePrivateVirtualInterface: v.allocatePrivateVirtualInterface,
  AllocatePublicVirtualInterface: v.allocatePublicVirtualInterface,
  AllocateTransitVirtualInterface: v.allocateTransitVirtualInterface,
  ConfirmPrivateVirtualInterface: v.confirmPrivateVirtualInterface,
  ConfirmPublicVirtualInterface: v.confirmPublicVirtualInterface,
  ConfirmTransitVirtualInterface: v.confirmTransitVirtualInterface,
  DeleteVirtualInterface: v.deleteVirtualInterface,
  UpdateVirtualInterfaceAttributes: v.updateVirtualInterfaceAttributes,
  CreateBGPPeer: v.createBgpPeer,
  DeleteBGPPeer: v.deleteBgpPeer,
  DescribeRouterConfiguration: v.describeRouterConfiguration,
  StartBgpFailoverTest: v.startBgpFailoverTest,
  StopBgpFailoverTest: v.stopBgpFailoverTest,
  ListVirtualInterfaceTestHistory: v.listVirtualInterfaceTestHistory,

  DescribeDirectConnectGateways: g.describeDirectConnectGateways,
  CreateDirectConnectGateway: g.createDirectConnectGateway,
  DeleteDirectConnectGateway: g.deleteDirectConnectGateway,
  DescribeDirectConnectGatewayAttachments: g.describeDirectConnectGatewayAttachments,
  DescribeDirectConnectGatewayAssociations: g.describeDirectConnectGatewayAssociations,
  CreateDirectConnectGatewayAssociation: g.createDirectConnectGatewayAssociation,
  DeleteDirectConnectGatewayAssociation: g.deleteDirectConnectGatewayAssociation,

  DescribeTags: t.describeTags,
  TagResource: t.tagResource,
  UntagResource: t.untagResource,
};

/** Reads: they never write the state file. */
export const isReadOnly = (operation: string) =>
  operation.startsWith("Describe") || operation.startsWith("List");
