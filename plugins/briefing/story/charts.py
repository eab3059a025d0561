"""A figure series as a small step chart: inline SVG drawn at build time.

No script, no style: lines and marks take the text colour (currentColor), so the chart follows the
page in light and dark mode and on paper. Coordinates are integers and everything is drawn in a
fixed order, so the same series gives the same bytes. The observations table on the same page is
the chart's text alternative; the SVG's <title> and <desc> summarise it.

How each observation is drawn:
- known to the day: a dot, joined to the next standing value by a step (the value holds until the
  next one replaces it);
- known only to the month: a bar across the whole month, never a dot on an invented day;
- a range: a vertical bar from its low to its high value;
- retracted: a hollow ring, left out of the steps; disputed: a hollow square, left out of the steps.
"""

from __future__ import annotations

import math
from xml.sax.saxutils import escape

from ..model.domain import FigureSeries, Observation
from ..text.figures import format_number, numeric_bounds

WIDTH, HEIGHT = 320, 120
LEFT, RIGHT, TOP, BOTTOM = 44, 8, 8, 20  # room for the value and date labels


def _nice_ceiling(value: float) -> float:
    """A round number at or above value (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10) if step * power >= value)


def step_chart(series: FigureSeries) -> str:
    """The series' chart, or "" when fewer than two observations have numbers."""
    drawn = [o for o in series.observations if numeric_bounds(o.value) is not None]
    if len(drawn) < 2:
        return ""
    start = min(o.as_of.first_day() for o in drawn).toordinal()
    end = max(o.as_of.last_day() for o in drawn).toordinal()
    top = _nice_ceiling(max(numeric_bounds(o.value)[1] for o in drawn))
    span = max(end - start, 1)

    def x(ordinal: int) -> int:
        return LEFT + round((ordinal - start) * (WIDTH - LEFT - RIGHT) / span)

    def y(value: float) -> int:
        return HEIGHT - BOTTOM - round(value * (HEIGHT - TOP - BOTTOM) / top)

    steps, marks = [], []
    for o in drawn:
        low, high = numeric_bounds(o.value)
        first, last = x(o.as_of.first_day().toordinal()), x(o.as_of.last_day().toordinal())
        if o.status == "retracted":
            marks.append(f'<circle cx="{first}" cy="{y(high)}" r="3" fill="none"/>')
            continue
        if o.status == "disputed":
            marks.append(f'<rect x="{first - 3}" y="{y(high) - 3}" width="6" height="6" fill="none"/>')
            continue
        if o.as_of.day is None:  # a month: a bar across it, and no step (it has no day to step on)
            marks.append(f'<path d="M{first} {y(high)}H{last}" stroke-width="4"/>')
            continue
        if low != high:  # a range
            marks.append(f'<path d="M{first} {y(low)}V{y(high)}" stroke-width="4"/>')
        else:
            marks.append(f'<circle cx="{first}" cy="{y(high)}" r="3" fill="currentColor"/>')
        steps.append((first, y(high)))
    # Each value holds until the next replaces it: across, then up or down.
    line = f'<path d="M{steps[0][0]} {steps[0][1]}{"".join(f"H{px}V{py}" for px, py in steps[1:])}" stroke-width="2"/>' if steps else ""
    axis = f'<path d="M{LEFT} {TOP}V{HEIGHT - BOTTOM}H{WIDTH - RIGHT}" stroke-width="1"/>'
    labels = (f'<text x="{LEFT - 4}" y="{TOP + 4}" text-anchor="end">{format_number(top)}</text>'
              f'<text x="{LEFT - 4}" y="{HEIGHT - BOTTOM}" text-anchor="end">0</text>'
              f'<text x="{LEFT}" y="{HEIGHT - 4}">{escape(drawn[0].as_of.display)}</text>'
              f'<text x="{WIDTH - RIGHT}" y="{HEIGHT - 4}" text-anchor="end">{escape(drawn[-1].as_of.display)}</text>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
            f'aria-labelledby="chart-{series.id}-t chart-{series.id}-d" class="step-chart" fill="none" '
            f'stroke="currentColor" font-size="10">'
            f'<title id="chart-{series.id}-t">{escape(series.label)}, over time</title>'
            f'<desc id="chart-{series.id}-d">{escape(describe(drawn))}</desc>'
            f'{axis}{line}{"".join(marks)}'
            f'<g fill="currentColor" stroke="none">{labels}</g></svg>')


def describe(drawn: list[Observation]) -> str:
    """The chart in one sentence; the table below it gives every observation."""
    standing = [o for o in drawn if o.status is None]
    first, last = (standing[0], standing[-1]) if standing else (drawn[0], drawn[-1])
    aside = len(drawn) - len(standing)
    text = (f"{len(drawn)} observations, from {first.display} ({first.as_of.display}) "
            f"to {last.display} ({last.as_of.display})")
    if aside:
        text += f"; {aside} disputed or retracted, drawn apart"
    return text + ". The table below lists every observation."
