"use client";

import { useState } from "react";
import { toast } from "sonner";

import { DEFAULT_ROUTER_TYPE, ROUTER_TYPES } from "@/lib/dx/router-types";
import type { DxVirtualInterface } from "@/lib/dx/types";

import { parseJson } from "../fetch-json";
import { saveFile } from "../save-file";
import { useDxConfig } from "../use-topology";
import { ActionDialog, ActionForm, FormFooter } from "./action-dialog";
import { FormField } from "./form-field";
import { buttonClass } from "./styles";
import { useSingleFlight } from "./use-single-flight";

// "Router configuration": the configuration of the customer's router for an interface, for the
// router chosen, saved as a file. It holds the BGP auth keys: the server gives it only as a download
// and only to users who may change things, and the page hands it to the browser's downloads at once,
// keeping nothing of it (no query cache, no state).

const VENDORS = [...new Set(ROUTER_TYPES.map((t) => t.vendor))];

/** The file name the server gives (Content-Disposition), else one of the same shape. */
function filenameOf(response: Response, fallback: string): string {
  const header = response.headers.get("content-disposition") ?? "";
  return /filename="([^"]+)"/.exec(header)?.[1] ?? fallback;
}

export function RouterConfigurationButton({ vif }: { vif: DxVirtualInterface }) {
  const { data: config } = useDxConfig();
  const [open, setOpen] = useState(false);
  const [router, setRouter] = useState(DEFAULT_ROUTER_TYPE);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const account = vif.ownerAlias ?? vif.account;
  const download = useSingleFlight(async () => {
    setBusy(true);
    setError(null);
    const fallback = `${vif.id}-${router}.txt`;
    try {
      const params = new URLSearchParams({
        account,
        region: vif.region,
        routerTypeIdentifier: router,
      });
      const response = await fetch(
        `/api/virtual-interfaces/${encodeURIComponent(vif.id)}/router-configuration?${params}`,
        { cache: "no-store" },
      );
      // A refusal is JSON with the server's (or AWS's) reason.
      if (!response.ok) await parseJson(response);
      const name = filenameOf(response, fallback);
      saveFile(name, await response.blob());
      toast.success(`Saved ${name}`);
      setOpen(false);
    } catch (e) {
      setError(e instanceof Error ? e : new Error("The dxmap server did not answer."));
    } finally {
      setBusy(false);
    }
  });
  // Shown once the server has said who the user is, so nobody sees it flash and go.
  if (!config) return null;

  return (
    <ActionDialog
      open={open}
      onOpenChange={setOpen}
      onClose={() => setError(null)}
      busy={busy}
      blocker={
        config.readOnly
          ? "Read-only access: a router configuration holds the BGP auth key, which dxmap gives only to users who may change things."
          : null
      }
      title="Router configuration"
      description={`The configuration of your router for ${vif.name || vif.id} (VLAN ${vif.vlan ?? "unknown"}), as AWS writes it for the router chosen. It holds the BGP auth key: keep the file as you keep the key.`}
      trigger={
        <button type="button" className={buttonClass.secondary}>
          Router configuration<span className="sr-only"> of {vif.name || vif.id}</span>
        </button>
      }
    >
      <ActionForm busy={busy} onSubmit={() => void download()}>
        <fieldset disabled={busy}>
          <FormField label="Router (vendor, platform, software)">
            {(props) => (
              <select {...props} value={router} onChange={(e) => setRouter(e.target.value)}>
                {VENDORS.map((vendor) => (
                  <optgroup key={vendor} label={vendor}>
                    {ROUTER_TYPES.filter((t) => t.vendor === vendor).map((t) => (
                      <option key={t.routerTypeIdentifier} value={t.routerTypeIdentifier}>
                        {t.platform} · {t.software}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
            )}
          </FormField>
        </fieldset>
        <FormFooter error={error} busy={busy} busyText="Asking AWS for the configuration…">
          <button type="submit" disabled={busy} className={buttonClass.primary}>
            Download
          </button>
        </FormFooter>
      </ActionForm>
    </ActionDialog>
  );
}
