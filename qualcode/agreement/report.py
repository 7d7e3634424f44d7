"""The agreement report as JSON, CSV, Markdown, HTML or a LaTeX (booktabs) table, and a heatmap.

Every format states the unit, the coders, the codebook version, the numbers of units and of
pairable values, and Krippendorff's thresholds, so that a table copied into a paper keeps them.
"""

from __future__ import annotations

import json
import re
from html import escape

from qualcode.latex_text import latex_escape
from qualcode.spreadsheet_cells import csv_text

FORMATS = ("json", "csv", "md", "html", "latex")
COLUMNS = [
    ("alpha", "α"), ("alpha_ci", "95% CI"), ("kappa", "κ"), ("kappa_ci", "κ 95% CI"),
    ("fleiss_kappa", "Fleiss κ"), ("fleiss_kappa_ci", "Fleiss κ 95% CI"), ("percent", "% agr."),
    ("percent_ci", "% agr. 95% CI"), ("ac1", "AC1"), ("ac1_ci", "AC1 95% CI"),
    ("n_units", "units"), ("n_pairable", "pairable"),
]  # fmt: skip
CI_KEYS = ("alpha_ci", "kappa_ci", "fleiss_kappa_ci", "percent_ci", "ac1_ci")


UNITIZING_COLUMNS = [
    ("u_alpha_binary", "|uα"), ("u_alpha_nominal", "uα"), ("cu_alpha", "cuα"),
    ("Cu_alpha", "Cuα"), ("u_alpha", "uα (2004)"),
]  # fmt: skip
UNITIZING_SOURCES = (
    "Unitizing alphas for free spans: |uα relevant (coded) versus uncoded matter, uα unitizing "
    "and coding together, cuα which code of a group within the matter coders both coded, Cuα "
    "which group (semantic domain) within the jointly coded matter; Krippendorff, Mathet, Bouvry "
    "& Widlöcher (2016), Quality & Quantity 50:2347-2364, as in ATLAS.ti's intercoder agreement. "
    "uα (2004): per code, Krippendorff (2004), Quality & Quantity 38:787-800."
)


def rows(report: dict) -> list[dict]:
    """One flat row per entry: overall, then groups, then codes."""
    out = [{"level": "overall", "key": "overall", "name": "All codes", **report["overall"]}]
    out += [{"level": "group", "key": g["group"], **g} for g in report["groups"]]
    out += [{"level": "code", "key": c["code"], **c} for c in report["codes"]]
    return out


def unitizing_rows(report: dict) -> list[dict]:
    """The rows that carry unitizing alphas (character unit only), each with a note if any."""
    return [r for r in rows(report) if any(key in r for key, _ in UNITIZING_COLUMNS)]


def number(value) -> str:
    """A coefficient for people: three decimals (counts as integers), or an en dash when undefined."""
    if value is None:
        return "–"
    if isinstance(value, list):
        return f"[{number(value[0])}, {number(value[1])}]"
    if isinstance(value, int):
        return str(value)
    return f"{value:.3f}"


def interval_sentence(report: dict) -> str:
    """How the intervals were made: method, resamples, seed, clusters (or why there are none)."""
    boot = report.get("bootstrap")
    if not boot:
        return ""
    clusters = f", {boot['clusters']} clusters" if boot.get("clusters") else ""
    return (
        f" 95% intervals: {boot['description']}; {boot['resamples']} resamples, "
        f"seed {boot['seed']}{clusters}."
    )


def character_sentence(report: dict) -> str:
    """At the character unit: the uncoded share and what it does to kappa, percent and AC1."""
    share = report.get("uncoded_share")
    if report["unit"] != "character" or share is None:
        return ""
    return (
        f" {share:.1%} of the characters were coded by no coder: alpha, kappa, percent "
        "agreement and AC1 on characters count that uncoded text as agreement and are inflated "
        "by it; the unitizing alphas (|uα, uα, cuα, Cuα) lead, and cuα and Cuα, computed within "
        "the coded text, do not depend on it."
    )


def summary(report: dict) -> str:
    """The sentence every report opens with."""
    overlap = (
        f" A code applies to a unit when a span covers at least {report['min_overlap']:.0%} of it."
        if report.get("min_overlap")
        else ""
    )
    segmenter = f" Segmenter: {report['segmenter']}." if report.get("segmenter") else ""
    return (
        f"Unit: {report['unit']}. Coders: {', '.join(report['coders'])}. "
        f"Codebook version {report['codebook_version']}. {report['n_units']} units, "
        f"{report['n_pairable']} pairable values.{segmenter}{overlap}{interval_sentence(report)}"
        f"{character_sentence(report)} "
        f"Krippendorff's thresholds: α ≥ {report['thresholds']['reliable']:.3f} reliable, "
        f"α ≥ {report['thresholds']['tentative']:.3f} tentative conclusions only."
    )


def to_json(report: dict) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False)


def to_csv(report: dict) -> str:
    """One row per entry; the run's facts repeated on every row so the file stands alone."""
    fields = [
        "level", "key", "name", "alpha", "alpha_ci_low", "alpha_ci_high", "interpretation",
        "kappa", "kappa_ci_low", "kappa_ci_high", "kappa_n", "fleiss_kappa",
        "fleiss_kappa_ci_low", "fleiss_kappa_ci_high", "fleiss_n", "percent", "percent_ci_low",
        "percent_ci_high", "ac1", "ac1_ci_low", "ac1_ci_high", "n_units", "n_pairable", "note",
        *(key for key, _ in UNITIZING_COLUMNS), "unitizing_note", "uncoded_share", "unit",
        "coders", "codebook_version", "thresholds", "ci_method",
    ]  # fmt: skip
    thresholds = f"reliable>={report['thresholds']['reliable']:.3f}; tentative>={report['thresholds']['tentative']:.3f}"
    out_rows = []
    for row in rows(report):
        bounds = {}
        for key in CI_KEYS:
            low, high = row.get(key) or [None, None]
            bounds |= {f"{key}_low": low, f"{key}_high": high}
        out_rows.append(
            {
                **row, **bounds, "unit": report["unit"], "coders": ";".join(report["coders"]),
                "codebook_version": report["codebook_version"], "thresholds": thresholds,
                "ci_method": report.get("ci_method"),
            }
        )  # fmt: skip
    return csv_text(fields, out_rows)


def _markdown_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def leads_with_unitizing(report: dict) -> bool:
    """At the character unit the unitizing alphas come first: uncoded text inflates the rest."""
    return report["unit"] == "character" and bool(unitizing_rows(report))


CHARACTER_HEADING = "Coefficients on characters (inflated by uncoded text)"


def to_markdown(report: dict) -> str:
    header = ["", "level", *(label for _, label in COLUMNS), "reading"]
    table = [
        "| " + " | ".join(header[1:]) + " |",
        "|" + "---|" * (len(header) - 1),
    ]
    for row in rows(report):
        name = row.get("name") or row["key"]
        cells = [_markdown_cell(f"{row['level']}: {name}")]
        cells += [number(row.get(key)) for key, _ in COLUMNS]
        cells.append(row.get("interpretation") or "undefined")
        table.append("| " + " | ".join(cells) + " |")
    unitizing = unitizing_rows(report)
    extra = []
    if unitizing:
        extra += ["## Unitizing", "", UNITIZING_SOURCES, ""]
        labels = (_markdown_cell(label) for _, label in UNITIZING_COLUMNS)
        extra.append("| level | " + " | ".join(labels) + " |")
        extra.append("|" + "---|" * (len(UNITIZING_COLUMNS) + 1))
        for row in unitizing:
            cells = [_markdown_cell(f"{row['level']}: {row.get('name') or row['key']}")]
            cells += [number(row.get(key)) if key in row else "" for key, _ in UNITIZING_COLUMNS]
            extra.append("| " + " | ".join(cells) + " |")
    lines = ["# Inter-rater agreement", "", summary(report), ""]
    if leads_with_unitizing(report):
        lines += [*extra, "", f"## {CHARACTER_HEADING}", "", *table]
    else:
        lines += table + ([""] + extra if extra else [])
    notes = [
        f"- {_markdown_cell(r.get('name') or r['key'])}: {_markdown_cell(r[field])}"
        for r in rows(report)
        for field in ("note", "unitizing_note")
        if r.get(field)
    ]
    notes += [f"- {_markdown_cell(n)}" for n in report.get("notes", [])]
    if notes:
        lines += ["", "Notes:", "", *notes]
    return "\n".join(lines) + "\n"


def to_html(report: dict) -> str:
    """A self-contained page (no scripts, no external resources), every name escaped."""
    head = "".join(f"<th>{escape(label)}</th>" for _, label in COLUMNS)
    body = []
    for row in rows(report):
        name = escape(f"{row['level']}: {row.get('name') or row['key']}")
        cells = "".join(f"<td>{escape(number(row.get(key)))}</td>" for key, _ in COLUMNS)
        note = f"<br><small>{escape(row['note'])}</small>" if row.get("note") else ""
        body.append(
            f"<tr><td>{name}{note}</td>{cells}<td>{escape(row.get('interpretation') or 'undefined')}</td></tr>"
        )
    notes = "".join(f"<li>{escape(n)}</li>" for n in report.get("notes", []))
    lead = leads_with_unitizing(report)
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>Inter-rater agreement</title>"
        "<style>body{font-family:sans-serif}table{border-collapse:collapse}"
        "td,th{border-bottom:1px solid #ccc;padding:3px 8px;text-align:right}"
        "td:first-child{text-align:left}</style></head><body>"
        f"<h1>Inter-rater agreement</h1><p>{escape(summary(report))}</p>"
        + (_html_unitizing(report) + f"<h2>{CHARACTER_HEADING}</h2>" if lead else "")
        + f"<table><thead><tr><th></th>{head}<th>reading</th></tr></thead><tbody>{''.join(body)}</tbody></table>"
        + ("" if lead else _html_unitizing(report))
        + (f"<ul>{notes}</ul>" if notes else "")
        + "</body></html>\n"
    )


def _html_unitizing(report: dict) -> str:
    """The unitizing alphas as a second table (character unit only)."""
    unitizing = unitizing_rows(report)
    if not unitizing:
        return ""
    head = "".join(f"<th>{escape(label)}</th>" for _, label in UNITIZING_COLUMNS)
    body = []
    for row in unitizing:
        name = escape(f"{row['level']}: {row.get('name') or row['key']}")
        note = (
            f"<br><small>{escape(row['unitizing_note'])}</small>"
            if row.get("unitizing_note")
            else ""
        )
        cells = "".join(
            f"<td>{escape(number(row.get(key))) if key in row else ''}</td>"
            for key, _ in UNITIZING_COLUMNS
        )
        body.append(f"<tr><td>{name}{note}</td>{cells}</tr>")
    return (
        f"<h2>Unitizing</h2><p>{escape(UNITIZING_SOURCES)}</p>"
        f"<table><thead><tr><th></th>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


LATEX_MATH = {"|uα": r"$|_u\alpha$", "cuα": r"$_{cu}\alpha$", "Cuα": r"$_{Cu}\alpha$",
              "uα": r"$_u\alpha$", "α": r"$\alpha$", "≥": r"$\geq$"}  # fmt: skip
MATH_SYMBOL = re.compile("|".join(re.escape(symbol) for symbol in LATEX_MATH))  # longest first


def latex_text(text: str) -> str:
    """Report prose for pdfLaTeX: the coefficients' symbols as math, everything else escaped (and
    transliterated where pdfLaTeX's fonts lack a character, e.g. a CJK or emoji coder name)."""
    pieces, position = [], 0
    for match in MATH_SYMBOL.finditer(text):
        pieces += [latex_escape(text[position : match.start()]), LATEX_MATH[match.group(0)]]
        position = match.end()
    return "".join(pieces) + latex_escape(text[position:])


def to_latex(report: dict) -> str:
    """A booktabs table; the caption carries the run's facts."""
    columns = [("alpha", r"$\alpha$"), ("alpha_ci", "95\\% CI"), ("kappa", r"$\kappa$"),
               ("percent", "\\% agr."), ("ac1", "AC1"), ("n_pairable", "pairable")]  # fmt: skip
    caption = latex_text(summary(report))
    lines = [
        r"\begin{table}[t]",
        r"\centering",
        r"\caption{Inter-rater agreement. " + caption + "}",
        r"\begin{tabular}{l" + "r" * len(columns) + "}",
        r"\toprule",
        " & ".join(["Code", *(label for _, label in columns)]) + r" \\",
        r"\midrule",
    ]
    previous = None
    for row in rows(report):
        if previous is not None and row["level"] != previous:
            lines.append(r"\midrule")
        previous = row["level"]
        name = latex_escape(row.get("name") or row["key"])
        cells = [latex_escape(number(row.get(key))).replace("–", "--") for key, _ in columns]
        lines.append(" & ".join([name, *cells]) + r" \\")
    lines += [r"\bottomrule", r"\end{tabular}", r"\end{table}"]
    if leads_with_unitizing(report):
        return "\n".join(_latex_unitizing(report)[1:] + [""] + lines) + "\n"
    return "\n".join(lines + _latex_unitizing(report)) + "\n"


def _latex_unitizing(report: dict) -> list[str]:
    """The unitizing alphas as a second booktabs table (character unit only)."""
    unitizing = unitizing_rows(report)
    if not unitizing:
        return []
    labels = {"u_alpha_binary": r"$|_u\alpha$", "u_alpha_nominal": r"$_u\alpha$",
              "cu_alpha": r"$_{cu}\alpha$", "Cu_alpha": r"$_{Cu}\alpha$",
              "u_alpha": r"$_u\alpha$ (2004)"}  # fmt: skip
    caption = latex_text(UNITIZING_SOURCES)
    lines = [
        "", r"\begin{table}[t]", r"\centering", r"\caption{Unitizing agreement. " + caption + "}",
        r"\begin{tabular}{l" + "r" * len(UNITIZING_COLUMNS) + "}", r"\toprule",
        " & ".join(["", *(labels[key] for key, _ in UNITIZING_COLUMNS)]) + r" \\", r"\midrule",
    ]  # fmt: skip
    for row in unitizing:
        cells = [
            number(row.get(key)).replace("–", "--") if key in row else ""
            for key, _ in UNITIZING_COLUMNS
        ]
        lines.append(" & ".join([latex_escape(row.get("name") or row["key"]), *cells]) + r" \\")
    return lines + [r"\bottomrule", r"\end{tabular}", r"\end{table}"]


RENDERERS = {"json": to_json, "csv": to_csv, "md": to_markdown, "html": to_html, "latex": to_latex}


def render(report: dict, fmt: str) -> str:
    """The report in one of FORMATS."""
    if fmt not in RENDERERS:
        raise ValueError(f"unknown format {fmt!r} (expected one of: {', '.join(FORMATS)})")
    return RENDERERS[fmt](report)


def heatmap(report: dict):
    """Alpha (and the other coefficients) by code, coloured against Krippendorff's thresholds (an altair chart)."""
    import altair as alt  # imported here: the CLI's text reports need neither altair nor pandas
    import pandas as pd

    names = {"alpha": "α", "kappa": "κ", "ac1": "AC1", "percent": "% agreement"}
    frame = pd.DataFrame(
        [
            {
                "code": c["name"],
                "coefficient": label,
                "value": c.get(key),
                "text": number(c.get(key)),
            }
            for c in report["codes"]
            for key, label in names.items()
        ]  # fmt: skip
    )
    order = [c["name"] for c in report["codes"]]
    base = alt.Chart(frame).encode(
        x=alt.X(
            "coefficient:N",
            sort=list(names.values()),
            title=None,
            axis=alt.Axis(labelAngle=0, orient="top"),
        ),
        y=alt.Y("code:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
    )
    cells = base.mark_rect().encode(
        color=alt.Color(
            "value:Q",
            scale=alt.Scale(
                domain=[0, 0.667, 0.8, 1], range=["#d73027", "#fee08b", "#a6d96a", "#1a9850"]
            ),
            title="value",
        ),
        tooltip=["code", "coefficient", "text"],
    )
    labels = base.mark_text(fontSize=11).encode(text="text:N")
    return (cells + labels).properties(height=max(120, 26 * len(order)))
