import { describe, expect, it } from "vitest";

import { DEFAULT_ACCOUNTS } from "./emulator";
import {
  addMemberAccount,
  addOrganizationalUnit,
  closeAccount,
  createOrganization,
  OrganizationInputError,
  putRole,
  standing,
} from "./organization";
import { isKnownSeed, seedState } from "./seed";
import { SCALE_ACCOUNTS } from "./seed-generated";
import { memberAccountIds, parseOrganizationSeed } from "./seed-organization";
import { emptyState } from "./state";

const NOW = Date.UTC(2026, 10, 27);
const accounts = [...DEFAULT_ACCOUNTS, ...SCALE_ACCOUNTS];
const seed = (name: string) => seedState(name, accounts, NOW, 3000);

describe("the seeds' organizations", () => {
  it.each(["default", "S", "M", "L"])(
    "%s: network manages every known account, each with dxmap-read trusting network",
    (name) => {
      const state = seed(name);
      const organization = state.organization!;
      expect(organization.managementAccountId).toBe("111111111111");
      expect(Object.keys(organization.accounts).sort()).toEqual(
        accounts.map((a) => a.accountId).sort(),
      );
      for (const account of accounts) {
        expect(state.roles[`arn:aws:iam::${account.accountId}:role/dxmap-read`]).toMatchObject({
          trust: ["111111111111"],
          maxSessionDuration: 3600,
        });
      }
      expect(organization.id).toMatch(/^o-[a-z0-9]{10}$/);
      expect(organization.rootId).toMatch(/^r-[a-z0-9]{4}$/);
    },
  );

  it("empty has none", () => {
    expect(seed("empty").organization).toBeNull();
    expect(seed("empty").roles).toEqual({});
  });

  it("gives the same ids every time", () => {
    expect(seed("default").organization).toEqual(seed("default").organization);
    expect(seed("ORG:40").organization).toEqual(seed("ORG:40").organization);
    expect(seed("ORG:40").connections).toEqual(seed("ORG:40").connections);
  });

  it("ORG:<n> has n keyless members with dxmap-read, spread over units, and Direct Connect in three", () => {
    const state = seed("ORG:40");
    const organization = state.organization!;
    const members = Object.values(organization.accounts).filter(
      (a) => a.id !== organization.managementAccountId,
    );
    expect(members).toHaveLength(40);
    expect(new Set(members.map((m) => m.id)).size).toBe(40);
    for (const m of members) {
      expect(m.id).toMatch(/^[1-9]\d{11}$/);
      expect(accounts.map((a) => a.accountId)).not.toContain(m.id);
      expect(state.roles[`arn:aws:iam::${m.id}:role/dxmap-read`]?.trust).toEqual(["111111111111"]);
    }
    expect(new Set(members.map((m) => m.parentId)).size).toBe(4);
    const owners = new Set(Object.values(state.connections).map((c) => c.ownerAccount));
    expect(owners.size).toBe(4);
    expect(Object.keys(state.connections)).toHaveLength(4);
  });

  it("knows ORG:1 to ORG:1000 and no other count", () => {
    expect(parseOrganizationSeed("ORG:1")).toEqual({ members: 1 });
    expect(parseOrganizationSeed("ORG:1000")).toEqual({ members: 1000 });
    for (const name of ["ORG:0", "ORG:1001", "ORG", "ORG:", "org:5", "ORG:5x"])
      expect(isKnownSeed(name)).toBe(false);
    expect(isKnownSeed("ORG:25")).toBe(true);
  });

  it("draws member ids that avoid the ones it is told are taken", () => {
    const first = memberAccountIds("ORG:5", 5, []);
    const again = memberAccountIds("ORG:5", 5, [first[0]!]);
    expect(again).not.toContain(first[0]);
    expect(again.slice(0, 4)).toEqual(first.slice(1));
  });

  it("builds at organization scale in a blink (200 members)", () => {
    const started = performance.now();
    const state = seed("ORG:200");
    expect(Object.keys(state.organization!.accounts)).toHaveLength(201);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe("the organization's building blocks", () => {
  it("refuse bad input before changing anything", () => {
    const state = emptyState("test");
    expect(() => addOrganizationalUnit(state, { name: "x" })).toThrow(OrganizationInputError);
    createOrganization(state, {
      managementAccountId: "111111111111",
      managementName: "m",
      now: NOW,
    });
    const snapshot = JSON.stringify(state);
    const refused = [
      () =>
        createOrganization(state, {
          managementAccountId: "222222222222",
          managementName: "m",
          now: NOW,
        }),
      () => addMemberAccount(state, { accountId: "111111111111", name: "again", joinedAt: NOW }),
      () => addMemberAccount(state, { accountId: "12", name: "short", joinedAt: NOW }),
      () => addMemberAccount(state, { accountId: "222222222222", name: "", joinedAt: NOW }),
      () =>
        addMemberAccount(state, {
          accountId: "222222222222",
          name: "bad-role",
          joinedAt: NOW,
          role: { trust: ["nobody"] },
        }),
      () => putRole(state, { accountId: "222222222222", roleName: "has space", trust: [] }),
      () =>
        putRole(state, {
          accountId: "222222222222",
          roleName: "r",
          trust: [],
          maxSessionDuration: 50_000,
        }),
      () => closeAccount(state, "111111111111", NOW),
      () => addOrganizationalUnit(state, { name: "u", parentId: "ou-abcd-abcdefgh" }),
    ];
    for (const change of refused) {
      expect(change).toThrow(OrganizationInputError);
      expect(JSON.stringify(state)).toBe(snapshot);
    }
  });

  it("close an account: pending closure for a transition, suspended for 90 days, then gone", () => {
    const state = emptyState("test");
    createOrganization(state, {
      managementAccountId: "111111111111",
      managementName: "m",
      now: NOW,
    });
    const { account } = addMemberAccount(state, {
      accountId: "222222222222",
      name: "w",
      joinedAt: NOW,
    });
    closeAccount(state, account.id, NOW);
    expect(standing(account, NOW, 3000)).toEqual({
      status: "PENDING_CLOSURE",
      state: "PENDING_CLOSURE",
    });
    expect(standing(account, NOW + 3000, 3000)).toEqual({ status: "SUSPENDED", state: "CLOSED" });
    expect(standing(account, NOW + 90 * 86_400_000, 3000)).toBeUndefined();
  });
});
