#!/usr/bin/env python3
"""Regenerate lib/emulator/model/directconnect.json from botocore's official Direct Connect model.

The emulator validates every request against the official shapes (required members, types, enums,
lengths, ranges), so it must see the same model the SDKs are generated from. We keep only what
validation and routing need; docs are dropped to keep the file small.
Run: python3 scripts/generate-model.py
"""
import gzip, json, os
import botocore

src = os.path.join(os.path.dirname(botocore.__file__), "data/directconnect/2012-10-25/service-2.json.gz")
model = json.load(gzip.open(src))
keep = ("type", "required", "min", "max", "enum", "pattern")
shapes = {}
for name, shape in model["shapes"].items():
    out = {k: shape[k] for k in keep if k in shape}
    if "members" in shape:
        out["members"] = {m: v["shape"] for m, v in shape["members"].items()}
    if "member" in shape:
        out["member"] = shape["member"]["shape"]
    if shape.get("exception"):
        out["exception"] = True
    shapes[name] = out
operations = {
    name: {"input": op.get("input", {}).get("shape"), "output": op.get("output", {}).get("shape")}
    for name, op in sorted(model["operations"].items())
}
out = {"metadata": {k: model["metadata"][k] for k in ("apiVersion", "targetPrefix", "jsonVersion", "signatureVersion")},
       "operations": operations, "shapes": dict(sorted(shapes.items()))}
dst = os.path.join(os.path.dirname(__file__), "..", "lib/emulator/model/directconnect.json")
with open(dst, "w") as f:
    json.dump(out, f, indent=1, sort_keys=False)
    f.write("\n")
print(f"wrote {dst}: {len(operations)} operations, {len(shapes)} shapes")
