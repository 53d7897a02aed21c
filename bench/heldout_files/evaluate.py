#!/usr/bin/env python3
"""End-to-end evaluation of Athar on the partner files written by make_files.py, CLI only.

    evaluate.py OUT/ [--modes auto,mapped] [--work /tmp/hf/run]

auto:   import every file with the mapping Athar proposes (as a first-time user would), a file
        refused for bad rows is retried with --skip-bad-rows; then link, export, measure.
mapped: the same after the user has read the dry-runs and written a --mapping YAML for the
        headers Athar left unmapped (the mappings are below, in MAPPINGS).
Writes OUT/report.md (and OUT/eval/ with every command's output) and prints the report.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from collections import Counter, defaultdict
from math import comb

HERE = os.path.dirname(os.path.abspath(__file__))
VENV = os.environ.get("ATHAR_VENV", "/work/main/.venv")
ATHAR = os.path.join(VENV, "bin", "athar")

# What a user writes after reading the dry-runs: only the headers Athar left unmapped or got wrong.
MAPPINGS = {
    # Sednaya's own register: rows that leave الجهة empty are Sednaya's (mapping ``defaults``).
    "sijill_saydnaya_2012_2017.xlsx": {
        "facility": "الجهة",
        "ignore": ["المهجع"],
        "defaults": {"facility": "سجن صيدنايا العسكري"},
    },
    "branches_register_utf8bom.tsv": {"record_id": "الرقم"},
    "qaimat_ikhla_cp1256.csv": {
        "record_id": "م",
        "facility": "الجهة",
        "event_date": "تاريخ الإخلاء",
    },
    "family_reports_en.csv": {"ignore": ["Contact phone"]},
    "rapports_familles_fr.json": {},
    "ngo_list_utf16.csv": {
        "record_id": "No.",
        "full_name": "الاسم / Name",
        "father_name": "اسم الأب / Father",
        "mother_name": "اسم الأم / Mother",
        "birth_date": "سنة الولادة / Birth year",
        "sex": "الجنس / Sex",
        "governorate": "المحافظة / Governorate",
        "national_id": "الرقم الوطني / National No.",
        "event_date": "تاريخ الاعتقال / Arrest date",
        "facility": "مكان الاحتجاز / Place of detention",
        "status": "الوضع / Status",
    },
    "forensic_catalogue.csv": {"record_id": "رقم الحالة", "facility": "الجهة"},
}
REGISTER_KINDS = {"prison_register"}


def run(cmd, env_dir, log, timeout=1800):
    env = dict(os.environ, ATHAR_DATA_DIR=env_dir, COLUMNS="250", NO_COLOR="1", TERM="dumb")
    t0 = time.time()
    p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    dt_ = time.time() - t0
    with open(log, "a", encoding="utf-8") as f:
        f.write(
            f"$ ATHAR_DATA_DIR={env_dir} {' '.join(cmd)}\n# rc={p.returncode} seconds={dt_:.1f}\n"
        )
        f.write(p.stdout)
        if p.stderr:
            f.write("\n# stderr\n" + p.stderr)
        f.write("\n\n")
    return p.returncode, p.stdout, p.stderr, dt_


def yaml_dump(m):
    lines = []
    for k, v in m.items():
        if isinstance(v, list):
            lines.append(f"{k}: [{', '.join(json.dumps(x, ensure_ascii=False) for x in v)}]")
        elif v is None:
            lines.append(f"{k}: null")
        else:
            lines.append(f"{k}: {json.dumps(v, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


MAP_RE = re.compile(r"^\s{2}(\S.*?)\s+→\s+(\S+)\s*(.*)$")


def parse_dry(out):
    cols, in_cols = [], False
    for line in out.splitlines():
        if line.strip() == "columns:":
            in_cols = True
            continue
        if in_cols:
            if not line.strip():
                break
            m = MAP_RE.match(line)
            if m:
                cols.append((m.group(1).strip(), m.group(2), m.group(3).strip()))
    return cols


def parse_import(out):
    d = {}
    m = re.search(r"(\d+) row\(s\) read, (\d+) importable, (\d+) with problems", out)
    if m:
        d["read"], d["importable"], d["problems"] = map(int, m.groups())
    d["not_understood"] = [ln.strip() for ln in out.splitlines() if "not understood" in ln]
    d["raw_only"] = [
        ln.strip() for ln in out.splitlines() if ln.startswith("columns kept only in raw")
    ]
    d["notes"] = [ln.strip() for ln in out.splitlines() if ln.startswith("note:")]
    d["refused"] = "refused" in out
    return d


def load(outdir):
    with open(os.path.join(outdir, "manifest.json"), encoding="utf-8") as fh:
        man = json.load(fh)
    with open(os.path.join(outdir, "_rows.jsonl"), encoding="utf-8") as fh:
        rows = [json.loads(ln) for ln in fh]
    with open(os.path.join(outdir, "_persons.csv"), encoding="utf-8") as fh:
        persons = {r["person_id"]: r for r in csv.DictReader(fh)}
    return man, rows, persons


# ----------------------------------------------------------------------------------------
def import_all(outdir, man, work, mode, evaldir):
    log = os.path.join(evaldir, f"commands_{mode}.log")
    res = []
    for f in man["files"]:
        path = os.path.join(outdir, f["file"])
        base = [ATHAR, "import", path, "--source", f["source"], "--kind", f["kind"]]
        if mode == "mapped" and MAPPINGS.get(f["file"]):
            mp = os.path.join(evaldir, f"mapping_{f['file']}.yaml")
            with open(mp, "w", encoding="utf-8") as fh:
                fh.write(yaml_dump(MAPPINGS[f["file"]]))
            base += ["--mapping", mp]
        r = dict(file=f["file"], kind=f["kind"], source=f["source"], cmd=" ".join(base[1:]))
        rc, out, err, s = run([*base, "--dry-run"], work, log)
        r["dry_rc"], r["mapping"] = rc, parse_dry(out)
        r["dry_err"] = err.strip()[-600:] if rc else ""
        rc, out, err, s = run(base, work, log)
        r["rc"], r["seconds"], r["out"] = rc, s, parse_import(out)
        r["first_error"] = ""
        if rc != 0:
            r["first_error"] = (out + err).strip()
            rej = os.path.join(evaldir, f"{mode}_{f['file']}.rejects.csv")
            rc2, out2, err2, s2 = run([*base, "--skip-bad-rows", "--rejects", rej], work, log)
            r["retry_rc"], r["seconds"] = rc2, s + s2
            r["out"] = parse_import(out2)
            r["retry_error"] = (out2 + err2).strip()[-800:] if rc2 else ""
        res.append(r)
    return res


def join_export(export_csv, man, rows):
    by_file_id = {(r["file"], r["record_id"]): r for r in rows}
    by_file_row = {(r["file"], r["sheet"], str(r["row"])): r for r in rows}
    by_id = defaultdict(list)
    for r in rows:
        by_id[r["record_id"]].append(r)
    src_file = {f["source"]: f["file"] for f in man["files"]}
    joined, unjoined = [], []
    with open(export_csv, encoding="utf-8-sig") as fh:
        for e in csv.DictReader(fh):
            src, rid = e["source"], e["record_id"]
            t = None
            f = src_file.get(src)
            if f:
                t = by_file_id.get((f, rid))
                if t is None and rid.startswith("row-"):
                    t = by_file_row.get((f, "", str(int(rid[4:]))))
            if t is None and len(by_id.get(rid, [])) == 1:
                t = by_id[rid][0]
            if t is None:
                unjoined.append(e)
            else:
                joined.append((e, t))
    return joined, unjoined


def pair_counts(items, key_group, key_cls):
    """Pairs within groups, by class pair. items: list of dicts."""
    groups = defaultdict(Counter)
    for it in items:
        groups[key_group(it)][key_cls(it)] += 1
    out = Counter()
    for _g, c in groups.items():
        ks = sorted(c)
        for i, a in enumerate(ks):
            out[(a, a)] += comb(c[a], 2)
            for b in ks[i + 1 :]:
                out[(a, b)] += c[a] * c[b]
    return out


def prf(tp, pp, tt):
    p = tp / pp if pp else float("nan")
    r = tp / tt if tt else float("nan")
    f = 2 * p * r / (p + r) if pp and tt and (p + r) else float("nan")
    return p, r, f


def short(
    t,
    drop=(
        "Contact phone",
        "Reported by",
        "Déclarant",
        "المهجع",
        "Notes",
        "بموجب",
        "ملاحظات الطبيب الشرعي",
        "مكان الوفاة",
        "Source",
    ),
):
    w = {k: v for k, v in t["written"].items() if v not in ("", None) and k not in drop}
    return f"`{t['file']}`#{t['record_id']}: " + " | ".join(f"{v}".strip() for v in w.values())


FAC_ID = {}
#: The headers under which the partner's files write the facility.
FACILITY_HEADERS = (
    "الجهة",
    "الفرع",
    "Place of detention",
    "Lieu de détention",
    "مكان الاحتجاز / Place of detention",
)


def resolve_facilities(rows, work):
    labs = set()
    for r in rows:
        for h in FACILITY_HEADERS:
            v = r["written"].get(h)
            if v:
                labs.add(v.strip())
    labs = sorted(labs)
    env = dict(os.environ, ATHAR_DATA_DIR=work)
    out = subprocess.run(
        [ATHAR, "places", "resolve", "--kind", "facility", "--json", *labs],
        env=env,
        capture_output=True,
        text=True,
    ).stdout
    for line in out.splitlines():
        try:
            o = json.loads(line)
        except ValueError:
            continue
        FAC_ID[o["text"]] = (o.get("match") or {}).get("id")


def explain(a, b, work, n=4):
    env = dict(os.environ, ATHAR_DATA_DIR=work, COLUMNS="250")
    p = subprocess.run(
        [
            ATHAR,
            "explain",
            f"{a['e']['source']}:{a['e']['record_id']}",
            f"{b['e']['source']}:{b['e']['record_id']}",
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    lines = [ln.strip() for ln in (p.stdout + p.stderr).splitlines()[2:] if ln.strip()]
    prob = [ln for ln in lines if ln.startswith("match probability")]
    fields = [ln for ln in lines if not ln.startswith(("match probability", "note:"))][:n]
    notes = [
        ln[6:]
        for ln in lines
        if ln.startswith("note:") and "persons" not in ln and "both are" not in ln
    ]
    return "; ".join(prob + fields + notes)


def measure(joined, rows, persons, rng):
    items = [
        dict(tp=t["person_id"], pp=e["person_id"], kind=t["kind"], file=t["file"], t=t, e=e)
        for e, t in joined
    ]
    # all rows, imported or not, for end-to-end recall
    all_true = pair_counts(rows, lambda r: r["person_id"], lambda r: r["kind"])
    true_c = pair_counts(items, lambda i: i["tp"], lambda i: i["kind"])
    pred_c = pair_counts(items, lambda i: i["pp"], lambda i: i["kind"])
    tp_c = pair_counts(items, lambda i: (i["tp"], i["pp"]), lambda i: i["kind"])
    tf = pair_counts(items, lambda i: i["tp"], lambda i: i["file"])
    pf = pair_counts(items, lambda i: i["pp"], lambda i: i["file"])
    tpf = pair_counts(items, lambda i: (i["tp"], i["pp"]), lambda i: i["file"])
    m = {}
    TT, PP, TP, AT = (
        sum(true_c.values()),
        sum(pred_c.values()),
        sum(tp_c.values()),
        sum(all_true.values()),
    )
    m["overall"] = (TP, PP, TT, *prf(TP, PP, TT), TP / AT if AT else float("nan"), AT)
    m["by_kind"] = {
        k: (
            tp_c[k],
            pred_c[k],
            true_c[k],
            *prf(tp_c[k], pred_c[k], true_c[k]),
            tp_c[k] / all_true[k] if all_true[k] else float("nan"),
            all_true[k],
        )
        for k in sorted(set(true_c) | set(pred_c))
    }
    m["by_file"] = {
        k: (tpf[k], pf[k], tf[k], *prf(tpf[k], pf[k], tf[k])) for k in sorted(set(tf) | set(pf))
    }
    nd = [i for i in items if i["kind"] != "death_record"]
    a_ = sum(pair_counts(nd, lambda i: i["tp"], lambda i: 0).values())
    b_ = sum(pair_counts(nd, lambda i: i["pp"], lambda i: 0).values())
    c_ = sum(pair_counts(nd, lambda i: (i["tp"], i["pp"]), lambda i: 0).values())
    m["named_only"] = (c_, b_, a_, *prf(c_, b_, a_))
    tps_per_pp = defaultdict(set)
    for i in items:
        tps_per_pp[i["pp"]].add(i["tp"])
    m["mixed_clusters"] = Counter(len(v) for v in tps_per_pp.values() if len(v) > 1)
    m["n_records"] = len(items)
    m["n_true_persons"] = len({i["tp"] for i in items})
    m["n_pred_persons"] = len({i["pp"] for i in items})
    # death rows
    by_tp = defaultdict(list)
    for i in items:
        by_tp[i["tp"]].append(i)
    dead = [i for i in items if i["kind"] == "death_record"]
    with_reg = reached = reached_num = with_num = wrong = alone = 0
    dmiss, dwrong = [], []
    dcat = Counter()
    for d in dead:
        regs = [i for i in by_tp[d["tp"]] if i["kind"] in REGISTER_KINDS]
        same_pp = [i for i in items if i["pp"] == d["pp"] and i is not d]
        if not same_pp:
            alone += 1
        if any(i["tp"] != d["tp"] for i in same_pp):
            wrong += 1
            dwrong.append((d, next(i for i in same_pp if i["tp"] != d["tp"])))
        if regs:
            with_reg += 1
            if any(i["pp"] == d["pp"] for i in regs):
                reached += 1
            else:
                dmiss.append((d, regs[0]))
            numbered = [
                i
                for i in regs
                if i["t"]["intended"].get("number") == d["t"]["intended"]["number"]
                and i["t"]["intended"].get("facility") == d["t"]["intended"]["facility"]
            ]
            if numbered:
                with_num += 1
                ok = any(i["pp"] == d["pp"] for i in numbered)
                reached_num += ok
                r0 = numbered[0]["t"]["written"]
                rl = (r0.get("الجهة") or r0.get("الفرع") or "").strip()
                dl = d["t"]["written"]["الجهة"].strip()
                if not rl:
                    c = "register row names no facility"
                elif FAC_ID.get(rl) == FAC_ID.get(dl):
                    c = f"both labels resolve to {FAC_ID.get(dl)}"
                else:
                    c = f"labels resolve differently ({FAC_ID.get(rl)} / {FAC_ID.get(dl)})"
                dcat[
                    (
                        (d["t"]["intended"]["facility"] == "SED" and "Sednaya") or "branch",
                        c,
                        "reached" if ok else "missed",
                    )
                ] += 1
    m["death"] = dict(
        rows=len(dead),
        with_register=with_reg,
        reached=reached,
        with_same_number=with_num,
        reached_same_number=reached_num,
        merged_with_other_person=wrong,
        alone=alone,
        categories=dcat,
        examples_missed=dmiss[:6],
        examples_wrong=dwrong[:6],
    )
    # examples: missed true pairs, false merges
    missed, false = [], []
    by_pp = defaultdict(list)
    for i in items:
        by_pp[i["pp"]].append(i)
    for _tp, lst in by_tp.items():
        for a in range(len(lst)):
            for b in range(a + 1, len(lst)):
                if lst[a]["pp"] != lst[b]["pp"] and "death_record" not in (
                    lst[a]["kind"],
                    lst[b]["kind"],
                ):
                    missed.append((lst[a], lst[b]))
    rel = Counter()
    for _pp, lst in by_pp.items():
        for a in range(len(lst)):
            for b in range(a + 1, len(lst)):
                if lst[a]["tp"] != lst[b]["tp"]:
                    pa, pb = persons[lst[a]["tp"]], persons[lst[b]["tp"]]
                    if pa["family_id"] == pb["family_id"]:
                        r = (
                            "cousins"
                            if "cousin" in (pa["relation"], pb["relation"])
                            else "father/son"
                            if "son" in (pa["relation"], pb["relation"])
                            else "brothers/sisters"
                        )
                    else:
                        r = "unrelated"
                    rel[r] += 1
                    false.append((lst[a], lst[b], r))
    m["false_by_relation"] = rel
    mk = Counter(tuple(sorted((a["kind"], b["kind"]))) for a, b in missed)
    m["missed_by_kind"] = mk
    rng.shuffle(missed)
    rng.shuffle(false)
    # prefer cross-kind misses, and a mix of relations for false merges
    m["missed_examples"] = sorted(missed, key=lambda ab: ab[0]["kind"] == ab[1]["kind"])[:12]
    fe, seen = [], Counter()
    for a, b, r in false:
        if seen[r] < 4:
            fe.append((a, b, r))
            seen[r] += 1
    m["false_examples"] = fe[:12]
    m["persons"] = persons
    return m


# ----------------------------------------------------------------------------------------
def value_probes(outdir, rows, evaldir):
    """How Athar reads the values we wrote: statuses and dates through --dry-run of small files,
    facility labels through `athar places resolve --json`."""
    work = os.path.join(evaldir, "probe_registry")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    log = os.path.join(evaldir, "commands_values.log")
    res = {}
    # facilities
    labels = defaultdict(Counter)
    for r in rows:
        fac = r["intended"].get("facility")
        if not fac:
            continue
        for h in FACILITY_HEADERS:
            v = r["written"].get(h)
            if v:
                labels[v.strip()][fac] += 1
    labs = sorted(labels)
    _rc, out, _err, _ = run(
        [ATHAR, "places", "resolve", "--kind", "facility", "--json", *labs], work, log
    )
    resolved = {}
    for line in out.splitlines():
        try:
            o = json.loads(line)
        except ValueError:
            continue
        resolved[o.get("text") or o.get("label") or o.get("input")] = o
    if len(resolved) != len(labs):  # fall back on order
        objs = [json.loads(ln) for ln in out.splitlines() if ln.strip().startswith("{")]
        resolved = dict(zip(labs, objs, strict=False))
    fac_res = []
    for lab in labs:
        o = resolved.get(lab, {})
        fid = o.get("id") or (o.get("match") or {}).get("id") if isinstance(o, dict) else None
        if fid is None and isinstance(o, dict):
            for k in ("facility_id", "place_id"):
                fid = fid or o.get(k)
        fac_res.append((lab, labels[lab].most_common(1)[0][0], fid, o))
    res["facilities"] = fac_res
    # statuses and dates through dry-runs of 5-row files
    st = {}
    for r in rows:
        cat = r["intended"].get("status")
        for h in ("Status", "Statut", "الوضع", "الوضع / Status"):
            v = r["written"].get(h)
            if v and cat:
                st.setdefault(v.strip(), Counter())[cat] += 1
    st_read = {}
    items = sorted(st)
    for i in range(0, len(items), 5):
        chunk = items[i : i + 5]
        p = os.path.join(work, "st.csv")
        with open(p, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(["Ref", "Full name", "Status"])
            for j, s in enumerate(chunk):
                w.writerow([f"S{j}", "Ahmad Ali Halabi", s])
        _rc, out, _err, _ = run(
            [ATHAR, "import", p, "--source", "st", "--kind", "family_report", "--dry-run"],
            work,
            log,
        )
        for line in out.splitlines():
            m = re.match(r"^\s+status:\s*(.*?)\s*→\s*(\S+)\s*$", line)
            if m:
                st_read[m.group(1).strip()] = m.group(2)
            else:
                m = re.match(r"^\s+status:\s*(.*?)\s*$", line)
                if m and m.group(1).strip() not in st_read:
                    st_read[m.group(1).strip()] = "(kept as written)"
    res["statuses"] = [
        (s, st[s].most_common(1)[0][0], st_read.get(s, "?"), sum(st[s].values())) for s in items
    ]
    # dates
    samples = {}
    for r in rows:
        for h, key in (
            ("Date of birth", "birth"),
            ("Date de naissance", "birth"),
            ("مواليد", "birth"),
            ("تاريخ الولادة", "birth"),
        ):
            v = r["written"].get(h)
            bi = r["intended"].get(key)
            if not v or not bi or (v.startswith("19") and len(v) == 4):
                continue
            shape = re.sub(r"[0-9]", "9", v.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")))
            shape += " eastern" if re.search("[٠-٩]", v) else ""
            shape += " (month first)" if bi[0] == "MD" else ""
            shape += " [xlsx date cell]" if re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", v) else ""
            if shape not in samples:
                samples[shape] = (v, bi)
    d_read = []
    for shape, (v, bi) in sorted(samples.items()):
        if "xlsx" in shape:
            d_read.append(
                (
                    shape,
                    v,
                    bi[1],
                    bi[1] + " (xlsx date cell: see the register's dry-run, read as the date)",
                )
            )
            continue
        p = os.path.join(work, "d.csv")
        with open(p, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(["Ref", "Full name", "Date of birth"])
            w.writerow(["D1", "Ahmad Ali Halabi", v])
        _rc, out, _err, _ = run(
            [ATHAR, "import", p, "--source", "d", "--kind", "family_report", "--dry-run"], work, log
        )
        got = "?"
        for line in out.splitlines():
            m = re.match(r"^\s+birth_date:\s*(.*?)\s*(?:→\s*(\S+))?\s*$", line)
            if m:
                got = m.group(2) or m.group(1)
        if "problem" in out and got == "?":
            got = (
                "PROBLEM: "
                + " ".join(ln.strip() for ln in out.splitlines() if "birth_date" in ln)[:160]
            )
        d_read.append((shape, v, bi[1], got))
    res["dates"] = d_read
    return res


def bad_and_probes(outdir, man, evaldir):
    out_ = {}
    work = os.path.join(evaldir, "bad_registry")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    log = os.path.join(evaldir, "commands_bad.log")
    p = os.path.join(outdir, man["bad_file"])
    cmd = [ATHAR, "import", p, "--source", "bad_rows", "--kind", "prison_register"]
    rc, out, err, _ = run(cmd, work, log)
    out_["bad"] = (" ".join(["athar", *cmd[1:]]), rc, (out + err).strip())
    rej = os.path.join(evaldir, "bad_rows.rejects.csv")
    rc, out, err, _ = run([*cmd, "--skip-bad-rows", "--rejects", rej], work, log)
    rej_text = ""
    if os.path.exists(rej):
        with open(rej, encoding="utf-8-sig") as fh:
            rej_text = fh.read()
    out_["bad_skip"] = (rc, (out + err).strip(), rej_text)
    pr = []
    for q in man.get("probes", []):
        cmd = [
            ATHAR,
            "import",
            os.path.join(outdir, q["file"]),
            "--source",
            q["source"],
            "--kind",
            q["kind"],
            "--dry-run",
        ]
        rc, out, err, _ = run(cmd, work, log)
        pr.append((q, rc, (out + err).strip()))
    out_["probes"] = pr
    return out_


# ----------------------------------------------------------------------------------------
def fmt(x, d=3):
    return "n/a" if x != x else f"{x:.{d}f}"


def report(outdir, man, rows, results, values, bad, total_secs):
    L = []
    A = L.append
    A("# Held-out partner files: evaluation report\n")
    A(
        f"persons {man['persons']}, seed {man['seed']}, rows {len(rows)} "
        f"in {len(man['files'])} files; "
        f"total wall time {total_secs:.0f} s\n"
    )
    nrows = Counter(r["file"] for r in rows)
    for mode, R in results.items():
        A(f"\n## Mode `{mode}`\n")
        A(
            "| file | kind | rows in file | read | importable | imported (export) "
            "| first import rc | seconds |"
        )
        A("|---|---|---|---|---|---|---|---|")
        exp_n = Counter(t["file"] for e, t in R["joined"])
        for r in R["imports"]:
            o = r["out"]
            A(
                f"| {r['file']} | {r['kind']} | {nrows[r['file']]} | {o.get('read', '?')} "
                f"| {o.get('importable', '?')} | "
                f"{exp_n[r['file']]} | {r['rc']}"
                f"{' (retried --skip-bad-rows)' if r['rc'] else ''} | {r['seconds']:.1f} |"
            )
        A(
            f"\nexported records not joined to truth: {len(R['unjoined'])}"
            + (
                f" (e.g. {[(u['source'], u['record_id']) for u in R['unjoined'][:5]]})"
                if R["unjoined"]
                else ""
            )
        )
        srcs = Counter(e["source"] for e, t in R["joined"])
        A(f"\nsources in the export: {dict(srcs)}\n")
        A("### Header mapping (from --dry-run)\n")
        for r in R["imports"]:
            A(
                f"- **{r['file']}** (`athar {r['cmd']}`)"
                + (f" — dry-run rc {r['dry_rc']}: {r['dry_err']}" if r["dry_rc"] else "")
            )
            mapped = [f"{h} → {f}" for h, f, how in r["mapping"] if f != "-"]
            un = [h for h, f, how in r["mapping"] if f == "-"]
            A(f"  - mapped: {'; '.join(mapped)}")
            A(f"  - unmapped: {', '.join(un) if un else '(none)'}")
            for line in r["out"].get("not_understood", []) + r["out"].get("notes", []):
                A(f"  - {line}")
            if r["first_error"]:
                fe = r["first_error"].splitlines()
                A(
                    "  - first import refused; error (first lines):\n\n```\n"
                    + "\n".join(fe[:6])
                    + (f"\n... ({len(fe)} lines)" if len(fe) > 6 else "")
                    + "\n"
                    + "\n".join(fe[-3:])
                    + "\n```"
                )
            if r.get("retry_error"):
                A(f"  - retry with --skip-bad-rows failed too:\n\n```\n{r['retry_error']}\n```")
        A(f"\n### Linkage (`athar link`: {R['link_seconds']:.0f} s)\n")
        A("```\n" + R["link_out"].strip()[-1500:] + "\n```\n")
        m = R["m"]
        tp, pp, tt, p, rc_, f, e2e, at = m["overall"]
        A(
            f"records {m['n_records']}, true persons {m['n_true_persons']}, "
            f"Athar persons {m['n_pred_persons']}\n"
        )
        A(
            f"**pairwise precision {fmt(p)}, recall {fmt(rc_)}, F1 {fmt(f)}** "
            f"(TP {tp}, predicted pairs {pp}, "
            f"true pairs among imported rows {tt}); "
            f"end-to-end recall over all true pairs in the files "
            f"(incl. rows not imported) {fmt(e2e)} of {at}\n"
        )
        c_, b_, a_, p2, r2, f2 = m["named_only"]
        A(
            f"without the nameless death rows: precision {fmt(p2)}, recall {fmt(r2)}, "
            f"F1 {fmt(f2)} (TP {c_}, pred {b_}, true {a_})\n"
        )
        A(
            f"Athar persons holding records of more than one true person: "
            f"{sum(m['mixed_clusters'].values())} "
            f"(by number of true persons: {dict(m['mixed_clusters'])})\n"
        )
        A("| kind pair | TP | pred | true | P | R | F1 | R end-to-end | true pairs in files |")
        A("|---|---|---|---|---|---|---|---|---|")
        for k, v in m["by_kind"].items():
            A(
                f"| {k[0]} – {k[1]} | {v[0]} | {v[1]} | {v[2]} | {fmt(v[3])} | {fmt(v[4])} "
                f"| {fmt(v[5])} | {fmt(v[6])} | {v[7]} |"
            )
        A("\n| file pair | TP | pred | true | P | R | F1 |")
        A("|---|---|---|---|---|---|---|")
        for k, v in m["by_file"].items():
            if v[1] or v[2]:
                A(
                    f"| {k[0]} – {k[1]} | {v[0]} | {v[1]} | {v[2]} "
                    f"| {fmt(v[3])} | {fmt(v[4])} | {fmt(v[5])} |"
                )
        d = m["death"]
        reach_reg = d["reached"] / d["with_register"] if d["with_register"] else float("nan")
        reach_same = (
            d["reached_same_number"] / d["with_same_number"]
            if d["with_same_number"]
            else float("nan")
        )
        A(
            f"\n**Nameless death rows**: {d['rows']} imported; "
            f"{d['with_register']} have their person in a register; "
            f"reached that person: {d['reached']} "
            f"(recall {fmt(reach_reg)}); "
            f"of {d['with_same_number']} whose register row has the same facility+number, "
            f"reached {d['reached_same_number']} "
            f"({fmt(reach_same)}); "
            f"merged with another person's records: {d['merged_with_other_person']}; "
            f"left alone: {d['alone']}\n"
        )
        for k, v in sorted(d["categories"].items()):
            A(f"- {k[0]} death rows, {k[1]}: {k[2]} {v}")
        for a, b in d["examples_missed"]:
            A(f"- death missed: {short(a['t'])}  ⟷  {short(b['t'])}")
        for a, b in d["examples_wrong"]:
            A(f"- death wrongly with: {short(a['t'])}  ⟷  {short(b['t'])} (other person)")
        A(f"\nmissed true pairs by kind pair (excluding death rows): {dict(m['missed_by_kind'])}\n")
        A(
            f"false-merge pairs by relation of the two true persons: "
            f"{dict(m['false_by_relation'])}\n"
        )
        A("#### Missed true pairs (examples)\n")
        for a, b in m["missed_examples"]:
            A(f"- {short(a['t'])}  ⟷  {short(b['t'])}\n  - explain: {explain(a, b, R['work'])}")
        A("\n#### False merges (examples)\n")
        P = m["persons"]
        for a, b, rel in m["false_examples"]:
            pa, pb = P[a["tp"]], P[b["tp"]]
            A(
                f"- [{rel}] {short(a['t'])}  ⟷  {short(b['t'])}  — truth: "
                f"{pa['given']} {pa['father']} {pa['family']} "
                f"{pa['dob'][:4]} vs {pb['given']} {pb['father']} {pb['family']} {pb['dob'][:4]}"
                f"\n  - explain: {explain(a, b, R['work'])}"
            )
    if values:
        A("\n## How values were read\n")
        A("### Facility labels (`athar places resolve --kind facility --json`)\n")
        by_code = defaultdict(Counter)
        for _label, code, fid, _o in values["facilities"]:
            by_code[code][fid] += 1
        A("| label as written | my facility | Athar id |")
        A("|---|---|---|")
        for label, code, fid, _o in values["facilities"]:
            maj = by_code[code].most_common(1)[0][0]
            flag = "" if fid and fid == maj else " **⚠**"
            A(f"| {label} | {code} | {fid}{flag} |")
        A("\n### Status texts (dry-run)\n")
        A("| status as written | my category | Athar read | rows |")
        A("|---|---|---|---|")
        for s, cat, got, n in values["statuses"]:
            flag = "" if got == cat else " **⚠**"
            A(f"| {s} | {cat} | {got}{flag} | {n} |")
        A("\n### Dates (dry-run of one-row files; shape = digits as 9)\n")
        A("| shape | written | meant | Athar read |")
        A("|---|---|---|---|")
        for shape, v, meant, got in values["dates"]:
            flag = "" if str(got).startswith(str(meant)) else " **⚠**"
            A(f"| {shape} | {v} | {meant} | {got}{flag} |")
    if bad:
        cmd, rc, txt = bad["bad"]
        A(f"\n## Bad-rows file\n\n`{cmd}` → rc {rc}\n\n```\n{txt}\n```\n")
        rc, txt, rej = bad["bad_skip"]
        A(
            f"with `--skip-bad-rows`: rc {rc}\n\n```\n{txt}\n```\n\n"
            f"rejects file:\n\n```\n{rej}\n```\n"
        )
        A("\n## Probes (dry-run only)\n")
        for q, rc, txt in bad["probes"]:
            A(f"### {q['file']} — {q['what']}\n\nrc {rc}\n\n```\n{txt[:2500]}\n```\n")
    return "\n".join(L)


def code_version():
    """Which Athar ran: HEAD and whether athar/ had uncommitted changes (read-only git)."""
    root = os.path.dirname(os.path.dirname(HERE))
    try:
        head = subprocess.run(
            ["git", "-C", root, "log", "-1", "--format=%h %ci %s"], capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", root, "status", "--porcelain", "--", "athar"],
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        return "unknown"
    return head[:90] + (" (+ uncommitted changes in athar/)" if dirty else "")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--modes", default="auto,mapped")
    ap.add_argument("--work", default=None)
    ap.add_argument("--no-values", action="store_true")
    a = ap.parse_args()
    t0 = time.time()
    v0 = code_version()
    outdir = a.out
    man, rows, persons = load(outdir)
    evaldir = os.path.join(outdir, "eval")
    os.makedirs(evaldir, exist_ok=True)
    for fn in os.listdir(evaldir):
        if fn.startswith("commands_"):
            os.remove(os.path.join(evaldir, fn))
    work_root = (
        a.work or f"/tmp/hf/run-{os.path.basename(os.path.normpath(outdir))}-{int(time.time())}"
    )
    os.makedirs(work_root, exist_ok=True)
    resolve_facilities(rows, work_root)
    results = {}
    for mode in a.modes.split(","):
        work = os.path.join(work_root, mode)
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)
        R = {"work": work}
        R["imports"] = import_all(outdir, man, work, mode, evaldir)
        log = os.path.join(evaldir, f"commands_{mode}.log")
        rc, out, err, s = run([ATHAR, "link"], work, log)
        R["link_seconds"], R["link_out"] = s, (out + ("\n" + err if rc else ""))
        exp = os.path.join(evaldir, f"records_{mode}.csv")
        run([ATHAR, "export", "records", "--output", exp], work, log)
        R["joined"], R["unjoined"] = join_export(exp, man, rows)
        R["m"] = measure(R["joined"], rows, persons, random.Random(7))
        results[mode] = R
        print(f"[{mode}] done in {time.time() - t0:.0f} s", file=sys.stderr)
    values = None if a.no_values else value_probes(outdir, rows, evaldir)
    bad = bad_and_probes(outdir, man, evaldir)
    v1 = code_version()
    rep = report(outdir, man, rows, results, values, bad, time.time() - t0)
    rep = rep.replace(
        "\n",
        f"\n\nAthar code at start: `{v0}`; at end: `{v1}`"
        + ("" if v0 == v1 else " — **the code changed during this run**")
        + "\n",
        1,
    )
    with open(os.path.join(outdir, "report.md"), "w", encoding="utf-8") as fh:
        fh.write(rep)
    print(rep)


if __name__ == "__main__":
    main()
