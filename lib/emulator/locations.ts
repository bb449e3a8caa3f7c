/**
 * Direct Connect locations by region. Codes and names follow the real service's style (EqDC2, CSVA1,
 * TIVIT...); the lists are short on purpose (emulator choice). DescribeLocations answers from here.
 */
import type { Location } from "@aws-sdk/client-direct-connect";

const SPEEDS = ["1Gbps", "10Gbps", "100Gbps"];
const PROVIDERS = ["Equinix, Inc.", "Megaport", "Zayo"];

const table: Record<string, [code: string, name: string][]> = {
  "us-east-1": [
    ["EqDC2", "Equinix DC1-DC6, DC10-DC11, Ashburn, VA"],
    ["CSVA1", "CoreSite VA1, Reston, VA"],
    ["EqNY5", "Equinix NY5, Secaucus, NJ"],
  ],
  "us-west-1": [["EqSV5", "Equinix SV5, San Jose, CA"]],
  "us-west-2": [
    ["EqSE2", "Equinix SE2, Seattle, WA"],
    ["CSOR1", "CoreSite Hillsboro, OR"],
  ],
  "eu-west-1": [
    ["EirDB1", "Eircom Clonshaugh, Dublin"],
    ["TCDUB", "Digital Realty Dublin (Profile Park)"],
    ["IntDUB2", "Interxion DUB2, Dublin"],
  ],
  "eu-central-1": [
    ["EqFA5", "Equinix FR5, Frankfurt"],
    ["IntFR1", "Interxion FRA6, Frankfurt"],
  ],
  "ap-southeast-2": [["EqSY3", "Equinix SY3, Sydney"]],
  "sa-east-1": [["TIVIT", "Tivit - Sao Paulo"]],
  // Last: a region's index places its IPv6 blocks (regionIndex), so regions are only ever appended.
  "ap-southeast-1": [
    ["EqSG2", "Equinix SG2, Singapore"],
    ["GSSIN", "Global Switch Singapore, Tai Seng"],
  ],
  "ap-northeast-1": [
    ["EqTY2", "Equinix TY2, Tokyo"],
    ["ATTKY", "AT Tokyo Chuo Data Center, Tokyo"],
  ],
};

export const regions = Object.keys(table);

export function locationsIn(region: string): Location[] {
  return (table[region] ?? []).map(([locationCode, locationName]) => ({
    locationCode,
    locationName,
    region,
    availablePortSpeeds: SPEEDS,
    availableProviders: PROVIDERS,
    availableMacSecPortSpeeds: ["10Gbps", "100Gbps"],
  }));
}

export const findLocation = (region: string, code: string) =>
  locationsIn(region).find((l) => l.locationCode === code);

export const regionIndex = (region: string) => Math.max(0, regions.indexOf(region));
