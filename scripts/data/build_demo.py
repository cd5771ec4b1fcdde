#!/usr/bin/env python3
"""Write data/demo/initiatives.json: the demo register of initiatives.

Real items (sample=false) quote public pages verbatim (texts taken from the maintainers'
development set eval/actionlines_dev.jsonl where noted, or from the page excerpts cited
in 'attribution'). Their kind, status and stakeholder group are editorial classifications
where the source does not state them. Sample items (sample=true) are illustrative and
fictional. Usage: python3 scripts/data/build_demo.py [--shared /work/shared/data]
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SAMPLE_ATTR = "Illustrative sample data written for the wsis-hub demo"
EDITORIAL = ("Kind, status and stakeholder group are wsis-hub editorial classifications "
             "(not stated by the source).")

IO, GOV, PS, CS, AC, TC = ("international-organization", "government", "private-sector",
                           "civil-society", "academia", "technical-community")


def c(*codes):
    return [{"code": x, "origin": "declared"} for x in codes]


# dev-set id -> (title, org, group, org_country, kind, countries, start, end, status, links)
DEV = {
    "wsisforum2025-session400": ("WSIS Action Lines C1&C11 facilitation session (WSIS Forum 2025)",
                                 "UN DESA", IO, None, "event", [], "2025", None, "completed"),
    "wsisforum2018-session145": ("Facilitation Meeting for Action Lines C1, C7 eGov, C11 (WSIS Forum 2018)",
                                 "WSIS Forum 2018 (ITU); session organiser not stated in the excerpt",
                                 IO, None, "event", [], "2018", None, "completed"),
    "wsisforum2009-c10-unesco": ("Fourth facilitation meeting on Action Line C10",
                                 "UNESCO", IO, None, "event", [], "2009", None, "completed"),
    "wsisprize2018-c10-wacc": ("Development Initiatives Program",
                               "WACC (World Association for Christian Communication)", CS, None,
                               "programme", [], "2016", "2020", "completed"),
    "wsisforum2013-c2-brochure": ("Broadband Backbone Connectivity: Economic, Regulatory Policy and Technical Aspects",
                                  "WSIS Forum 2013 (ITU); session organiser not stated in the source",
                                  IO, None, "event", [], "2013", None, "completed"),
    "wsisforum2016-session120": ("National Cybersecurity Strategies for Sustainable Development (WSIS Forum 2016)",
                                 "WSIS Forum 2016 (ITU); session organiser not stated in the excerpt",
                                 IO, None, "event", [], "2016", None, "completed"),
    "wsisforum2018-eagri-fao": ("Building a Framework for Digital Innovation in Agriculture",
                                "FAO and ITU", IO, None, "event", [], "2018", None, "completed"),
    "wsisforum2022-session181": ("WSIS Action Line C7: E-Employment. Digitalization and employment",
                                 "International Labour Organization (ILO)", IO, None, "event", [], "2022",
                                 None, "completed"),
    "wsisforum2025-session254": ("WSIS+20 and Two Decades of E-Government: Progress, Challenges, and the Road Ahead",
                                 "WSIS Forum 2025 (ITU); session organiser not stated in the excerpt",
                                 IO, None, "event", [], "2025", None, "completed"),
    "wsis2007-elearning-unesco": ("Second consultation meeting of the WSIS Action Line C7 E-learning",
                                  "UNESCO", IO, None, "event", [], "2007-05-23", None, "completed"),
    "wsis2006-escience-unesco": ("First consultation meeting on WSIS Action Line C7 E-science",
                                 "UNESCO", IO, None, "event", ["CHN"], "2006-10-22", None, "completed"),
    "wsisforum2009-c8": ("Facilitation Meeting: WSIS Action Line C8 (WSIS Forum 2009)",
                         "UNESCO", IO, None, "event", [], "2009", None, "completed"),
    "wsisforum2013-c9-brochure": ("Internet Universality: Conceptualizing Evolving Mediascape and Updating Strategies for Post-2015",
                                  "UNESCO", IO, None, "event", [], "2013", None, "completed"),
    "wsisprize2022-c9-farmradio": ("COVID-19 Radio Response", "Farm Radio International", CS, None,
                                   "programme", [], None, None, "completed"),
}

P2015 = "http://groups.itu.int/stocktaking/WSISProjectPrizes.aspx"
P2015_PR = "http://www.itu.int/net/pressoffice/press_releases/2015/18.aspx"
PRIZES_2015 = [
    # title, org, group, iso3, kind, category text, codes
    ("Fight Violence Against Women", "YoungInnovations", PS, "NPL", "project",
     "Action Line C1 The role of government and all stakeholders in the promotion of ICTs for development", ["C1"]),
    ("Mexico Conectado: Internet access in schools, hospitals, government offices and other public places",
     "Ministry of Communications and Transportation, Mexico", GOV, "MEX", "programme",
     "Action Line C2 Information and communication infrastructure", ["C2"]),
    ("National Portal (Reaching the information-have-nots through National Portal)",
     "Prime Minister's Office, Bangladesh", GOV, "BGD", "platform",
     "Action Line C3 Access to information and knowledge", ["C3"]),
    ("Center of Digital Innovation", "Telecommunications Regulatory Authority, United Arab Emirates", GOV,
     "ARE", "programme", "Action Line C4 Capacity building", ["C4"]),
    ("Security of Energy Systems", "Ricerca sul Sistema Energetico (RSE)", AC, "ITA", "project",
     "Action Line C5 Building confidence & security in the use of ICTs", ["C5"]),
    ("Electronic auction for property sale", "Ministry of Finance, Kazakhstan", GOV, "KAZ", "platform",
     "Action Line C6 Enabling environment", ["C6"]),
    ("The System of Committees and Councils", "Majmaah University", AC, "SAU", "platform",
     "Action Line C7 E-government", ["C7", "C7.e-government"]),
    ("Information System on Consumer Prices (SIPC)", "Ministry of Economy and Finance, Uruguay", GOV, "URY",
     "platform", "Action Line C7 E-business", ["C7", "C7.e-business"]),
    ("Tele-education in 1000 rural Government Schools", "Indian Institute of Management Bangalore", AC, "IND",
     "project", "Action Line C7 E-learning", ["C7", "C7.e-learning"]),
    ("Mobile Health Information System", "FHI 360", CS, "USA", "project",
     "Action Line C7 E-health", ["C7", "C7.e-health"]),
    ("E-employment Collaboration", "Ministry of Manpower, Oman", GOV, "OMN", "project",
     "Action Line C7 E-employment", ["C7", "C7.e-employment"]),
]

OTHER_REAL = [
    dict(title="Women's Technology Empowerment Centre (W.TEC): WSIS Prizes 2020 Champion",
         description=("Out of 352 nominated ICT SUCCESS STORIES from around the world, following a comprehensive "
                      "review by the EXPERT GROUP of 776 projects submitted by the WSIS Stakeholders' community, "
                      "and a review of more than 2 million votes cast, W.TEC emerged among the top five, most voted "
                      "in (Category 3 – Access to information and knowledge)."),
         org=("Women's Technology Empowerment Centre (W.TEC)", CS, None), kind="programme", countries=[],
         start=None, status="ongoing", codes=["C3"],
         url="https://wtec.org.ng/w-tec-makes-champions-list-of-wsis-prizes-for-2020/",
         attr="Source: W.TEC, 'W.TEC Makes Champions List of WSIS Prizes for 2020'"),
    dict(title="IST-Africa Institute: WSIS Prizes 2020 nominee (AL C11)",
         description=("IST-Africa Institute and mHealth4Afrika have both been shortlisted for consideration for the "
                      "WSIS Prizes 2020 in the following categories: IST-Africa Institute - Category 18 - AL C11. "
                      "International and regional cooperation"),
         org=("IST-Africa Institute", AC, None), kind="programme", countries=[], start=None, status="ongoing",
         codes=["C11"], url="http://www.ist-africa.org/home/default.asp?page=news-doc-by-id&docid=13736",
         attr="Source: IST-Africa news of 13 January 2020"),
    dict(title="mHealth4Afrika: WSIS Prizes 2020 nominee (AL C7 E-health)",
         description=("IST-Africa Institute and mHealth4Afrika have both been shortlisted for consideration for the "
                      "WSIS Prizes 2020 in the following categories: mHealth4Afrika -Category 10 - AL C7. ICT "
                      "applications: benefits in all aspects of life - E-health"),
         org=("mHealth4Afrika", AC, None), kind="project", countries=[], start=None, status="ongoing",
         codes=["C7", "C7.e-health"],
         url="http://www.ist-africa.org/home/default.asp?page=news-doc-by-id&docid=13736",
         attr="Source: IST-Africa news of 13 January 2020"),
    dict(title="Public Library Innovation Programme (WSIS Project Prizes 2013 winner, Capacity building)",
         description=("Since winning the prize, Italy's Electronic Information for Libraries Public Library "
                      "Innovation Programme has released a number of impact case studies for Africa and will "
                      "launch a new call for proposals to support public library services that use technology to "
                      "improve the livelihoods of people in their communities."),
         org=("Electronic Information for Libraries (EIFL)", CS, None), kind="programme", countries=[],
         start=None, status="ongoing", codes=["C4"],
         url="https://itunews.itu.int/En/4293-Feedback-from-the-winners-of-WSIS-Project-Prizes-2013.note.aspx",
         attr="Source: ITU News No. 6 2013, 'Feedback from the winners of WSIS Project Prizes 2013'"),
    dict(title="En mi idioma (now Origen)",
         description=("Colombia's Ministry of Information Technologies and Communications won a prize in the "
                      "category of cultural diversity and identity, linguistic diversity and local content with "
                      "its project \u201cEn mi idioma\u201d (In my language), in cooperation with Colnodo (an "
                      "association of non-profit non-governmental organizations). The name of the project has "
                      "since changed from \u201cEn mi idioma\u201d to \"Origen\"."),
         org=("Ministry of Information Technologies and Communications, Colombia", GOV, "COL"), kind="project",
         countries=["COL"], start=None, status="ongoing", codes=["C8"],
         url="https://itunews.itu.int/En/4293-Feedback-from-the-winners-of-WSIS-Project-Prizes-2013.note.aspx",
         attr="Source: ITU News No. 6 2013, 'Feedback from the winners of WSIS Project Prizes 2013' (lightly abridged quote)"),
    dict(title="ISIF Asia: WSIS Prizes 2018 Champion (International and Regional Cooperation)",
         description=("ISIF Asia was recognized among other 4 projects as a Champion on Category 18 for "
                      "International and Regional Cooperation."),
         org=("ISIF Asia", TC, None), kind="programme", countries=[], start=None, status="ongoing",
         codes=["C11"], url="https://isif.asia/tag/wsis/",
         attr="Source: ISIF Asia, 'WSIS Champions 2018: ISIF Asia recognized on its 10th anniversary'"),
]

# Illustrative, fictional items filling gaps in coverage (stakeholder groups, kinds, regions, GDC).
SAMPLES = [
    ("Community network starter training", "Example Community Networks Association", TC, "KEN", "training",
     ["KEN", "UGA"], "2024-02-01", "2024-11-30", "completed", ["C2", "C4", "SDG9", "GDC1"],
     "A hands-on training for rural cooperatives on planning, building and running community Wi-Fi networks, with a module on spectrum licensing and local maintenance."),
    ("Municipal open data governance guidelines", "Example Municipal Digital Office", GOV, "BRA", "policy",
     ["BRA"], "2023", None, "ongoing", ["C6", "C3", "SDG16", "GDC4"],
     "Guidelines adopted by a city council on publishing, anonymizing and retaining administrative data, with a public register of datasets and a complaints procedure."),
    ("AI ethics course for public servants", "Example University School of Governance", AC, "ZAF", "training",
     ["ZAF", "NAM", "BWA"], "2025-03-01", None, "ongoing", ["C10", "C4", "SDG4", "SDG16", "GDC5"],
     "A blended course on risk assessment, transparency and human oversight of algorithmic systems used in public administration."),
    ("Island early-warning SMS service", "Example Regional Meteorological Partnership", IO, None, "platform",
     ["FJI", "TON", "VUT"], "2022", None, "ongoing", ["C7", "C7.e-environment", "SDG13", "SDG11"],
     "Cell-broadcast and SMS alerts for cyclones and storm surges in local languages, linked to national disaster offices."),
    ("Smallholder digital marketplace", "Example AgriTech Ltd", PS, "GHA", "platform",
     ["GHA", "CIV"], "2021-06-01", None, "ongoing", ["C7", "C7.e-agriculture", "C7.e-business", "SDG2", "SDG8", "GDC2"],
     "A mobile marketplace that lets smallholder farmers post harvests, compare prices and receive mobile-money payments from buyers."),
    ("National cybersecurity awareness week", "Example National Cyber Agency", GOV, "EST", "event",
     ["EST"], "2024-10-07", "2024-10-11", "completed", ["C5", "SDG16", "GDC3"],
     "A week of school visits, online quizzes and media spots on phishing, passwords and reporting incidents to the national CERT."),
    ("Indigenous-language keyboards and localization", "Example Andean Languages Collective", CS, "BOL", "project",
     ["BOL", "PER"], "2020", "2023", "completed", ["C8", "SDG10"],
     "Volunteers produced mobile keyboards, spell-checkers and interface translations for two indigenous languages."),
    ("Report: the gender gap in mobile internet use", "Example Institute for Digital Research", AC, "NPL", "publication",
     ["BGD", "PAK", "NPL"], "2024", "2024", "completed", ["C3", "C4", "SDG5", "GDC1"],
     "A survey-based report on why women use mobile internet less than men, covering affordability, skills, safety and social norms."),
    ("Rural telemedicine network", "Example Health Connect Pvt Ltd", PS, "IND", "project",
     ["IND"], "2022-04-01", None, "ongoing", ["C7", "C7.e-health", "SDG3"],
     "Video consultations between primary health centres and district hospital specialists, with shared electronic referral records."),
    ("National open science repository", "Example National University Consortium", AC, "VNM", "platform",
     ["VNM"], "2023", None, "ongoing", ["C7", "C7.e-science", "SDG9", "GDC4"],
     "A shared repository for theses, articles and research datasets with persistent identifiers and open metadata."),
    ("Remote work skills for refugee youth", "Example Youth Employment Network", CS, "JOR", "programme",
     ["JOR", "LBN"], "2023-01-15", None, "ongoing", ["C7", "C7.e-employment", "C4", "SDG8"],
     "Training and mentoring in freelancing, digital payments and online portfolios, with placements on remote-work platforms."),
    ("Community radio and media literacy", "Example Sahel Community Media Association", CS, "MLI", "project",
     ["MLI", "NER", "BFA"], "2021", "2024", "completed", ["C9", "C8", "SDG16", "GDC3"],
     "Community radio stations produced programmes on verifying information and ran listener clubs on media literacy."),
    ("Regional Internet exchange point development", "Example African Network Operators Group", TC, None, "programme",
     ["RWA", "BDI", "TZA"], "2022", None, "ongoing", ["C2", "C6", "SDG9"],
     "Technical assistance and peering workshops to set up and grow Internet exchange points so that local traffic stays local."),
    ("One-stop e-services portal", "Example Ministry of Digital Development", GOV, "MNG", "platform",
     ["MNG"], "2026", None, "planned", ["C7", "C7.e-government", "SDG16", "GDC1"],
     "A planned single portal for civil registration, business licences and social benefits, with digital identity sign-in."),
    ("Regional dialogue on digital public infrastructure", "Example Regional Economic Commission", IO, None, "event",
     ["CHL", "COL", "MEX", "JAM"], "2026-05", None, "planned", ["C11", "C1", "SDG17", "GDC1"],
     "A planned meeting of governments, regulators and civil society on shared standards and financing for digital public infrastructure."),
    ("Child online protection toolkit", "Example International Child Rights Alliance", IO, None, "publication",
     [], "2023", "2023", "completed", ["C5", "C10", "SDG16", "GDC3"],
     "A toolkit for parents, teachers and platforms on preventing and reporting online abuse of children."),
    ("E-waste take-back and recycling programme", "Example Electronics Recyclers Ltd", PS, "NGA", "programme",
     ["NGA"], "2021", None, "ongoing", ["C7", "C7.e-environment", "SDG12"],
     "Collection points at phone shops and a certified recycling line for discarded phones and computers."),
]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(REPO.parent / "shared" / "data"))
    args = ap.parse_args()
    dev = {}
    for line in (Path(args.shared) / "eval/actionlines_dev.jsonl").read_text("utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            dev[d["id"]] = d
    out = []

    def add(**kw):
        kw["id"] = f"demo-{len(out) + 1:04d}"
        out.append({k: kw[k] for k in ("id", "title", "description", "organization", "kind", "countries",
                                       "start_date", "end_date", "status", "links", "codes",
                                       "attribution", "sample")})

    for key, (title, org, grp, octry, kind, ctry, start, end, status) in DEV.items():
        d = dev[key]
        src = d["source"]
        url = src.split(" ")[0] if src.startswith("http") else None
        if not url and "https://" in src:
            url = "https://" + src.split("https://", 1)[1].split(")")[0].split(" ")[0]
        add(title=title, description=d["text"],
            organization={"name": org, "stakeholder_group": grp, "country": octry},
            kind=kind, countries=ctry, start_date=start, end_date=end, status=status,
            links=[url] if url else [], codes=c(*d["labels"]),
            attribution=f"Source: {src}. Action-line tags as assigned by the publisher. {EDITORIAL}",
            sample=False)
    for title, org, grp, iso3, kind, cat, codes in PRIZES_2015:
        add(title=title,
            description=f"Winner of the WSIS Project Prizes 2015 in the category {cat} ({org}).",
            organization={"name": org, "stakeholder_group": grp, "country": iso3},
            kind=kind, countries=[iso3], start_date=None, end_date=None, status="ongoing",
            links=[P2015, P2015_PR], codes=c(*codes),
            attribution=(f"Source: ITU, WSIS Project Prizes 2015 winning projects ({P2015}); "
                         f"ITU press release of 26 May 2015 ({P2015_PR}). Texts \u00a9 ITU, quoted for "
                         f"reference. Status as of the prize year. {EDITORIAL}"),
            sample=False)
    for r in OTHER_REAL:
        name, grp, octry = r["org"]
        add(title=r["title"], description=r["description"],
            organization={"name": name, "stakeholder_group": grp, "country": octry},
            kind=r["kind"], countries=r["countries"], start_date=r["start"], end_date=None,
            status=r["status"], links=[r["url"]], codes=c(*r["codes"]),
            attribution=f"{r['attr']} ({r['url']}). Status as of the source's date. {EDITORIAL}",
            sample=False)
    for title, org, grp, octry, kind, ctry, start, end, status, codes, desc in SAMPLES:
        add(title=title, description=desc,
            organization={"name": org, "stakeholder_group": grp, "country": octry},
            kind=kind, countries=ctry, start_date=start, end_date=end, status=status,
            links=[], codes=c(*codes), attribution=SAMPLE_ATTR, sample=True)
    path = REPO / "data/demo/initiatives.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"{len(out)} initiatives ({sum(not x['sample'] for x in out)} real, "
          f"{sum(x['sample'] for x in out)} sample)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
