"""Text for people, in every language sanhu writes: one table of messages, the language to use, and formatting.

Every sentence, label and unit that sanhu shows a person (reason details and infeasibility cores in a plan,
explanations, advice, the terminal summary and status line, the report page) is one entry of ``MESSAGES``: a key
saying what it is and its text in each of ``LANGUAGES``, with named placeholders (``{place}``, ``{amount:g}``) that
``message`` fills. The code that decides what to say passes a key and values; the language is picked only when
the text is formatted, so there is one copy of the deciding code for every language.

Where a language's text depends on a number (English plurals), it is a dict of forms ``"one"`` and ``"other"``
(and, where it reads better, ``"zero"``), chosen by the value named in the entry's ``"count"``. A table's
header row is one message, its column names separated by ``|`` (``columns``).

The language is the one asked for, else the environment variable ``SANHU_LANG``, else English: ``language``.
Region and encoding suffixes are dropped (``zh-CN``, ``zh_CN.UTF-8`` and ``ZH`` are ``zh``); anything else
is refused with ``UnknownLanguage``, naming the value.

Examples
--------
>>> message("reason.no_skill_anywhere", "zh", skill="legal")
'没有任何资源具备“legal”技能。'
>>> join(["李", "王", "陈"], "en", total=5)
'李, 王, 陈 and 2 more'
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence

__all__ = ["ENVIRONMENT", "LANGUAGES", "MESSAGES", "UnknownLanguage", "columns", "join", "label", "language", "message"]

LANGUAGES = ("en", "zh")
"""The languages sanhu writes, English first (the default)."""
ENVIRONMENT = "SANHU_LANG"
"""The environment variable naming the language when no argument does."""

Text = str | dict[str, str]

MESSAGES: dict[str, dict[str, Text]] = {
    # Words the other messages are made of ------------------------------------------------------------------
    "list.sep": {"en": ", ", "zh": "、"},
    "list.more": {"en": "{items} and {more} more", "zh": "{items}及另外{more}个"},
    "list.semicolon": {"en": "; ", "zh": "；"},
    "list.and": {"en": " and ", "zh": "和"},
    "window.day": {"en": "the day", "zh": "全天"},
    "window.whole_day": {"en": "the whole day", "zh": "全天"},
    "window.span": {"en": "{start}–{end}", "zh": "{start}–{end}"},
    "unit.hours": {"count": "n", "en": {"one": "hour", "other": "hours"}, "zh": "小时"},
    "unit.uses": {"count": "n", "en": {"one": "use", "other": "uses"}, "zh": "次"},
    "unit.tasks": {"count": "n", "en": {"one": "task", "other": "tasks"}, "zh": "项任务"},
    "unit.members": {"count": "n", "en": {"one": "member", "other": "members"}, "zh": "名人员"},
    "status.optimal": {"en": "optimal", "zh": "最优"},
    "status.feasible": {"en": "feasible", "zh": "可行"},
    "status.infeasible": {"en": "infeasible", "zh": "不可行"},
    "status.unknown": {"en": "unknown", "zh": "未找到方案"},
    "outcome.cleared_today": {"en": "cleared_today", "zh": "当日清"},
    "outcome.clarified_today": {"en": "clarified_today", "zh": "当日明"},
    "outcome.unmet": {"en": "unmet", "zh": "未满足"},
    "code.no_skill_in_reach": {"en": "no_skill_in_reach", "zh": "范围内技能不足"},
    "code.no_time_overlap": {"en": "no_time_overlap", "zh": "时段不匹配"},
    "code.limit": {"en": "limit", "zh": "受上限限制"},
    "code.capacity_taken": {"en": "capacity_taken", "zh": "资源已被占用"},
    "code.unproven": {"en": "unproven", "zh": "时限内未证明"},
    "code.infeasible": {"en": "infeasible", "zh": "方案不可行"},
    "level.city": {"en": "city", "zh": "市"},
    "level.street": {"en": "street", "zh": "街道"},
    "level.community": {"en": "community", "zh": "社区"},
    "level.grid": {"en": "grid", "zh": "网格"},
    "level.micro": {"en": "micro", "zh": "微网格"},
    "tier.coverage": {"en": "coverage", "zh": "覆盖"},
    "tier.fairness": {"en": "fairness", "zh": "公平性"},
    "tier.cost": {"en": "cost", "zh": "成本"},
    "tier.balance": {"en": "balance", "zh": "均衡度"},
    "tier.stability": {"en": "stability", "zh": "稳定性"},
    "field.capacity": {"en": "capacity", "zh": "可用量"},
    "field.max_tasks": {"en": "max_tasks", "zh": "任务数上限"},
    "field.daily_cap": {"en": "daily_cap", "zh": "每日服务上限"},
    "field.max_members": {"en": "max_members", "zh": "派出人数上限"},
    # Limits, as reasons and cores name them --------------------------------------------------------------
    "limit.daily_cap": {"en": "the daily cap of {name} ({amount})", "zh": "{name}的每日服务上限（{amount}）"},
    "limit.max_members": {"en": "the member limit of {name} ({amount})", "zh": "{name}的派出人数上限（{amount}）"},
    "limit.max_outbound": {"en": "the outbound limit of {name} ({amount})",
                           "zh": "{name}的对外支援上限（{amount}）"},
    "limit.capacity": {"en": "the capacity of {name} ({amount})", "zh": "{name}的可用量（{amount}）"},
    "limit.max_tasks": {"en": "the task limit of {name} ({amount})", "zh": "{name}的任务数上限（{amount}）"},
    "limit.value": {"en": "{value:g}", "zh": "{value:g}"},
    "limit.value_used": {"en": "{value:g}, {used:g} used in this plan", "zh": "{value:g}，本方案已用{used:g}"},
    "limit.together": {"en": " together with ", "zh": "以及"},
    # Reasons for unmet needs (a plan's reason.detail) ----------------------------------------------------
    "reason.no_skill_together": {
        "en": "The resources within reach of {place} cannot fill all {requirements} requirements at once "
              "(each resource fills one slot).",
        "zh": "能服务到{place}的资源无法同时满足全部{requirements}项要求（每个资源只能承担其中一项）。"},
    "reason.no_skill_anywhere": {"en": "No resource anywhere has skill {skill!r}.",
                                 "zh": "没有任何资源具备“{skill}”技能。"},
    "reason.no_skill": {
        "count": "count",
        "en": {"one": "Needs {count} resource with skill {skill!r} and capacity for {amount:g} within reach of "
                      "{place}; {found} of the {holders} holding it can.",
               "other": "Needs {count} resources with skill {skill!r} and capacity for {amount:g} within reach of "
                        "{place}; {found} of the {holders} holding it can."},
        "zh": "需要{count}个具备“{skill}”技能、能服务到{place}且能力可承担{amount:g}的资源；"
              "具备该技能的{holders}个资源中{found}符合。"},
    "reason.found": {"count": "found", "en": {"zero": "none", "other": "{found}"},
                     "zh": {"zero": "没有一个", "other": "有{found}个"}},
    "reason.no_time_together": {"en": "Within {window}, the resources available cannot fill all requirements at once.",
                                "zh": "在{window}内，可用的资源无法同时满足全部要求。"},
    "reason.no_time": {
        "en": "Resources with skill {skill!r} are within reach of {place}, but too few are available for "
              "{amount:g} within {window}.",
        "zh": "有具备“{skill}”技能、能服务到{place}的资源，但在{window}内有空承担{amount:g}的资源不够。"},
    "reason.limit_alone": {"en": "Even alone it cannot be covered within {limits}.",
                           "zh": "即使单独安排，也无法在{limits}之内满足该诉求。"},
    "reason.limit_in_plan": {"en": "Covering it in this plan would exceed {limits}.",
                             "zh": "在本方案中满足该诉求会超出{limits}。"},
    "reason.capacity_taken": {
        "en": "It could be covered alone, but the capacity of {resources} went to {needs}; covering it instead "
              "would give up a required need or at least as much covered weight.",
        "zh": "该诉求单独安排可以满足，但{resources}的能力已用于{needs}；改为满足它，就要放弃一项必办诉求，"
              "或放弃至少同样多的已覆盖权重。"},
    "reason.required": {"en": "{title} (required)", "zh": "{title}（必办）"},
    "reason.unproven": {"en": "The time limit ended before the solver proved this need could not be covered.",
                        "zh": "求解器还未证明该诉求无法满足，时间上限就已到。"},
    "reason.room_left": {"en": "The plan leaves room for this need; solve again with more time.",
                         "zh": "方案仍有余量可承接该诉求，请放宽时间上限后重新求解。"},
    "reason.not_judged": {
        "en": "The solve stopped (its time limit, or an interrupt) before this need's reason was judged.",
        "zh": "求解在判定该诉求的原因之前已停止（时间上限已到，或被中断）。"},
    # Infeasible days (a plan's core.detail) -----------------------------------------------------------------
    "core.what": {"count": "n", "en": {"one": "this required need", "other": "these {n} required needs"},
                  "zh": {"one": "这项必办诉求", "other": "这{n}项必办诉求"}},
    "core.too_few": {
        "en": "The day is infeasible: {what} cannot all be covered today ({needs}): too few resources can serve "
              "them at all ({resources} in reach and in time, each filling one slot of a need).",
        "zh": "当日无可行方案：{what}（{needs}）今日无法全部满足：能服务它们的资源太少"
              "（范围和时段都合适的共{resources}个，每个只能承担一项诉求中的一个名额）。"},
    "core.limits": {"en": "The day is infeasible: {what} cannot all be covered today ({needs}) within {limits}.",
                    "zh": "当日无可行方案：在{limits}之内，{what}（{needs}）今日无法全部满足。"},
    "core.no_plan": {"en": "no plan covering the required needs was found in the time limit",
                     "zh": "在时间上限内没有找到能满足全部必办诉求的方案"},
    # Explanations -------------------------------------------------------------------------------------------
    "explain.covered": {"en": "Covered today by {names}.", "zh": "今日由{names}承接。"},
    "explain.requirement": {
        "en": "Requirement {k} ({skill!r}, {count} × {amount:g}): {within} within reach, {able} with the "
              "capacity{names}.",
        "zh": "要求{k}（“{skill}”，{count} × {amount:g}）：服务范围内{within}个，能力足够的{able}个{names}。"},
    "explain.names": {"en": " ({names})", "zh": "（{names}）"},
    "explain.nearest": {"en": "Nearest areas holding the skill: {areas}.", "zh": "具备该技能的最近区域：{areas}。"},
    "explain.nearest_area": {"en": "{name} ({levels} levels apart, {holders} resources)",
                             "zh": "{name}（相隔{levels}级，{holders}个资源）"},
    "explain.overlap": {"en": "{name} overlaps {window} by {overlap:g} h; requirement {k} needs {amount:g}.",
                        "zh": "{name}与{window}的时段只重叠{overlap:g}小时；要求{k}需要{amount:g}。"},
    "explain.hall": {"en": "Together, {needs} ask {demand:g} {measure} of {resources}, which hold {supply:g}.",
                     "zh": "{needs}合计需要{resources}提供{demand:g}{measure}，但这些资源合计只有{supply:g}{measure}。"},
    "explain.tradeoff": {
        "en": "Covering it instead would give up {needs} ({lost:g} weight) for {gained:g}: net {net:+g}.",
        "zh": "改为满足它，要放弃{needs}（权重{lost:g}），换来权重{gained:g}：净变化{net:+g}。"},
    "explain.tradeoff_free": {
        "en": "Covering it instead would give up nothing ({lost:g} weight) for {gained:g}: net {net:+g}.",
        "zh": "改为满足它无需放弃任何诉求（权重{lost:g}），换来权重{gained:g}：净变化{net:+g}。"},
    "explain.head": {"en": "{need} {title}: {outcome}{reason}", "zh": "{need} {title}：{outcome}{reason}"},
    "explain.head_reason": {"en": " ({reason})", "zh": "（{reason}）"},
    "explain.pool": {"en": "could serve it: {items}", "zh": "可承接的资源：{items}"},
    "explain.pool_item": {"en": "{name} {used:g}/{capacity:g} used, {tasks} tasks",
                          "zh": "{name}（已用{used:g}/{capacity:g}，{tasks}项任务）"},
    "explain.takers": {"en": "taken by: {items}", "zh": "占用它们的诉求：{items}"},
    "explain.taker": {"en": "{need} (weight {weight:g}) {amount:g} of {resource}",
                      "zh": "{need}（权重{weight:g}）占用{resource}的{amount:g}"},
    # Advice (recommend) and shortages -------------------------------------------------------------------------
    "advice.add_resource": {
        "en": "Add a resource with skill {skill!r} based in {area}, serving its whole area all day with {amount} hours",
        "zh": "在{area}增设一个具备“{skill}”技能的资源，全天服务该区域，共{amount}小时"},
    "advice.more": {"en": "Give {name} {amount} more {label} ({limit} {old:g} → {new:g})",
                    "zh": "为{name}增加{amount}{label}（{limit}：{old:g} → {new:g}）"},
    "advice.covers": {"count": "covers",
                      "en": {"one": "{covers} more need covered", "other": "{covers} more needs covered"},
                      "zh": "可多满足{covers}项诉求"},
    "advice.exchange": {"count": "uncovers", "en": {"one": " in exchange for {uncovers} other",
                                                   "other": " in exchange for {uncovers} others"},
                        "zh": "（同时少满足{uncovers}项）"},
    "advice.not_proven": {"en": " (not proven optimal)", "zh": "（未证明最优）"},
    "advice.detail": {"en": "{change}: {covers}{exchange}, +{gain:g} weight{proven}.",
                      "zh": "{change}：{covers}{exchange}，权重+{gain:g}{proven}。"},
    "advice.title": {"en": "sanhu recommendations: baseline coverage {coverage:g} ({proven}); {tried} of "
                           "{candidates} candidates re-solved in {seconds:.1f} s",
                     "zh": "sanhu 建议：当前覆盖权重{coverage:g}（{proven}）；{candidates}个候选中已重新求解"
                           "{tried}个，用时{seconds:.1f}秒"},
    "advice.proven": {"en": "proven", "zh": "已证明最优"},
    "advice.unproven": {"en": "not proven", "zh": "未证明最优"},
    "advice.none": {"en": "no addition re-solved covers more weight", "zh": "重新求解的增补都不能覆盖更多权重"},
    "advice.add": {"en": "add {skill} @ {name}", "zh": "在{name}新增“{skill}”"},
    "advice.raise": {"en": "{limit} of {name}", "zh": "{name}的{limit}"},
    "advice.adds": {"en": "+{amount:g} {unit}", "zh": "+{amount:g}{unit}"},
    "advice.yes": {"en": "yes", "zh": "是"},
    "advice.no": {"en": "no", "zh": "否"},
    "advice.columns": {"en": "#|change|kind|adds|estimate|gain|gain/unit|needs|proven",
                       "zh": "#|调整|类型|增加|估计增益|实际增益|单位增益|诉求|已证明"},
    "kind.add_resource": {"en": "add_resource", "zh": "新增资源"},
    "kind.more_hours": {"en": "more_hours", "zh": "增加能力"},
    "kind.raise_unit_cap": {"en": "raise_unit_cap", "zh": "提高单位上限"},
    "shortages.title": {"count": "days", "en": {"one": "sanhu shortages over {days} day",
                                                "other": "sanhu shortages over {days} days"},
                        "zh": "sanhu 反复出现的缺口（共{days}天）"},
    "shortages.none": {"en": "no recurring shortage", "zh": "没有反复出现的缺口"},
    "shortages.area": {"en": "{name} ({id})", "zh": "{name}（{id}）"},
    "shortages.columns": {"en": "skill|area|days|unmet weight|needs", "zh": "技能|区域|天数|未满足权重|诉求"},
    # The plan's summary (sanhu solve) ------------------------------------------------------------------------
    "summary.title": {"en": "sanhu plan{source}{date}", "zh": "sanhu 方案{source}{date}"},
    "summary.source": {"en": " for {source}", "zh": "：{source}"},
    "summary.date": {"en": " ({date})", "zh": "（{date}）"},
    "summary.status": {"count": "parts",
                       "en": {"one": "{status}  ({seconds:.2f} s, {engine}, {parts} part)",
                              "other": "{status}  ({seconds:.2f} s, {engine}, {parts} parts)"},
                       "zh": "{status}（{seconds:.2f}秒，{engine}，{parts}个部分）"},
    "summary.covered": {"en": "{covered:g} of {total:g} ({share}); {bound}",
                        "zh": "{covered:g} / {total:g}（{share}）；{bound}"},
    "summary.bound": {"en": "bound {bound:g}, gap {gap:.2f}%", "zh": "上界{bound:g}，差距{gap:.2f}%"},
    "summary.no_bound": {"en": "no bound", "zh": "无上界"},
    "summary.fairness": {"en": "{value:.2f}% (smallest covered share of an area)",
                         "zh": "{value:.2f}%（各区域中最低的覆盖率）"},
    "summary.balance": {"en": "{value:.2f}% (largest use of a resource's capacity)",
                        "zh": "{value:.2f}%（单个资源能力的最高占用率）"},
    "summary.per_level": {"en": "coverage per {level}", "zh": "各{level}覆盖情况"},
    "summary.columns": {"en": "needs|covered|weight|covered weight|share", "zh": "诉求|已覆盖|权重|覆盖权重|覆盖率"},
    "summary.label.status": {"en": "status", "zh": "状态"},
    "summary.label.needs": {"en": "needs", "zh": "诉求总数"},
    "summary.label.covered": {"en": "covered weight", "zh": "覆盖权重"},
    "summary.label.cleared": {"en": "cleared today", "zh": "当日清"},
    "summary.label.clarified": {"en": "clarified today", "zh": "当日明"},
    "summary.label.unmet": {"en": "unmet", "zh": "未满足"},
    # The command line -------------------------------------------------------------------------------------
    "cli.bundled": {"en": "bundled example day", "zh": "内置示例日"},
    "cli.no_plan": {"en": "no plan was found", "zh": "没有找到方案"},
    "cli.stopped": {"en": "sanhu: stopped by {signal}{written}", "zh": "sanhu：已被{signal}停止{written}"},
    "cli.stopped_written": {"en": "; the best plan so far (status feasible) is in {places}",
                            "zh": "；目前最好的方案（状态为 feasible）已写入{places}"},
    "cli.stopped_nothing": {"en": "; nothing was written to {out}", "zh": "；没有写入{out}"},
    "cli.valid": {"en": "{day}: valid day with {areas} areas, {units} units, {resources} resources, {needs} needs, "
                        "{arcs} arcs",
                  "zh": "{day}：数据有效，含{areas}个区域、{units}个驻区单位、{resources}个资源、{needs}项诉求、"
                        "{arcs}条指定配对"},
    "cli.converted": {"en": "wrote {day} as {format} to {out}", "zh": "已将{day}转换为{format}：{out}"},
    "cli.format.json": {"en": "a JSON day file", "zh": "JSON文件"},
    "cli.format.xlsx": {"en": "an .xlsx workbook", "zh": ".xlsx工作簿"},
    "cli.format.csv": {"en": "a folder of CSV files", "zh": "CSV文件夹"},
    "cli.graph": {"en": "wrote {day} as a graph to {out}: {nodes} nodes, {edges} edges{chosen}",
                  "zh": "已将{day}写为图：{out}，{nodes}个节点、{edges}条边{chosen}"},
    "cli.graph_chosen": {"en": ", {chosen} chosen", "zh": "，其中{chosen}条为方案所选"},
    "cli.generated": {"en": "wrote {tier} day (seed {seed}) to {out}", "zh": "已生成{tier}规模的一天（种子{seed}）：{out}"},
    "cli.report_written": {"en": "wrote the report of {plan} ({day}) to {out}: {size:,} bytes",
                           "zh": "已将{plan}（{day}）的报告写入{out}：{size:,}字节"},
    # The status line while solving (a terminal only) -------------------------------------------------------
    "progress.line": {"en": "solving: {done}/{total} parts done, coverage {coverage:g} (bound {bound:g}){stage}, "
                            "{seconds:.0f} s",
                      "zh": "求解中：已完成{done}/{total}个部分，覆盖{coverage:g}（上界{bound:g}）{stage}，{seconds:.0f}秒"},
    "progress.stage": {"en": ", {stage}", "zh": "，{stage}"},
    "progress.searching": {"en": "component {part} ({needs} needs): searching", "zh": "第{part}部分（{needs}项诉求）：搜索中"},
    "progress.tier": {"en": "component {part} ({needs} needs): {tier} tier {state} at {value:g}",
                      "zh": "第{part}部分（{needs}项诉求）：{tier}目标{state}，值为{value:g}"},
    "progress.proven": {"en": "proven", "zh": "已证明"},
    "progress.settled": {"en": "settled", "zh": "已确定"},
    # The report page (sanhu report); its reason codes, statuses, levels and limits are the words above ------
    "report.page.title": {"en": "Same-day matching report", "zh": "三呼三应 当日匹配报告"},
    "report.page.date": {"en": "Date", "zh": "日期"},
    "report.page.source": {"en": "Day file", "zh": "日程文件"},
    "report.page.status": {"en": "Plan status", "zh": "方案状态"},
    "report.page.solver": {"en": "Solved", "zh": "求解"},
    "report.page.made_by": {"en": "Made by sanhu {version}; reads offline, refers to nothing outside the page.",
                            "zh": "由 sanhu {version} 生成，离线可读，不引用任何外部资源。"},
    "report.page.infeasible": {"en": "The required needs cannot all be covered", "zh": "必办诉求无法全部满足"},
    "report.page.shown": {"en": "{shown} of {total} shown (by reason, then weight)",
                          "zh": "列出 {shown} 项（共 {total} 项，按原因和权重排序）"},
    "report.head.title": {"en": "Headline numbers", "zh": "核心指标"},
    "report.head.covered_share": {"en": "Covered share (by weight)", "zh": "覆盖率（按权重）"},
    "report.head.covered_weight": {"en": "covered weight {covered} of {total}", "zh": "已覆盖权重 {covered} / {total}"},
    "report.head.needs_covered": {"en": "Needs covered", "zh": "已覆盖诉求"},
    "report.head.cleared_note": {"en": "simple needs settled today", "zh": "简单事项当日办结"},
    "report.head.clarified_note": {"en": "complex needs with a lead today", "zh": "复杂事项当日明确牵头单位"},
    "report.head.unmet_note": {"en": "by reason", "zh": "按原因"},
    "report.cover.chart_streets": {"en": "Covered and unmet weight by {level}", "zh": "各{level}已覆盖与未覆盖权重"},
    "report.cover.chart_communities": {
        "en": "Covered share of each {level}, by {parent} (dot size: weight; green ≥ 80 %, orange 50–80 %, red < 50 %)",
        "zh": "各{level}覆盖率（按所属{parent}；点大小为权重，绿 ≥ 80%，橙 50–80%，红 < 50%）"},
    "report.cover.covered": {"en": "covered", "zh": "已覆盖"},
    "report.cover.unmet": {"en": "unmet", "zh": "未覆盖"},
    "report.cover.share_axis": {"en": "covered share (by weight)", "zh": "覆盖率（按权重）"},
    "report.cover.weight_axis": {"en": "weight", "zh": "权重"},
    "report.map.title": {"en": "Map of needs", "zh": "诉求分布图"},
    "report.map.caption": {
        "en": "Each dot is a need at its area's coordinates (km); needs at one place are spread around it. "
              "Green: covered; other colours: why a need is unmet.",
        "zh": "每个点是一项诉求，位于其区域坐标（公里）；同一位置的诉求围绕该点排开。绿色为已覆盖，其他颜色为未满足的原因。"},
    "report.map.no_xy": {"en": "The day's areas have no coordinates (xy): there is no map to draw.",
                         "zh": "日程中的区域没有坐标（xy），无法绘制地图。"},
    "report.map.km": {"en": "km", "zh": "公里"},
    "report.unmet.title": {"en": "Unmet needs and why", "zh": "未满足的诉求及原因"},
    "report.unmet.none": {"en": "Every need is covered.", "zh": "所有诉求均已覆盖。"},
    "report.use.title": {"en": "Resource and unit utilisation", "zh": "资源与驻区单位使用情况"},
    "report.use.chart": {"en": "Capacity by kind: used (blue), left (grey)", "zh": "各类资源容量：已用（蓝）与未用（灰）"},
    "report.use.share_axis": {"en": "share of capacity used", "zh": "已用占容量比例"},
    "report.use.histogram": {"en": "Resources by share of capacity used", "zh": "单个资源使用率分布"},
    "report.use.resources_axis": {"en": "resources", "zh": "资源数"},
    "report.use.units_title": {"en": "Resident units", "zh": "驻区单位（双报到）"},
    "report.use.no_units": {"en": "The day has no resident units.", "zh": "日程中没有驻区单位。"},
    "report.advice.title": {"en": "Recommendations", "zh": "增能建议"},
    "report.advice.baseline": {
        "en": "The advice was made for a plan covering weight {advice}; this plan covers {plan}: it may no longer "
              "apply.",
        "zh": "建议针对的方案覆盖权重 {advice}，本方案为 {plan}：建议可能已不适用。"},
    "report.advice.summary": {"en": "{candidates} candidates estimated, {tried} re-solved in {seconds} s.",
                              "zh": "共评估 {candidates} 个候选，重新求解 {tried} 个，用时 {seconds} 秒。"},
    "report.col.rank": {"en": "#", "zh": "序号"},
    "report.col.id": {"en": "id", "zh": "编号"},
    "report.col.name": {"en": "name", "zh": "名称"},
    "report.col.title": {"en": "need", "zh": "事项"},
    "report.col.kind": {"en": "kind", "zh": "类型"},
    "report.col.needs": {"en": "needs", "zh": "诉求数"},
    "report.col.weight": {"en": "weight", "zh": "权重"},
    "report.col.used_share": {"en": "share used", "zh": "使用率"},
    "report.col.reason": {"en": "reason", "zh": "原因"},
    "report.col.detail": {"en": "detail", "zh": "说明"},
    "report.col.resources": {"en": "resources", "zh": "资源数"},
    "report.col.in_use": {"en": "in use", "zh": "有任务"},
    "report.col.full": {"en": "full", "zh": "已用满"},
    "report.col.used": {"en": "used", "zh": "已用"},
    "report.col.measure": {"en": "measure", "zh": "单位"},
    "report.col.daily_cap": {"en": "used / daily cap", "zh": "已用 / 每日上限"},
    "report.col.members": {"en": "members / limit", "zh": "出动成员 / 上限"},
    "report.col.change": {"en": "change", "zh": "增补"},
    "report.col.adds": {"en": "adds", "zh": "增加"},
    "report.col.gain": {"en": "weight gained", "zh": "增加覆盖权重"},
    "report.col.proven": {"en": "proven", "zh": "已证明"},
    "report.need.simple": {"en": "simple", "zh": "简单"},
    "report.need.complex": {"en": "complex", "zh": "复杂"},
    "report.resource.staff": {"en": "community staff", "zh": "社区工作者"},
    "report.resource.grid_worker": {"en": "grid workers", "zh": "网格员"},
    "report.resource.volunteer": {"en": "volunteers", "zh": "志愿者"},
    "report.resource.party_member": {"en": "reporting party members", "zh": "报到党员"},
    "report.resource.unit_service": {"en": "unit services", "zh": "驻区单位服务"},
    "report.resource.department": {"en": "departments", "zh": "职能部门"},
    "report.resource.material": {"en": "materials", "zh": "物资"},
}
"""Every message, ``{key: {language: text}}``; ``"count"`` names the value choosing plural forms."""


class UnknownLanguage(ValueError):
    """A language sanhu does not write (``--lang``, ``SANHU_LANG`` or a ``lang=`` argument)."""


def language(lang: str | None = None) -> str:
    """The language to write in: ``lang`` when given, else ``SANHU_LANG`` when set, else ``"en"``.

    Raises
    ------
    UnknownLanguage
        For a language not in ``LANGUAGES``, naming the value and where it came from.
    """
    if lang in LANGUAGES:
        return lang
    source = "" if lang is not None else f" in {ENVIRONMENT}"
    value = lang if lang is not None else os.environ.get(ENVIRONMENT, "")
    if lang is None and not value.strip():
        return LANGUAGES[0]
    if not isinstance(value, str):
        raise UnknownLanguage(f"language must be a string such as 'zh', got {value!r}")
    base = re.split(r"[-_.@]", value.strip().lower(), maxsplit=1)[0]
    if base not in LANGUAGES:
        raise UnknownLanguage(f"unknown language {value!r}{source} (supported: {', '.join(LANGUAGES)})")
    return base


def _text(key: str, lang: str, values: dict) -> str:
    entry = MESSAGES[key]
    text = entry[lang]
    if isinstance(text, dict):
        count = values[entry["count"]]
        form = "zero" if count == 0 and "zero" in text else "one" if count == 1 and "one" in text else "other"
        text = text[form]
    return text


def message(key: str, lang: str | None = None, /, **values) -> str:
    """The message ``key`` in ``lang`` (resolved by ``language``), its placeholders filled with ``values``."""
    return _text(key, lang if lang in LANGUAGES else language(lang), values).format_map(values)


def label(prefix: str, name: str, lang: str | None = None) -> str:
    """A word for a machine name (a status, reason code, level, tier): ``message(prefix + "." + name)``, or the
    name itself when the catalogue has no entry for it (a day's own level names)."""
    key = f"{prefix}.{name}"
    return message(key, lang) if key in MESSAGES else name


def columns(key: str, lang: str | None = None) -> list[str]:
    """The column names of a table's header row (message ``key``, names separated by ``|``)."""
    return message(key, lang).split("|")


def join(items: Sequence[str], lang: str | None = None, *, total: int | None = None, shown: int | None = None,
         sep: str = "list.sep") -> str:
    """``items`` as one phrase: the first ``shown`` of them (all by default) joined by the ``sep`` message, and
    "and N more" when ``total`` (default: how many items there are) is more than that."""
    lang = lang if lang in LANGUAGES else language(lang)
    listed = list(items)[:shown] if shown is not None else list(items)
    total = len(items) if total is None else total
    text = message(sep, lang).join(listed)
    return message("list.more", lang, items=text, more=total - len(listed)) if total > len(listed) else text
