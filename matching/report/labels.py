"""Every label the report page writes, in Chinese and English: one table, ``LABELS``.

The page's own words live here and nowhere else: headings, column names, the short names of
reason codes, statuses, resource kinds, levels and recommendation kinds. Sentences about one
need or one recommendation (``reason.detail``, ``recommendation.detail``) are the plan's and the
advice's own and are shown as they are.

Examples
--------
>>> label("reason.capacity_taken", "zh"), label("reason.capacity_taken", "en")
('能力已被占用', 'Capacity taken')
>>> label("level.ward", "en")  # a level the day names itself
'ward'
"""

from __future__ import annotations

__all__ = ["LABELS", "LANGUAGES", "label"]

LANGUAGES = ("zh", "en")
"""The languages of the page; ``zh`` first, the default (SPEC §4)."""

LABELS: dict[str, dict[str, str]] = {
    # the page
    "page.title": {"zh": "三呼三应 当日匹配报告", "en": "Same-day matching report"},
    "page.date": {"zh": "日期", "en": "Date"},
    "page.source": {"zh": "日程文件", "en": "Day file"},
    "page.status": {"zh": "方案状态", "en": "Plan status"},
    "page.solver": {"zh": "求解", "en": "Solved"},
    "page.made_by": {"zh": "由 sanhu {version} 生成，离线可读，不引用任何外部资源。",
                     "en": "Made by sanhu {version}; reads offline, refers to nothing outside the page."},
    "page.bound": {"zh": "已证明上界 {bound}，差距 {gap}", "en": "proven bound {bound}, gap {gap}"},
    "page.no_bound": {"zh": "无上界", "en": "no bound"},
    "page.infeasible": {"zh": "必须覆盖的需求无法同时满足", "en": "The required needs cannot all be covered"},
    "page.shown": {"zh": "列出 {shown} 项（共 {total} 项，按原因和权重排序）",
                   "en": "{shown} of {total} shown (by reason, then weight)"},
    # headline numbers
    "head.title": {"zh": "核心指标", "en": "Headline numbers"},
    "head.covered_share": {"zh": "覆盖率（按权重）", "en": "Covered share (by weight)"},
    "head.covered_weight": {"zh": "已覆盖权重 {covered} / {total}", "en": "covered weight {covered} of {total}"},
    "head.needs_covered": {"zh": "已覆盖需求", "en": "Needs covered"},
    "head.of_needs": {"zh": "共 {total} 项需求", "en": "of {total} needs"},
    "head.cleared": {"zh": "当日清", "en": "Cleared today"},
    "head.cleared_note": {"zh": "简单事项当日办结", "en": "simple needs settled today"},
    "head.clarified": {"zh": "当日明", "en": "Clarified today"},
    "head.clarified_note": {"zh": "复杂事项当日明确牵头单位", "en": "complex needs with a lead today"},
    "head.unmet": {"zh": "未满足", "en": "Unmet"},
    "head.unmet_note": {"zh": "按原因", "en": "by reason"},
    # coverage
    "cover.title": {"zh": "各{level}覆盖情况", "en": "Coverage by {level}"},
    "cover.chart_streets": {"zh": "各{level}已覆盖与未覆盖权重", "en": "Covered and unmet weight by {level}"},
    "cover.chart_communities": {"zh": "各{level}覆盖率（按所属{parent}；点大小为权重，绿 ≥ 80%，橙 50–80%，红 < 50%）",
                                "en": "Covered share of each {level}, by {parent} (dot size: weight; green ≥ 80 %, "
                                      "orange 50–80 %, red < 50 %)"},
    "cover.covered": {"zh": "已覆盖", "en": "covered"},
    "cover.unmet": {"zh": "未覆盖", "en": "unmet"},
    "cover.share_axis": {"zh": "覆盖率（按权重）", "en": "covered share (by weight)"},
    "cover.weight_axis": {"zh": "权重", "en": "weight"},
    # the map
    "map.title": {"zh": "需求分布图", "en": "Map of needs"},
    "map.caption": {"zh": "每个点是一项需求，位于其区域坐标（公里）；同一位置的需求围绕该点排开。绿色为已覆盖，其他颜色为未满足的原因。",
                    "en": "Each dot is a need at its area's coordinates (km); needs at one place are spread around "
                          "it. Green: covered; other colours: why a need is unmet."},
    "map.no_xy": {"zh": "日程中的区域没有坐标（xy），无法绘制地图。",
                  "en": "The day's areas have no coordinates (xy): there is no map to draw."},
    "map.km": {"zh": "公里", "en": "km"},
    # unmet needs
    "unmet.title": {"zh": "未满足的需求及原因", "en": "Unmet needs and why"},
    "unmet.none": {"zh": "所有需求均已覆盖。", "en": "Every need is covered."},
    # utilisation
    "use.title": {"zh": "资源与驻区单位使用情况", "en": "Resource and unit utilisation"},
    "use.chart": {"zh": "各类资源容量：已用（蓝）与未用（灰）", "en": "Capacity by kind: used (blue), left (grey)"},
    "use.share_axis": {"zh": "已用占容量比例", "en": "share of capacity used"},
    "use.histogram": {"zh": "单个资源使用率分布", "en": "Resources by share of capacity used"},
    "use.resources_axis": {"zh": "资源数", "en": "resources"},
    "use.units_title": {"zh": "驻区单位（双报到）", "en": "Resident units"},
    "use.no_units": {"zh": "日程中没有驻区单位。", "en": "The day has no resident units."},
    # advice
    "advice.title": {"zh": "增能建议", "en": "Recommendations"},
    "advice.none": {"zh": "重新求解后，没有哪项增补能覆盖更多权重。",
                    "en": "No addition re-solved covers more weight."},
    "advice.baseline": {"zh": "建议针对的方案覆盖权重 {advice}，本方案为 {plan}：建议可能已不适用。",
                        "en": "The advice was made for a plan covering weight {advice}; this plan covers {plan}: "
                              "it may no longer apply."},
    "advice.summary": {"zh": "共评估 {candidates} 个候选，重新求解 {tried} 个，用时 {seconds} 秒。",
                       "en": "{candidates} candidates estimated, {tried} re-solved in {seconds} s."},
    # column names
    "col.rank": {"zh": "序号", "en": "#"},
    "col.id": {"zh": "编号", "en": "id"},
    "col.name": {"zh": "名称", "en": "name"},
    "col.title": {"zh": "事项", "en": "need"},
    "col.kind": {"zh": "类型", "en": "kind"},
    "col.needs": {"zh": "需求数", "en": "needs"},
    "col.covered": {"zh": "已覆盖", "en": "covered"},
    "col.weight": {"zh": "权重", "en": "weight"},
    "col.covered_weight": {"zh": "已覆盖权重", "en": "covered weight"},
    "col.share": {"zh": "覆盖率", "en": "share"},
    "col.used_share": {"zh": "使用率", "en": "share used"},
    "col.reason": {"zh": "原因", "en": "reason"},
    "col.detail": {"zh": "说明", "en": "detail"},
    "col.resources": {"zh": "资源数", "en": "resources"},
    "col.in_use": {"zh": "有任务", "en": "in use"},
    "col.full": {"zh": "已用满", "en": "full"},
    "col.used": {"zh": "已用", "en": "used"},
    "col.capacity": {"zh": "容量", "en": "capacity"},
    "col.measure": {"zh": "单位", "en": "measure"},
    "col.tasks": {"zh": "任务", "en": "tasks"},
    "col.daily_cap": {"zh": "已用 / 每日上限", "en": "used / daily cap"},
    "col.members": {"zh": "出动成员 / 上限", "en": "members / limit"},
    "col.change": {"zh": "增补", "en": "change"},
    "col.adds": {"zh": "增加", "en": "adds"},
    "col.gain": {"zh": "增加覆盖权重", "en": "weight gained"},
    "col.proven": {"zh": "已证明", "en": "proven"},
    "col.required": {"zh": "必须", "en": "required"},
    "yes": {"zh": "是", "en": "yes"},
    "no": {"zh": "否", "en": "no"},
    # reason codes (SPEC §3)
    "reason.no_skill_in_reach": {"zh": "范围内无此技能", "en": "No skill in reach"},
    "reason.no_time_overlap": {"zh": "时间不重合", "en": "No time overlap"},
    "reason.limit": {"zh": "单位或区域上限", "en": "Unit or area limit"},
    "reason.capacity_taken": {"zh": "能力已被占用", "en": "Capacity taken"},
    "reason.unproven": {"zh": "时限内未证明", "en": "Not proven in time"},
    "reason.infeasible": {"zh": "方案不可行", "en": "Day infeasible"},
    # plan statuses
    "status.optimal": {"zh": "最优（已证明）", "en": "optimal (proven)"},
    "status.feasible": {"zh": "可行（未证明最优）", "en": "feasible (not proven best)"},
    "status.infeasible": {"zh": "不可行", "en": "infeasible"},
    "status.unknown": {"zh": "时限内未找到方案", "en": "no plan found in the time limit"},
    # need kinds
    "need.simple": {"zh": "简单", "en": "simple"},
    "need.complex": {"zh": "复杂", "en": "complex"},
    # resource kinds
    "kind.staff": {"zh": "社区工作者", "en": "community staff"},
    "kind.grid_worker": {"zh": "网格员", "en": "grid workers"},
    "kind.volunteer": {"zh": "志愿者", "en": "volunteers"},
    "kind.party_member": {"zh": "报到党员", "en": "reporting party members"},
    "kind.unit_service": {"zh": "驻区单位服务", "en": "unit services"},
    "kind.department": {"zh": "职能部门", "en": "departments"},
    "kind.material": {"zh": "物资", "en": "materials"},
    # measures and the units of advice
    "measure.hours": {"zh": "小时", "en": "hours"},
    "measure.count": {"zh": "次", "en": "uses"},
    "amount.hours": {"zh": "小时", "en": "hours"},
    "amount.uses": {"zh": "次", "en": "uses"},
    "amount.members": {"zh": "名成员", "en": "members"},
    "amount.tasks": {"zh": "项任务", "en": "tasks"},
    # levels of the default tree
    "level.city": {"zh": "市", "en": "city"},
    "level.street": {"zh": "街道", "en": "street"},
    "level.community": {"zh": "社区", "en": "community"},
    "level.grid": {"zh": "网格", "en": "grid"},
    "level.micro": {"zh": "微网格", "en": "micro-grid"},
    # recommendations
    "advice.add_resource": {"zh": "新增资源", "en": "new resource"},
    "advice.more_hours": {"zh": "增加资源容量", "en": "more for a resource"},
    "advice.raise_unit_cap": {"zh": "提高单位上限", "en": "higher unit limit"},
    "advice.add": {"zh": "在 {area} 新增具备 {skill} 技能的资源", "en": "add {skill} in {area}"},
    "limit.capacity": {"zh": "容量", "en": "capacity"},
    "limit.max_tasks": {"zh": "任务数上限", "en": "task limit"},
    "limit.daily_cap": {"zh": "每日上限", "en": "daily cap"},
    "limit.max_members": {"zh": "成员上限", "en": "member limit"},
}
"""Key → ``{"zh": ..., "en": ...}``. A key's group (before the dot) says where it is used; ``{name}``
fields are filled by the page."""


def label(key: str, lang: str) -> str:
    """The label ``key`` in ``lang``. A level, kind or reason the table does not know (a day may name its own
    levels) is shown as the name after the dot.

    Raises
    ------
    KeyError
        For an unknown key of the page's own (no dot-group fallback applies to ``page.``, ``head.`` and the like).
    """
    entry = LABELS.get(key)
    if entry is not None:
        return entry[lang]
    group, _, name = key.partition(".")
    if group in ("level", "kind", "reason", "status", "need", "measure", "amount", "limit") and name:
        return name
    raise KeyError(key)
