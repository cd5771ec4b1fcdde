#!/usr/bin/env python3
"""Validate data/ (framework, geo, demo): counts, schemas, and that every code is valid."""
import csv
import json
import re
import sys
from pathlib import Path

D = Path(__file__).resolve().parents[2] / "data"
errs = []


def need(cond, msg):
    if not cond:
        errs.append(msg)


def keys(obj, req, where, opt=()):
    for k in req:
        need(k in obj, f"{where}: missing key {k}")
    for k in obj:
        need(k in req or k in opt, f"{where}: unexpected key {k}")


al = json.loads((D / "framework/action_lines.json").read_text("utf-8"))
keys(al, ["framework", "source", "items"], "action_lines")
SUB = ["e-government", "e-business", "e-learning", "e-health", "e-employment", "e-environment",
       "e-agriculture", "e-science"]
exp = [f"C{i}" for i in range(1, 12)] + [f"C7.{s}" for s in SUB]
need([x["code"] for x in al["items"]] == exp, "action line codes/order")
for x in al["items"]:
    keys(x, ["code", "parent", "number", "title", "intro", "paragraphs", "facilitators", "source",
             "complete"], x["code"], ["note"])
    need(x["parent"] == ("C7" if "." in x["code"] else None), f"{x['code']} parent")
    need(x["number"] == int(x["code"][1:].split(".")[0]), f"{x['code']} number")
    need(all(isinstance(p, str) and p and "<" not in p for p in x["paragraphs"]), f"{x['code']} paragraphs")
    need(isinstance(x["complete"], bool), f"{x['code']} complete")
sd = json.loads((D / "framework/sdgs.json").read_text("utf-8"))
keys(sd, ["source", "items"], "sdgs")
need([x["code"] for x in sd["items"]] == [f"SDG{i}" for i in range(1, 18)], "sdg codes")
targets = set()
for x in sd["items"]:
    keys(x, ["code", "number", "title", "short", "targets", "source"], x["code"])
    for t in x["targets"]:
        keys(t, ["code", "text"], x["code"])
        need(re.fullmatch(rf"{x['number']}\.(\d+|[a-z])", t["code"]) is not None, f"target {t['code']}")
        need(t["text"] and "<" not in t["text"], f"target text {t['code']}")
        targets.add(t["code"])
gd = json.loads((D / "framework/gdc.json").read_text("utf-8"))
keys(gd, ["source", "items"], "gdc")
need([x["code"] for x in gd["items"]] == [f"GDC{i}" for i in range(1, 6)], "gdc codes")
for x in gd["items"]:
    keys(x, ["code", "number", "title", "text", "paragraphs", "source"], x["code"], ["note"])
codes = set(exp) | {f"SDG{i}" for i in range(1, 18)} | {f"GDC{i}" for i in range(1, 6)}
cw = json.loads((D / "framework/crosswalk.json").read_text("utf-8"))
keys(cw, ["links"], "crosswalk")
pairs = set()
for i, l in enumerate(cw["links"]):
    keys(l, ["from", "to", "targets", "rationale", "source", "kind"], f"link {i}")
    need(l["from"] in codes and l["to"] in codes, f"link {i} codes {l['from']}->{l['to']}")
    need(l["kind"] in ("wsis-sdg-matrix", "gdc-action-line"), f"link {i} kind")
    if l["kind"] == "wsis-sdg-matrix":
        need(l["from"] in exp and l["to"].startswith("SDG"), f"link {i} direction")
        need(all(t in targets and t.split(".")[0] == l["to"][3:] for t in l["targets"]), f"link {i} targets {l['targets']}")
    else:
        need(l["from"].startswith("GDC") and l["to"] in exp, f"link {i} direction")
    need((l["from"], l["to"]) not in pairs, f"duplicate link {l['from']}->{l['to']}")
    pairs.add((l["from"], l["to"]))
    need(bool(l["rationale"].strip()), f"link {i} rationale")
with (D / "geo/countries.csv").open(encoding="utf-8", newline="") as f:
    rd = csv.reader(f)
    hdr = next(rd)
    rows = list(rd)
need(hdr == "iso3,iso2,m49,name,region_code,region,subregion_code,subregion,intermediate_region_code,intermediate_region,ldc,lldc,sids,income_group".split(","), "csv header")
iso3 = {r[0] for r in rows}
need(len(iso3) == len(rows), "duplicate iso3")
for r in rows:
    need(len(r) == 14 and re.fullmatch(r"[A-Z]{3}", r[0]) and re.fullmatch(r"\d{3}", r[2]), f"row {r[:3]}")
    need(all(v in ("0", "1") for v in r[10:13]), f"flags {r[0]}")
ini = json.loads((D / "demo/initiatives.json").read_text("utf-8"))
need(40 <= len(ini) <= 80, "initiative count")
G = {"government", "international-organization", "private-sector", "civil-society", "academia", "technical-community"}
K = {"project", "programme", "training", "platform", "policy", "event", "publication"}
seen_g, seen_k, seen_c = set(), set(), set()
for x in ini:
    keys(x, ["id", "title", "description", "organization", "kind", "countries", "start_date", "end_date",
             "status", "links", "codes", "attribution", "sample"], x["id"])
    o = x["organization"]
    keys(o, ["name", "stakeholder_group", "country"], x["id"] + ".organization")
    need(o["stakeholder_group"] in G, f"{x['id']} group")
    need(o["country"] is None or o["country"] in iso3, f"{x['id']} org country")
    need(x["kind"] in K and x["status"] in ("planned", "ongoing", "completed"), f"{x['id']} kind/status")
    need(all(cc in iso3 for cc in x["countries"]), f"{x['id']} countries")
    for dt in (x["start_date"], x["end_date"]):
        need(dt is None or re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", dt), f"{x['id']} date {dt}")
    need(all(c["code"] in codes and c["origin"] == "declared" for c in x["codes"]), f"{x['id']} codes")
    need(isinstance(x["sample"], bool), f"{x['id']} sample")
    seen_g.add(o["stakeholder_group"]); seen_k.add(x["kind"]); seen_c |= {c["code"] for c in x["codes"]}
need(seen_g == G, f"groups missing {G - seen_g}")
need(seen_k == K, f"kinds missing {K - seen_k}")
need(set(exp) <= seen_c, f"action lines missing in demo {set(exp) - seen_c}")
print(f"action lines {len(al['items'])}, SDGs {len(sd['items'])} ({len(targets)} targets), GDC {len(gd['items'])}, "
      f"links {len(cw['links'])}, countries {len(rows)}, initiatives {len(ini)} "
      f"({sum(not x['sample'] for x in ini)} real)")
print("\n".join(errs) if errs else "OK")
sys.exit(1 if errs else 0)
