#!/usr/bin/env python3
"""Regenerate wsis-hub's shipped framework and geo data from the maintainers' sources.

Maintainer script (python3.11, stdlib only). Reads the read-only source collection
(default ../shared/data relative to the repository root, override with --shared) and
the hand-curated JSON in scripts/data/curated/, and writes:

  data/framework/action_lines.json
  data/framework/sdgs.json
  data/framework/gdc.json
  data/framework/crosswalk.json
  data/geo/countries.csv

Usage:  python3 scripts/data/build_data.py [--shared /work/shared/data]
Then:   python3 scripts/data/check_data.py
"""
from __future__ import annotations

import argparse
import csv
import html
import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CURATED = Path(__file__).resolve().parent / "curated"
OUT = REPO / "data"

POA_DOC = "Geneva Plan of Action, WSIS-03/GENEVA/DOC/5-E, 12 December 2003"
POA_URL = "https://www.itu.int/net/wsis/docs/geneva/official/poa.html"
UWI = ("github.com/uwidcit/WSIS-SDG-Matrix, src/assets/data/en/actions.json "
       "(commit 09aad16, 2019; University of the West Indies DCIT 'ICT4SDG' transcription)")
UWI_SDGS = ("github.com/uwidcit/WSIS-SDG-Matrix, src/assets/data/en/sdgs.json (commit 09aad16, 2019)")
MATRIX = "ITU/UN Action Line Facilitators WSIS-SDG Matrix (https://www.itu.int/net4/wsis/sdg/)"

SUBLINES = ["e-government", "e-business", "e-learning", "e-health",
            "e-employment", "e-environment", "e-agriculture", "e-science"]
# index in the uwidcit actions.json -> wsis-hub code
APP_CODES = (["C1", "C2", "C3", "C4", "C5", "C6"] + [f"C7.{s}" for s in SUBLINES]
             + ["C8", "C9", "C10", "C11"])


def dump(path: Path, obj) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as f:
        json.dump(obj, f, ensure_ascii=False, indent=2)
        f.write("\n")


def norm_ws(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def strip_tags(s: str) -> str:
    return norm_ws(html.unescape(re.sub(r"<[^>]*>", " ", s)))


# ---------------------------------------------------------------- action lines
def parse_poa_html(desc: str) -> tuple[str, list[str]]:
    """Split an app 'desc' into (intro, [action items]); nested <ol> items are folded
    into their parent item as 'i) ...; ii) ...' so each top-level item stays one paragraph."""
    desc = desc.replace("<pThe", "<p>The")  # broken tag in the C10 entry
    intro = ""
    m = re.match(r"\s*<p>(.*?)</p>", desc, re.S)
    if m:
        intro = strip_tags(m.group(1))
        desc = desc[m.end():]
    # tokenise the list structure
    tokens = re.findall(r"<ol>|</ol>|<li>|</li>|[^<]+|<[^>]+>", desc)
    items: list[str] = []
    depth = 0
    cur: list[str] = []
    subs: list[str] = []
    sub_cur: list[str] | None = None
    roman = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"]

    def close_top():
        nonlocal cur, subs
        text = norm_ws(html.unescape("".join(cur)))
        if subs:
            text = norm_ws(text + " " + " ".join(
                f"{roman[k]}) {s}" for k, s in enumerate(subs)))
        if text:
            items.append(text)
        cur, subs = [], []

    for t in tokens:
        if t == "<ol>":
            depth += 1
        elif t == "</ol>":
            if depth == 1 and (cur or subs):
                close_top()
            depth -= 1
        elif t == "<li>":
            if depth == 1:
                if cur or subs:
                    close_top()
            elif depth == 2:
                sub_cur = []
        elif t == "</li>":
            if depth == 1:
                close_top()
            elif depth == 2 and sub_cur is not None:
                subs.append(norm_ws(html.unescape("".join(sub_cur))))
                sub_cur = None
        elif t.startswith("<"):
            continue
        else:
            if depth == 2 and sub_cur is not None:
                sub_cur.append(t)
            elif depth >= 1:
                cur.append(t)
    return intro, items


def build_action_lines(shared: Path) -> tuple[dict, list[str]]:
    log: list[str] = []
    base = json.loads((shared / "framework/wsis_action_lines.json").read_text("utf-8"))
    app = json.loads((shared / "framework/wsis_sdg_matrix/actions.json").read_text("utf-8"))
    fac = json.loads((CURATED / "facilitators.json").read_text("utf-8"))["lines"]
    by_code = {it["code"]: it for it in base["items"]}
    app_by_code = {APP_CODES[x["id"]]: x for x in app}

    def check_against_base(code, paras, base_actions):
        for a in base_actions:
            a2 = re.sub(r"^\([a-z]\)\s*", "", a)
            a2n = norm_ws(a2).rstrip(";").lower()
            if not any(a2n[:120] in norm_ws(p).lower() for p in paras):
                log.append(f"{code}: item not identical in the app transcription: {a2[:90]}...")

    items = []
    for n in range(1, 12):
        code = f"C{n}"
        b = by_code[code]
        note_parts = []
        if code == "C7":
            intro = b["intro"]
            paras: list[str] = []
            complete = True
            src = (f"{POA_DOC}, para 14 ({POA_URL}); intro as quoted at "
                   "http://imrankazmi666.blogspot.com/2013/08/what-is-ict-application-ict.html")
            note_parts.append("C7 has no action items of its own: they are under its eight "
                              "sub-lines (codes C7.e-*).")
        else:
            a = app_by_code[code]
            app_intro, paras = parse_poa_html(a["desc"])
            intro = b.get("intro") or app_intro
            if code == "C6":
                note_parts.append("The transcription's C6 intro repeats the C5 intro by mistake; "
                                  "the intro here is from http://wsis.ecommons.net/node/view/26 "
                                  "(December 2003 text).")
            if not b.get("intro") and app_intro:
                note_parts.append("Intro paragraph from the uwidcit transcription only.")
            check_against_base(code, paras, b.get("actions", []))
            complete = True
            src = f"{POA_DOC} ({POA_URL}); text as transcribed in {UWI}; cross-checked with {b['source']}"
            note_parts.append("Paragraphs from a third-party transcription of the Plan of Action "
                              "(official letters a), b), ... dropped); not compared word by word "
                              "with the official text.")
        variants = b.get("title_variants") or []
        if variants:
            note_parts.append("Also titled: " + "; ".join(f"'{v}'" for v in variants) + ".")
        fnote = fac[code]["evidence"]
        if code == "C7":
            note_parts.append("Facilitators are listed per sub-line; facilitators list left empty here.")
        note_parts.append("Facilitators: " + fnote)
        items.append({
            "code": code, "parent": None, "number": n, "title": b["title"],
            "intro": intro, "paragraphs": paras,
            "facilitators": fac[code]["facilitators"], "source": src,
            "complete": complete, "note": " ".join(note_parts),
        })

    sub_titles = {s["code"]: s["title"] for s in by_code["C7"]["sub_lines"]}
    for s in SUBLINES:
        code = f"C7.{s}"
        a = app_by_code[code]
        _, paras = parse_poa_html(a["desc"])
        note_parts = []
        if paras:
            complete = True
            src = f"{POA_DOC}, para 15 ({POA_URL}); text as transcribed in {UWI}"
            note_parts.append("Paragraphs from a third-party transcription of the Plan of Action; "
                              "not compared word by word with the official text.")
        else:
            complete = False
            src = f"{POA_DOC}, para 15 ({POA_URL}); the transcription {UWI} has an empty entry"
            note_parts.append("No action items found for this sub-line. The Plan of Action is "
                              "believed to refer e-learning to section C4 (Capacity building), "
                              "but that wording was not verified in a stored source.")
        if code == "C7.e-business":
            check_against_base(code, paras, [x for sl in by_code["C7"]["sub_lines"]
                                             if sl["code"] == code for x in sl.get("actions", [])])
        note_parts.append("Facilitators: " + fac[code]["evidence"])
        items.append({
            "code": code, "parent": "C7", "number": 7, "title": sub_titles[code],
            "intro": "", "paragraphs": paras, "facilitators": fac[code]["facilitators"],
            "source": src, "complete": complete, "note": " ".join(note_parts),
        })

    return {
        "framework": "WSIS Action Lines (Geneva Plan of Action, 2003)",
        "source": (f"{POA_DOC} ({POA_URL}). Paragraph texts from the transcription {UWI}, "
                   "cross-checked with public copies listed per item; facilitators: ITU 'WSIS "
                   "Action Line Facilitators' (https://www.itu.int/en/itu-wsis/Pages/ActionLines.aspx), "
                   "partly corroborated per item (see note)."),
        "items": items,
    }, log


# ------------------------------------------------------------------------ SDGs
def parse_targets(goal: int, desc: str) -> list[dict]:
    desc = re.sub(r"<h3>.*?</h3>", " ", desc)  # section headings inside goal 17
    desc = re.sub(rf"(^|>|\s){goal}\. (\d{{1,2}}) ", rf"\g<1>{goal}.\g<2> ", desc)  # "9. 5"
    text = strip_tags(desc.replace("</p>", " </p>"))
    pat = re.compile(rf"(?:(?<=\s)|^){goal}\.(\d{{1,2}}|[a-d])(?=\s)")
    marks = []
    for m in pat.finditer(text):
        sub = m.group(1)  # "$1.25 a day" is excluded by the whitespace look-behind
        marks.append((m.start(), m.end(), f"{goal}.{sub}"))
    out = []
    seen = set()
    for i, (s, e, code) in enumerate(marks):
        end = marks[i + 1][0] if i + 1 < len(marks) else len(text)
        t = text[e:end].strip()
        if code in seen:
            continue
        seen.add(code)
        out.append({"code": code, "text": t})
    return out


def build_sdgs(shared: Path) -> tuple[dict, list[str]]:
    log = []
    app = json.loads((shared / "framework/wsis_sdg_matrix/sdgs.json").read_text("utf-8"))
    titles = json.loads((CURATED / "sdg_titles.json").read_text("utf-8"))["goals"]
    items = []
    total = 0
    for g in app:
        n = g["id"] + 1
        _, title, short = titles[n - 1]
        targets = parse_targets(n, g["desc"])
        total += len(targets)
        if norm_ws(g["name"]).lower() != title.lower():
            log.append(f"SDG{n}: app title differs from A/RES/70/1: {g['name']!r}")
        item = {"code": f"SDG{n}", "number": n, "title": title, "short": short,
                "targets": targets,
                "source": f"A/RES/70/1 (https://docs.un.org/en/A/RES/70/1); targets as transcribed in {UWI_SDGS}"}
        items.append(item)
    # which targets are missing? Official counts per goal (A/RES/70/1: 169 targets)
    official = {1: 7, 2: 8, 3: 13, 4: 10, 5: 9, 6: 8, 7: 5, 8: 12, 9: 8, 10: 10, 11: 10,
                12: 11, 13: 5, 14: 10, 15: 12, 16: 12, 17: 19}
    for it in items:
        n = it["number"]
        if len(it["targets"]) != official[n]:
            codes = [t["code"] for t in it["targets"]]
            log.append(f"SDG{n}: {len(codes)} targets parsed, {official[n]} expected: {codes}")
    return {"source": ("United Nations General Assembly resolution A/RES/70/1 (2015), goals and "
                       f"targets; target texts as transcribed in {UWI_SDGS} (HTML stripped); short "
                       "names from the UN SDG icons (https://www.un.org/sustainabledevelopment/)."),
            "items": items, "_total_targets": total}, log


# ------------------------------------------------------------------------- GDC
def build_gdc(shared: Path) -> dict:
    objs = json.loads((shared / "framework/gdc_objectives.json").read_text("utf-8"))
    text = json.loads((shared / "framework/gdc_text.json").read_text("utf-8"))
    official = objs["official_url"]
    by_code = {o["code"]: o for o in text["objectives"]}
    items = []
    for o in objs["objectives"]:
        n = o["n"]
        code = f"GDC{n}"
        t = by_code[code]
        paras = []
        notes = ["Objective title from two secondary summaries (martel-innovate.com, "
                 "direito.up.pt) that give identical lists; not re-read from the official text.",
                 "No verbatim paragraph describing the objective as a whole was found, so 'text' is empty."]
        srcs = [f"Global Digital Compact, annex I to A/RES/79/1 (22 September 2024), {official}",
                objs["source"].split(";")[0]]
        for sec in t.get("sections", []):
            for p in sec["paragraphs"]:
                paras.append(p)
            srcs.append(sec["source"])
            notes.append(f"Paragraphs: section '{sec['heading']}' (GDC paras 26-29) only; placed "
                         "under this objective by paragraph number/subject. Para 29 is cut off in item (d) "
                         "by its source. All other commitment paragraphs of this objective were NOT retrieved.")
        if not paras:
            notes.append("No commitment paragraph of this objective was retrieved verbatim; "
                         "see the official PDF.")
        items.append({"code": code, "number": n, "title": o["title"], "text": "",
                      "paragraphs": paras, "source": " ; ".join(srcs), "note": " ".join(notes)})
    return {"source": (f"Global Digital Compact, annex I to General Assembly resolution A/RES/79/1 "
                       f"'Pact for the Future' (adopted 22 September 2024). Official text: {official} "
                       "(not readable here). Titles and paragraphs from public pages quoting the "
                       "adopted text, cited per item."),
            "items": items}


# ------------------------------------------------------------------- crosswalk
def first_sentence(s: str) -> str:
    """First sentence of a matrix rationale (HTML and a leading 'a. ' enumerator removed);
    further sentences are added while the text is shorter than 80 characters."""
    s = strip_tags(s.replace("<br/>", " ").replace("<br>", " "))
    s = re.sub(r"^[a-z]\.\s+", "", s)
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z])", s)
    out = ""
    for p in parts:
        out = (out + " " + p).strip()
        if len(out) >= 80:
            break
    return re.sub(r"\s+[a-z]\.$", "", out)


def build_crosswalk(shared: Path, sdgs: dict) -> tuple[dict, list[str]]:
    log = []
    app = json.loads((shared / "framework/wsis_sdg_matrix/actions.json").read_text("utf-8"))
    valid_targets = {t["code"] for g in sdgs["items"] for t in g["targets"]}
    links = []
    for a in app:
        code = APP_CODES[a["id"]]
        per_sdg: dict[int, dict] = {}
        order: list[int] = []

        def slot(n):
            if n not in per_sdg:
                per_sdg[n] = {"targets": [], "rats": []}
                order.append(n)
            return per_sdg[n]

        for g in a["goals"]:
            gn = g["goalId"] + 1
            slot(gn)
            for sg in g["subgoals"]:
                toks = [x.strip() for x in sg["subId"].split(",") if x.strip()]
                rat = first_sentence(sg.get("rationale", "")) if sg.get("rationale") else ""
                for tok in toks:
                    m = re.fullmatch(r"(\d{1,2})(?:\.(\w{1,2}))?", tok)
                    if not m:
                        log.append(f"{code}: unparsed target token {tok!r}")
                        continue
                    sn = int(m.group(1))
                    s = slot(sn)
                    if m.group(2):
                        if tok not in valid_targets:
                            log.append(f"{code}: target {tok} not in sdgs.json")
                        if tok not in s["targets"]:
                            s["targets"].append(tok)
                        label = tok
                    else:
                        label = f"SDG {sn}"
                    if sn != gn:
                        log.append(f"{code}: matrix names {tok} under goal {gn}")
                    if rat:
                        entry = f"[{label}] {rat}"
                        if rat not in [r.split('] ', 1)[1] for r in s["rats"]]:
                            s["rats"].append(entry)
                        else:  # same rationale shared by several targets: extend its label
                            for i, r in enumerate(s["rats"]):
                                lab, body = r.split("] ", 1)
                                if body == rat and label not in lab:
                                    s["rats"][i] = f"{lab}, {label}] {body}"
        for n in order:
            s = per_sdg[n]
            rationale = " ".join(s["rats"]) if s["rats"] else (
                "Linked in the WSIS-SDG Matrix; no target-level rationale in the transcription used.")
            links.append({"from": code, "to": f"SDG{n}", "targets": s["targets"],
                          "rationale": rationale,
                          "source": f"{MATRIX}, as transcribed in {UWI}",
                          "kind": "wsis-sdg-matrix"})
    gdc = json.loads((CURATED / "gdc_action_line_links.json").read_text("utf-8"))
    for frm, to, why in gdc["links"]:
        links.append({"from": frm, "to": to, "targets": [], "rationale": why,
                      "source": gdc["source"], "kind": "gdc-action-line"})
    return {"links": links}, log


# ----------------------------------------------------------------------- geo
def build_countries(shared: Path) -> tuple[list[list[str]], list[str]]:
    log = []
    meta = {}
    mfile = next((shared / "indicators/wdi").glob("Metadata_Country_*.csv"))
    with mfile.open(encoding="utf-8-sig", newline="") as f:
        for r in csv.DictReader(f):
            meta[r["Country Code"].strip()] = r["IncomeGroup"].strip()
    rows = []
    with (shared / "geo/unsd_m49_methodology.csv").open(encoding="utf-8-sig", newline="") as f:
        for r in csv.DictReader(f):
            iso3 = r["ISO-alpha3 Code"].strip()
            if not iso3:
                log.append(f"skipped (no ISO alpha-3): {r['Country or Area']}")
                continue
            flag = lambda k: "1" if r[k].strip().lower() == "x" else "0"
            inc = meta.get(iso3, "")
            if iso3 not in meta:
                log.append(f"no WDI income group for {iso3} {r['Country or Area']}")
            rows.append([iso3, r["ISO-alpha2 Code"].strip(), r["M49 Code"].strip().zfill(3),
                         r["Country or Area"].strip(),
                         r["Region Code"].strip(), r["Region Name"].strip(),
                         r["Sub-region Code"].strip(), r["Sub-region Name"].strip(),
                         r["Intermediate Region Code"].strip(), r["Intermediate Region Name"].strip(),
                         flag("Least Developed Countries (LDC)"),
                         flag("Land Locked Developing Countries (LLDC)"),
                         flag("Small Island Developing States (SIDS)"), inc])
    rows.sort(key=lambda x: x[0])
    m49_iso = {x[0] for x in rows}
    for k, v in meta.items():
        if v and k not in m49_iso:
            log.append(f"WDI economy with income group but not in M49 ISO3 list: {k} ({v})")
    return rows, log


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(REPO.parent / "shared" / "data"))
    args = ap.parse_args()
    shared = Path(args.shared)
    logs = []

    al, l1 = build_action_lines(shared)
    dump(OUT / "framework/action_lines.json", al)
    sd, l2 = build_sdgs(shared)
    total = sd.pop("_total_targets")
    dump(OUT / "framework/sdgs.json", sd)
    dump(OUT / "framework/gdc.json", build_gdc(shared))
    cw, l3 = build_crosswalk(shared, sd)
    dump(OUT / "framework/crosswalk.json", cw)
    rows, l4 = build_countries(shared)
    header = ["iso3", "iso2", "m49", "name", "region_code", "region", "subregion_code",
              "subregion", "intermediate_region_code", "intermediate_region", "ldc", "lldc",
              "sids", "income_group"]
    (OUT / "geo").mkdir(parents=True, exist_ok=True)
    with (OUT / "geo/countries.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)

    for tag, l in (("action_lines", l1), ("sdgs", l2), ("crosswalk", l3), ("countries", l4)):
        for line in l:
            logs.append(f"[{tag}] {line}")
    print("\n".join(logs))
    print(f"action lines: {len(al['items'])}; SDGs: {len(sd['items'])} ({total} targets); "
          f"crosswalk links: {len(cw['links'])}; countries: {len(rows)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
