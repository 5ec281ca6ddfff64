# ruff: noqa: E501  (Markdown lines read better unwrapped)
"""The bench's section of docs/performance.md."""

from __future__ import annotations

from _common.report import fmt_ms


def markdown(r: dict) -> str:
    data, fill, rescore = r["data"], r["fill"], r["rescore"]
    lines = [
        f"Run of {r['date']} on {r['machine']['cpus']} CPU cores (shared with other work, load average {', '.join(f'{x:.1f}' for x in r['machine']['load_average'])}), PostgreSQL {r['machine']['postgres']} (`{r['command']}`).",
        "",
        f"Data: {data['readers']:,} readers, {data['matches']:,} matches (10 seasons of an 18-club league, 34 match days × 9 matches), "
        f"**{data['predictions']:,} predictions**; the current season's table has {data['current_season_lines']:,} lines "
        f"(tallies: {data['season_tallies']:,} season, {data['month_tallies']:,} month, {data['match_day_tallies']:,} match-day lines), {data['leagues']} private leagues of 50. "
        f"Sizes (MiB, with indexes): {', '.join(f'{k} {v:,}' for k, v in sorted(data['sizes_mib'].items()))}.",
        "",
    ]
    if fill.get("reused"):
        lines.append(f"Fill: reused a database filled {fill['filled_at']}.")
    else:
        lines.append(
            f"Fill: **{fill['total_s'] / 60:.1f} min** in all: readers {fill['readers_s']} s, predictions {fill['predictions_s']} s, "
            f"their indexes {fill['indexes_s']} s, tallies rebuilt from them {fill['tallies_s']} s, VACUUM ANALYZE {fill['vacuum_analyze_s']} s."
        )
    lines += [
        "",
        "Leaderboards of the current season through the real selectors (a page of 50 lines, its names and the number of pages), random instances interleaved after a warm-up; the ratio is each p95 over the baseline's p95.",
        "",
        "| case | runs | p50 ms | p95 ms | p95 / baseline |",
        "|---|---:|---:|---:|---:|",
    ]
    for case in r["measured"].values():
        lines.append(
            f"| {case['label']} | {case['runs']} | {fmt_ms(case['p50_ms'])} | {fmt_ms(case['p95_ms'])} | {case['p95_ratio']:,} |"
        )
    results, corrections = rescore["rounds"]["results"], rescore["rounds"]["corrections"]
    lines += [
        "",
        f"Re-scoring a whole match day ({rescore['matches']} matches, **{rescore['predictions']:,} predictions**), as the scoring task does it (`match_score`: the predictions and their readers' season, month and match-day tallies, one transaction a match):",
        "",
        f"- results entered: {results['scored']:,} predictions scored in **{results['score_s']} s** ({results['per_1000_ms']} ms per 1,000; the editor's nine `match_result_set` took {results['set_s']} s in all, the scoring being queued);",
        f"- all nine corrected: {corrections['scored']:,} predictions scored again in **{corrections['score_s']} s**;",
        f"- the alternative, recomputing one match's readers' match-day tallies from the predictions and their season tallies from their match-day tallies (months left out): {rescore['recompute_one_match_s']} s for one match, against {results['per_match_s'][0]} s for that match's whole scoring by differences;",
        f"- afterwards, season tallies differing from a recomputation from the predictions: **{rescore['season_tallies_wrong']}**.",
        "",
        "<details><summary>EXPLAIN of a deep page of the season's table</summary>",
        "",
        "```",
        r["plan"],
        "```",
        "",
        "</details>",
    ]
    return "\n".join(lines)
