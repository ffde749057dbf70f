//! The results chart: one SVG, written by hand, with a row per mode and two panels per row,
//! ops/s ÷ the best peer and CPU per op ÷ the leanest peer, one group of bars per scenario and
//! one bar per client. Ratios rather than ops/s, because the scenarios' rates differ by 300x
//! (big against pipe) and a ratio of the same run is the figure that survives a noisy machine.
//!
//! [`Chart`] is filled from a run's rows ([`report::chart_bars`](crate::report::chart_bars)) or
//! from the markdown tables the bench prints ([`from_markdown`], for `--chart-from`), so the
//! chart of a saved table can be redrawn without measuring again.

use std::fmt::Write as _;

/// What the chart shows.
#[derive(Clone, Debug, Default)]
pub(crate) struct Chart {
    /// Lines under the chart: commit, machine, load.
    pub(crate) caption: Vec<String>,
    pub(crate) modes: Vec<ModeChart>,
}

/// One mode's row of the chart.
#[derive(Clone, Debug, Default)]
pub(crate) struct ModeChart {
    pub(crate) title: String,
    /// This mode's own conditions, where they differ between modes (one line, may be empty).
    pub(crate) note: String,
    pub(crate) bars: Vec<Bar>,
}

/// One client in one scenario.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Bar {
    pub(crate) scenario: String,
    pub(crate) client: String,
    /// Median ops/s ÷ the best peer's.
    pub(crate) ops_ratio: Option<f64>,
    /// Median CPU µs/op ÷ the leanest peer's.
    pub(crate) cpu_ratio: Option<f64>,
}

/// Reads the results tables of bench output or BENCHMARKS.md: each heading starts a mode, the
/// first `| scenario | client | ...` table under it gives its bars (redis-benchmark rows, which
/// have no ratios, are left out), and a line starting `Measured on` is its note. Headings
/// without such a table are skipped.
///
/// # Errors
/// A description of what is missing when no heading has a results table, or a table lacks the
/// ratio columns.
pub(crate) fn from_markdown(text: &str) -> Result<Chart, String> {
    let mut chart = Chart::default();
    let mut current: Option<ModeChart> = None;
    // Column indexes of scenario, client, ops ratio, CPU ratio while inside a results table.
    let mut columns: Option<[usize; 4]> = None;
    let mut table_seen = false;
    for line in text.lines().map(str::trim) {
        if let Some(heading) = line.strip_prefix('#') {
            chart
                .modes
                .extend(current.take().filter(|m| !m.bars.is_empty()));
            current = Some(ModeChart {
                title: heading.trim_start_matches('#').trim().replace('`', ""),
                ..ModeChart::default()
            });
            (columns, table_seen) = (None, false);
            continue;
        }
        let Some(mode) = current.as_mut() else {
            continue;
        };
        if let Some(rest) = line.strip_prefix("Measured on") {
            mode.note = format!("Measured on{}", rest.replace(['`', '*'], ""));
            continue;
        }
        if !line.starts_with('|') {
            columns = None;
            continue;
        }
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        if cells.first() == Some(&"scenario") && cells.get(1) == Some(&"client") {
            if !table_seen {
                let find = |name: &str| cells.iter().position(|c| *c == name);
                let (Some(ops), Some(cpu)) =
                    (find("ops/s ÷ best peer"), find("CPU/op ÷ leanest peer"))
                else {
                    return Err(format!(
                        "the table under {:?} has no ratio columns",
                        mode.title
                    ));
                };
                columns = Some([0, 1, ops, cpu]);
                table_seen = true;
            }
            continue;
        }
        let Some([s, c, ops, cpu]) = columns else {
            continue;
        };
        if cells
            .iter()
            .all(|c| c.starts_with("---") || c.starts_with(":--"))
        {
            continue;
        }
        let cell = |i: usize| cells.get(i).copied().unwrap_or("");
        let bar = Bar {
            scenario: cell(s).to_owned(),
            client: cell(c).to_owned(),
            ops_ratio: ratio(cell(ops)),
            cpu_ratio: ratio(cell(cpu)),
        };
        if bar.ops_ratio.is_some() || bar.cpu_ratio.is_some() {
            mode.bars.push(bar);
        }
    }
    chart.modes.extend(current.filter(|m| !m.bars.is_empty()));
    if chart.modes.is_empty() {
        return Err("no `| scenario | client | ...` results table under any heading".into());
    }
    Ok(chart)
}

/// `1.52x` as 1.52; `–` and anything else as `None`.
fn ratio(cell: &str) -> Option<f64> {
    cell.strip_suffix('x')?
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite())
}

/// Ours first in warm colours, the peers in cool ones; other names get greys in turn.
fn colour(client: &str, index: usize) -> &'static str {
    match client {
        "client-tokio" => "#d9480f",
        "client-async-std" => "#f59f00",
        "redis-rs" => "#1c7ed6",
        "fred" => "#37b24d",
        "rustis" => "#7048e8",
        _ => ["#495057", "#868e96", "#adb5bd"][index % 3],
    }
}

const WIDTH: f64 = 980.0;
const MARGIN: f64 = 20.0;
const LEGEND_HEIGHT: f64 = 56.0;
const ROW_HEIGHT: f64 = 270.0;
const PLOT_HEIGHT: f64 = 170.0;
const PANEL_GAP: f64 = 40.0;
const AXIS_WIDTH: f64 = 36.0;
const CAPTION_LINE: f64 = 15.0;
/// Bars above this ratio are cut at it and carry their value: fred's pipe CPU per op is ten
/// times the leanest peer's, and a scale reaching it would flatten every other bar.
const RATIO_CAP: f64 = 3.0;

/// The chart as a standalone SVG document.
pub(crate) fn render(chart: &Chart) -> String {
    let mut clients: Vec<&str> = Vec::new();
    for bar in chart.modes.iter().flat_map(|m| &m.bars) {
        if !clients.contains(&bar.client.as_str()) {
            clients.push(&bar.client);
        }
    }
    let height = LEGEND_HEIGHT
        + ROW_HEIGHT * chart.modes.len() as f64
        + CAPTION_LINE * chart.caption.len() as f64
        + MARGIN;
    let mut svg = Svg::default();
    svg.open(
        "svg",
        &[
            ("xmlns", "http://www.w3.org/2000/svg".into()),
            ("width", num(WIDTH)),
            ("height", num(height)),
            ("viewBox", format!("0 0 {} {}", num(WIDTH), num(height))),
            ("font-family", "sans-serif".into()),
            ("font-size", "12".into()),
        ],
    );
    svg.text_at(
        "Same-run ratios to the peers, medians over rounds (ours: client-tokio, client-async-std)",
        MARGIN,
        18.0,
        &[("font-size", "15".into()), ("font-weight", "bold".into())],
    );
    // Legend.
    let mut x = MARGIN;
    for (i, client) in clients.iter().enumerate() {
        svg.leaf(
            "rect",
            &[
                ("x", num(x)),
                ("y", "30".into()),
                ("width", "12".into()),
                ("height", "12".into()),
                ("fill", colour(client, i).into()),
            ],
        );
        svg.text_at(client, x + 16.0, 40.0, &[]);
        x += 16.0 + 8.0 * client.chars().count() as f64 + 24.0;
    }
    let panel_width = (WIDTH - 2.0 * MARGIN - PANEL_GAP) / 2.0;
    for (row, mode) in chart.modes.iter().enumerate() {
        let top = LEGEND_HEIGHT + ROW_HEIGHT * row as f64;
        svg.text_at(
            &mode.title,
            MARGIN,
            top + 14.0,
            &[("font-size", "13".into()), ("font-weight", "bold".into())],
        );
        svg.text_at(
            &mode.note,
            MARGIN,
            top + 29.0,
            &[("font-size", "11".into()), ("fill", "#495057".into())],
        );
        let panels = [
            (
                "ops/s ÷ best peer (higher is better)",
                "best peer",
                (|b: &Bar| b.ops_ratio) as fn(&Bar) -> Option<f64>,
            ),
            (
                "CPU µs/op ÷ leanest peer (lower is better)",
                "leanest peer",
                |b: &Bar| b.cpu_ratio,
            ),
        ];
        for (p, (heading, one, value)) in panels.into_iter().enumerate() {
            let left = MARGIN + (panel_width + PANEL_GAP) * p as f64;
            let plot = Plot {
                left: left + AXIS_WIDTH,
                top: top + 56.0,
                width: panel_width - AXIS_WIDTH,
            };
            svg.text_at(heading, left, top + 46.0, &[("fill", "#343a40".into())]);
            panel(&mut svg, &plot, mode, &clients, one, value);
        }
    }
    let mut y = LEGEND_HEIGHT + ROW_HEIGHT * chart.modes.len() as f64 + 4.0;
    for line in &chart.caption {
        svg.text_at(line, MARGIN, y, &[("fill", "#495057".into())]);
        y += CAPTION_LINE;
    }
    svg.close();
    svg.finish()
}

/// Where one panel's bars go.
struct Plot {
    left: f64,
    /// The top of the bars' area; its bottom is `top + PLOT_HEIGHT`.
    top: f64,
    width: f64,
}

/// One panel: axis, grid, the 1.0 line, and per scenario one slot per client, in legend order.
fn panel(
    svg: &mut Svg,
    plot: &Plot,
    mode: &ModeChart,
    clients: &[&str],
    one: &str,
    value: fn(&Bar) -> Option<f64>,
) {
    let mut scenarios: Vec<&str> = Vec::new();
    for bar in &mode.bars {
        if !scenarios.contains(&bar.scenario.as_str()) {
            scenarios.push(&bar.scenario);
        }
    }
    let highest = mode.bars.iter().filter_map(value).fold(1.0, f64::max);
    // Round the scale up to a half, with room above 1.0 for the label.
    let top_value = ((highest.min(RATIO_CAP) * 2.0).ceil() / 2.0).max(1.5);
    let bottom = plot.top + PLOT_HEIGHT;
    let y_of = |v: f64| bottom - PLOT_HEIGHT * v.min(top_value) / top_value;
    let mut tick = 0.0;
    while tick <= top_value + 1e-9 {
        let y = y_of(tick);
        svg.leaf(
            "line",
            &[
                ("x1", num(plot.left)),
                ("x2", num(plot.left + plot.width)),
                ("y1", num(y)),
                ("y2", num(y)),
                ("stroke", "#e9ecef".into()),
            ],
        );
        svg.text_at(
            &format!("{tick:.1}x"),
            plot.left - 4.0,
            y + 4.0,
            &[("text-anchor", "end".into()), ("fill", "#868e96".into())],
        );
        tick += 0.5;
    }
    let group_width = plot.width / scenarios.len().max(1) as f64;
    let slot = (group_width - 16.0) / clients.len().max(1) as f64;
    for (g, scenario) in scenarios.iter().enumerate() {
        let group_left = plot.left + group_width * g as f64 + 8.0;
        for (i, client) in clients.iter().enumerate() {
            let x = group_left + slot * i as f64;
            let bar = mode
                .bars
                .iter()
                .find(|b| b.scenario == *scenario && b.client == *client);
            let Some(v) = bar.and_then(value) else {
                continue;
            };
            let y = y_of(v);
            svg.open(
                "rect",
                &[
                    ("class", "bar".into()),
                    ("x", num(x + 1.0)),
                    ("y", num(y)),
                    ("width", num((slot - 2.0).max(1.0))),
                    ("height", num(bottom - y)),
                    ("fill", colour(client, i).into()),
                ],
            );
            svg.text_in("title", &format!("{scenario}, {client}: {v:.2}x {one}"));
            svg.close();
            // The value, written upwards above the bar (inside it when the bar is cut).
            let (label_y, fill) = if v > top_value {
                (y + 4.0, "#ffffff")
            } else {
                (y - 3.0, "#343a40")
            };
            let cx = x + slot / 2.0 + 3.0;
            let anchor = if v > top_value { "end" } else { "start" };
            svg.text_at(
                &format!("{v:.2}"),
                cx,
                label_y,
                &[
                    ("font-size", "9".into()),
                    ("fill", fill.into()),
                    ("text-anchor", anchor.into()),
                    (
                        "transform",
                        format!("rotate(-90 {} {})", num(cx), num(label_y)),
                    ),
                ],
            );
        }
        svg.text_at(
            scenario,
            plot.left + group_width * (g as f64 + 0.5),
            bottom + 16.0,
            &[("text-anchor", "middle".into())],
        );
    }
    let y1 = y_of(1.0);
    svg.leaf(
        "line",
        &[
            ("x1", num(plot.left)),
            ("x2", num(plot.left + plot.width)),
            ("y1", num(y1)),
            ("y2", num(y1)),
            ("stroke", "#212529".into()),
            ("stroke-dasharray", "4 3".into()),
        ],
    );
    svg.text_at(
        &format!("1.0x = {one}"),
        plot.left + plot.width,
        y1 - 3.0,
        &[("text-anchor", "end".into()), ("font-size", "10".into())],
    );
    svg.leaf(
        "line",
        &[
            ("x1", num(plot.left)),
            ("x2", num(plot.left + plot.width)),
            ("y1", num(bottom)),
            ("y2", num(bottom)),
            ("stroke", "#495057".into()),
        ],
    );
}

/// A number as an SVG attribute: at most one decimal, no trailing `.0`.
fn num(v: f64) -> String {
    let rounded = (v * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

/// Escapes text and attribute values for XML.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// An XML writer that escapes everything it is given and closes what it opened, in order.
#[derive(Default)]
struct Svg {
    out: String,
    open: Vec<&'static str>,
}

impl Svg {
    fn start_tag(&mut self, tag: &str, attrs: &[(&str, String)]) {
        if self.out.is_empty() {
            self.out
                .push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        }
        let _ = write!(self.out, "{}<{tag}", "  ".repeat(self.open.len()));
        for (name, value) in attrs {
            let _ = write!(self.out, " {name}=\"{}\"", escape(value));
        }
    }

    fn open(&mut self, tag: &'static str, attrs: &[(&str, String)]) {
        self.start_tag(tag, attrs);
        self.out.push_str(">\n");
        self.open.push(tag);
    }

    fn close(&mut self) {
        if let Some(tag) = self.open.pop() {
            let _ = writeln!(self.out, "{}</{tag}>", "  ".repeat(self.open.len()));
        }
    }

    fn leaf(&mut self, tag: &str, attrs: &[(&str, String)]) {
        self.start_tag(tag, attrs);
        self.out.push_str("/>\n");
    }

    fn text_in(&mut self, tag: &str, text: &str) {
        self.text_with(tag, &[], text);
    }

    fn text_with(&mut self, tag: &str, attrs: &[(&str, String)], text: &str) {
        self.start_tag(tag, attrs);
        let _ = writeln!(self.out, ">{}</{tag}>", escape(text));
    }

    fn text_at(&mut self, text: &str, x: f64, y: f64, attrs: &[(&str, String)]) {
        let mut all = vec![("x", num(x)), ("y", num(y))];
        all.extend(attrs.iter().cloned());
        self.text_with("text", &all, text);
    }

    fn finish(mut self) -> String {
        while !self.open.is_empty() {
            self.close();
        }
        self.out
    }
}

#[cfg(test)]
mod tests;
