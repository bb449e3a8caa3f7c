import { VIF_STATE } from "@/lib/dx/states";

import { StateBadge } from "../state-badge";

// One legend for every badge: the colour groups states, the text names them.
const GROUPS: { state: string; meaning: string }[] = [
  { state: VIF_STATE.available, meaning: "working (also up, attached, associated)" },
  {
    state: VIF_STATE.pending,
    meaning: "AWS is moving it on (requested, verifying, attaching, associating…)",
  },
  {
    state: VIF_STATE.confirming,
    meaning: "waits for the owner's approval (also ordering: a hosted connection to accept)",
  },
  { state: VIF_STATE.down, meaning: "down or rejected" },
  { state: VIF_STATE.deleting, meaning: "going or gone" },
  // Any name dxmap does not know is drawn in grey: this one stands for all of them.
  { state: "other", meaning: "a state new to dxmap, shown in AWS's own words" },
];

export function Legend() {
  return (
    <section
      aria-labelledby="legend-title"
      className="rounded-lg border border-border bg-surface p-3 text-xs"
    >
      <h2 id="legend-title" className="mb-2 font-semibold">
        Legend
      </h2>
      <ul className="space-y-1.5">
        {GROUPS.map((g) => (
          <li key={g.state} className="flex items-center gap-2">
            <StateBadge state={g.state} />
            <span className="text-muted">{g.meaning}</span>
          </li>
        ))}
      </ul>
      <p className="mt-2 text-muted">
        <span className="font-medium text-foreground">At the right edge</span>: the transit and
        virtual private gateways associated with each Direct Connect gateway, with the
        association&apos;s state.
      </p>
      <p className="mt-2 text-muted">
        <span className="font-medium text-foreground">Needs attention</span>, in the state filter,
        counts what waits for approval (listed under Approvals in the header) and what is down or
        rejected.
      </p>
    </section>
  );
}
