"""Charts as server-side SVG: the metrics page and the report PDFs draw the same pictures.

Each function lays a chart out in Python (``Chart``: its size, its shapes and its legend) and
``templates/charts/chart.html`` draws it. No JavaScript and nothing fetched: WeasyPrint renders
the same SVG in a PDF. Every chart is an image with a title and a description for screen readers
(``role="img"``, ``aria-labelledby``), writes its numbers beside its bars, and gives each bar a
``<title>`` (a tooltip); the page puts the same numbers in a table next to it.
"""

import itertools
import math
import statistics
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe

# Okabe and Ito's palette: told apart by people with any common colour blindness.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#999999", "#F0E442"]
INK, MUTED, GRID = "#212529", "#5c636a", "#dee2e6"
FONT = 13
ROW = 22  # height of a row of a horizontal chart
LABEL_CHARS = 25  # a row's label is cut to this many characters (its tooltip keeps it whole)

_ids = itertools.count(1)


@dataclass
class Chart:
    title: str
    description: str
    width: int
    height: int
    shapes: list = field(default_factory=list)
    legend: list = field(default_factory=list)  # [(colour, name)]
    empty: bool = False
    key: str = field(default_factory=lambda: f"chart-{next(_ids)}")

    def rect(self, x, y, width, height, fill, tip=""):
        self.shapes.append({"kind": "rect", "x": _n(x), "y": _n(y), "width": _n(max(width, 0)),
                            "height": _n(max(height, 0)), "fill": fill, "tip": tip})

    def line(self, x1, y1, x2, y2, stroke=GRID, width=1, dash=""):
        self.shapes.append({"kind": "line", "x1": _n(x1), "y1": _n(y1), "x2": _n(x2), "y2": _n(y2),
                            "stroke": stroke, "width": width, "dash": dash})

    def text(self, x, y, text, anchor="start", fill=INK, size=FONT, tip=""):
        self.shapes.append({"kind": "text", "x": _n(x), "y": _n(y), "text": text, "anchor": anchor, "fill": fill,
                            "size": size, "tip": tip})

    def polyline(self, points, stroke, fill="none"):
        self.shapes.append({"kind": "polyline", "points": " ".join(f"{_n(x)},{_n(y)}" for x, y in points),
                            "stroke": stroke, "fill": fill})

    def dot(self, x, y, fill, tip=""):
        self.shapes.append({"kind": "dot", "x": _n(x), "y": _n(y), "fill": fill, "tip": tip})

    @property
    def markup(self):
        """The SVG elements of the shapes (the template wraps them in ``<svg>``): written here,
        not by a template loop, because a page of charts holds thousands of them."""
        markup = "\n".join(SHAPES[shape["kind"]](shape) for shape in self.shapes)
        return mark_safe(markup)  # noqa: S308  # nosec B308 B703: every text is escaped (_tip, "text")


def _tip(shape):
    return f"<title>{escape(shape['tip'])}</title>" if shape.get("tip") else ""


SHAPES = {
    "rect": lambda s: (f'<rect x="{s["x"]}" y="{s["y"]}" width="{s["width"]}" height="{s["height"]}" '
                       f'fill="{s["fill"]}">{_tip(s)}</rect>'),
    "line": lambda s: (f'<line x1="{s["x1"]}" y1="{s["y1"]}" x2="{s["x2"]}" y2="{s["y2"]}" stroke="{s["stroke"]}" '
                       f'stroke-width="{s["width"]}"' + (f' stroke-dasharray="{s["dash"]}"' if s["dash"] else "")
                       + f">{_tip(s)}</line>"),
    "text": lambda s: (f'<text x="{s["x"]}" y="{s["y"]}" text-anchor="{s["anchor"]}" font-size="{s["size"]}" '
                       f'fill="{s["fill"]}">{_tip(s)}{escape(s["text"])}</text>'),
    "polyline": lambda s: (f'<polyline points="{s["points"]}" fill="{s["fill"]}" stroke="{s["stroke"]}" '
                           'stroke-width="2"/>'),
    "dot": lambda s: f'<circle cx="{s["x"]}" cy="{s["y"]}" r="3" fill="{s["fill"]}">{_tip(s)}</circle>',
}


def _n(value):
    return round(float(value), 1)


def number(value, digits=1):
    """``4.0`` -> "4", ``2.456`` -> "2.5"; None -> "—"."""
    if value is None:
        return "—"
    text = f"{float(value):.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def nice_top(value):
    """The smallest 1, 2, 4, 6 or 8 times a power of ten at or above ``value`` (an axis's end,
    cut in quarters that read well: 0.25, 0.5, 1, 1.5, 2)."""
    if value is None or value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 4, 6, 8, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def spread(values):
    """``{"n", "min", "q1", "median", "q3", "max"}`` of a list of numbers, what ``boxes`` draws
    (quartiles by linear interpolation between the sorted values, as spreadsheets' QUARTILE.INC)."""
    values = sorted(values)
    if len(values) == 1:
        q1 = q3 = values[0]
    else:
        q1, _median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return {"n": len(values), "min": values[0], "q1": q1, "median": statistics.median(values), "q3": q3,
            "max": values[-1]}


def _cut(label):
    return label if len(label) <= LABEL_CHARS else label[:LABEL_CHARS - 1] + "…"


def _empty(chart, message):
    chart.empty = True
    chart.height = 40
    chart.text(chart.width / 2, 24, message, anchor="middle", fill=MUTED)
    return chart


def _axis(chart, left, right, top, bottom, maximum, unit):
    """Vertical grid lines with their values along the bottom of a horizontal chart."""
    for i in range(5):
        value = maximum * i / 4
        x = left + (right - left) * i / 4
        chart.line(x, top, x, bottom)
        chart.text(x, bottom + 14, f"{number(value, 2)}{unit}", anchor="middle", fill=MUTED, size=FONT - 1)


def _value_axis(chart, left, right, top, bottom, maximum, unit):
    """Horizontal grid lines with their values down the left of a vertical chart (columns, lines);
    the chart's pixels per unit."""
    scale = (bottom - top) / maximum
    for i in range(5):
        value = maximum * i / 4
        y = bottom - value * scale
        chart.line(left, y, right, y)
        chart.text(left - 4, y + 4, f"{number(value, 2)}{unit}", anchor="end", fill=MUTED, size=FONT - 1)
    return scale


def hbars(*, title, description, rows, series, unit="", width=520, maximum=None, markers=None, stacked=True,
          empty="Nothing to show yet."):
    """Horizontal bars, one row per ``(label, [value per series])``; stacked or side by side.
    ``markers``: ``{row index: (value, name)}``, a tick on the row (a target, an estimate)."""
    chart = Chart(title, description, width, 0, legend=[(PALETTE[i], name) for i, name in enumerate(series)])
    if not rows:
        return _empty(chart, empty)
    markers = markers or {}
    bands = 1 if stacked else len(series)
    row_height = ROW if bands == 1 else 8 + 12 * bands
    left, right, top = width * 0.4, width - 48, 8
    bottom = top + row_height * len(rows)
    chart.height = bottom + 24
    totals = [sum(v or 0 for v in values) if stacked else max((v or 0 for v in values), default=0)
              for _label, values in rows]
    peak = max([*totals, *(value for value, _name in markers.values() if value is not None)], default=0)
    top_value = maximum or nice_top(peak)
    scale = (right - left) / top_value
    _axis(chart, left, right, top, bottom, top_value, unit)
    for index, (label, values) in enumerate(rows):
        y = top + index * row_height
        chart.text(left - 6, y + row_height / 2 + 4, _cut(label), anchor="end", tip=label)
        x = left
        for s, value in enumerate(values):
            value = value or 0
            tip = f"{label} · {series[s]}: {number(value)}{unit}"
            if stacked:
                chart.rect(x, y + 4, value * scale, row_height - 8, PALETTE[s], tip)
                x += value * scale
            else:
                chart.rect(left, y + 4 + 12 * s, value * scale, 10, PALETTE[s], tip)
                chart.text(left + value * scale + 4, y + 13 + 12 * s, f"{number(value)}{unit}", size=FONT - 2)
        if stacked:
            chart.text(x + 4, y + row_height / 2 + 4, f"{number(totals[index])}{unit}", size=FONT - 1)
        if index in markers and markers[index][0] is not None:
            value, name = markers[index]
            mx = left + value * scale
            chart.line(mx, y + 1, mx, y + row_height - 1, stroke=INK, width=2)
            chart.shapes[-1]["tip"] = f"{label} · {name}: {number(value)}{unit}"
    if any(v is not None for v, _n in markers.values()):
        chart.legend.append((INK, next(name for _v, name in markers.values())))
    return chart


def boxes(*, title, description, rows, unit="", width=520, marker=None, empty="Nothing to show yet."):
    """A horizontal box per row: ``(label, {"min", "q1", "median", "q3", "max", "n"})``: the whisker
    from the least to the most, the box the middle half, the thick line the median. ``marker``:
    ``(value, name)``, a dashed line across every row (a plan)."""
    chart = Chart(title, description, width, 0, legend=[(PALETTE[0], "middle half"), (INK, "median")])
    if not rows:
        return _empty(chart, empty)
    left, right, top = width * 0.4, width - 48, 8
    bottom = top + ROW * len(rows)
    chart.height = bottom + 24
    peak = max([stats["max"] for _label, stats in rows] + ([marker[0]] if marker else []))
    top_value = nice_top(peak)
    scale = (right - left) / top_value
    _axis(chart, left, right, top, bottom, top_value, unit)
    if marker:
        x = left + marker[0] * scale
        chart.line(x, top, x, bottom, stroke=PALETTE[3], width=2, dash="5 3")
        chart.legend.append((PALETTE[3], marker[1]))
    for index, (label, stats) in enumerate(rows):
        y = top + index * ROW
        middle = y + ROW / 2
        tip = (f"{label}: median {number(stats['median'])}{unit}, middle half {number(stats['q1'])}–"
               f"{number(stats['q3'])}{unit}, range {number(stats['min'])}–{number(stats['max'])}{unit}, "
               f"{stats['n']} counted")
        chart.text(left - 6, middle + 4, _cut(label), anchor="end", tip=label)
        chart.line(left + stats["min"] * scale, middle, left + stats["max"] * scale, middle, stroke=MUTED)
        chart.rect(left + stats["q1"] * scale, y + 5, (stats["q3"] - stats["q1"]) * scale, ROW - 10, PALETTE[0], tip)
        x = left + stats["median"] * scale
        chart.line(x, y + 3, x, y + ROW - 3, stroke=INK, width=3)
        chart.text(left + stats["max"] * scale + 4, middle + 4, f"{number(stats['median'])}{unit}", size=FONT - 1)
    return chart


def columns(*, title, description, labels, series, width=520, height=220, unit="", stacked=True,
            empty="Nothing to show yet."):
    """Vertical columns over ``labels`` (months, weeks): ``series`` is ``[(name, [value per label])]``,
    stacked."""
    chart = Chart(title, description, width, height, legend=[(PALETTE[i], name) for i, (name, _v) in enumerate(series)])
    if not labels or not any(any(values) for _name, values in series):
        return _empty(chart, empty)
    left, right, top, bottom = 44, width - 8, 10, height - 28
    totals = [sum(values[i] or 0 for _name, values in series) for i in range(len(labels))]
    top_value = nice_top(max(totals))
    scale = _value_axis(chart, left, right, top, bottom, top_value, unit)
    slot = (right - left) / len(labels)
    every = max(1, math.ceil(len(labels) / ((right - left) / 56)))
    for i, label in enumerate(labels):
        x, y = left + slot * i + slot * 0.15, bottom
        for s, (name, values) in enumerate(series):
            value = values[i] or 0
            chart.rect(x, y - value * scale, slot * 0.7, value * scale, PALETTE[s],
                       f"{label} · {name}: {number(value)}{unit}")
            y -= value * scale
        if totals[i]:
            chart.text(x + slot * 0.35, y - 3, number(totals[i]), anchor="middle", size=FONT - 2)
        if i % every == 0:
            chart.text(x + slot * 0.35, bottom + 15, label, anchor="middle", fill=MUTED, size=FONT - 1)
    return chart


def lines(*, title, description, labels, series, width=520, height=220, unit="", target=None,
          empty="Nothing to show yet."):
    """Lines over ``labels`` (days, weeks): ``series`` is ``[(name, [value per label])]``;
    ``target``: ``(value, name)``, a dashed level line."""
    chart = Chart(title, description, width, height, legend=[(PALETTE[i], name) for i, (name, _v) in enumerate(series)])
    if not labels or not any(any(values) for _name, values in series):
        return _empty(chart, empty)
    left, right, top, bottom = 44, width - 12, 10, height - 28
    peak = max([v or 0 for _name, values in series for v in values] + ([target[0]] if target else []))
    top_value = nice_top(peak)
    scale = _value_axis(chart, left, right, top, bottom, top_value, unit)
    step = (right - left) / max(len(labels) - 1, 1)
    every = max(1, math.ceil(len(labels) / ((right - left) / 64)))
    for i, label in enumerate(labels):
        last = i == len(labels) - 1
        if (i % every == 0 and len(labels) - i > every / 2) or last:
            chart.text(left + step * i, bottom + 15, label, anchor="end" if last and i else "middle", fill=MUTED,
                       size=FONT - 1)
    if target:
        y = bottom - target[0] * scale
        chart.line(left, y, right, y, stroke=PALETTE[3], width=2, dash="5 3")
        chart.legend.append((PALETTE[3], target[1]))
    for s, (name, values) in enumerate(series):
        points = [(left + step * i, bottom - (v or 0) * scale) for i, v in enumerate(values)]
        chart.polyline(points, PALETTE[s])
        for (x, y), label, value in zip(points, labels, values, strict=True):
            chart.dot(x, y, PALETTE[s], f"{label} · {name}: {number(value)}{unit}")
        chart.text(points[-1][0], points[-1][1] - 6, number(values[-1]), anchor="end", size=FONT - 1)
    return chart
