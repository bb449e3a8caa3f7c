import { describe, expect, it } from "vitest";

import { splitFieldErrors } from "./field-errors";
import { interfaceFormField } from "./interface-form";

describe("the server's field messages", () => {
  it("go beside the control that holds the value; the rest beside AWS's message", () => {
    const split = splitFieldErrors(
      {
        virtualGatewayId: ["Choose one gateway."],
        "routeFilterPrefixes.2": ["x is not a CIDR."],
        "routeFilterPrefixes.3": ["y is not a CIDR."],
        ownerAccount: ["An AWS account id has 12 digits."],
        connectionId: ["A connection id looks like dxcon-ab12cd34."],
      },
      interfaceFormField,
    );
    expect(split).toEqual({
      fields: {
        gateway: "Choose one gateway.",
        routeFilterPrefixes: "x is not a CIDR.",
        otherAccount: "An AWS account id has 12 digits.",
      },
      other: ["connectionId: A connection id looks like dxcon-ab12cd34."],
    });
  });

  it("are empty when the server named none", () => {
    expect(splitFieldErrors(undefined, interfaceFormField)).toEqual({ fields: {}, other: [] });
  });
});
