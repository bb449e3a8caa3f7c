import { InventoryView } from "@/components/inventory-view";

// A thin server shell: the inventory is live data, read in the browser through
// /api/inventory so that it can poll.
export default function HomePage() {
  return <InventoryView />;
}
