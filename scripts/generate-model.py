#!/usr/bin/env python3
"""Regenerate lib/emulator/model/*.json from botocore's official models: Direct Connect, and the STS
and Organizations operations dxmap uses to find accounts and assume roles.

The emulator validates every request against the official shapes (required members, types, enums,
lengths, ranges, patterns), so it must see the same model the SDKs are generated from. We keep only
what validation and routing need; docs are dropped to keep the files small.
Run: python3 scripts/generate-model.py
"""
import gzip, json, os
import botocore

DATA = os.path.join(os.path.dirname(botocore.__file__), "data")
OUT = os.path.join(os.path.dirname(__file__), "..", "lib/emulator/model")
KEEP = ("type", "required", "min", "max", "enum", "pattern")
METADATA = ("apiVersion", "targetPrefix", "jsonVersion", "signatureVersion", "protocol", "xmlNamespace")


def generate(service, version, out_name, keep_metadata):
    model = json.load(gzip.open(os.path.join(DATA, service, version, "service-2.json.gz")))
    shapes = {}
    for name, shape in model["shapes"].items():
        out = {k: shape[k] for k in KEEP if k in shape}
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
    out = {"metadata": {k: model["metadata"][k] for k in keep_metadata if k in model["metadata"]},
           "operations": operations, "shapes": dict(sorted(shapes.items()))}
    dst = os.path.join(OUT, out_name)
    with open(dst, "w") as f:
        json.dump(out, f, indent=1, sort_keys=False)
        f.write("\n")
    print(f"wrote {dst}: {len(operations)} operations, {len(shapes)} shapes")


# Direct Connect's file keeps the metadata it always had.
generate("directconnect", "2012-10-25", "directconnect.json", METADATA[:4])
generate("sts", "2011-06-15", "sts.json", METADATA)
generate("organizations", "2016-11-28", "organizations.json", METADATA)
