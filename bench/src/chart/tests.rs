use super::*;

/// Checks that `xml` is well formed in the ways a hand-written writer can get wrong: every
/// tag closed in order, one root, no raw `<` or `&` in text or attribute values. Returns the
/// element names in document order.
fn check_well_formed(xml: &str) -> Vec<String> {
    let mut stack: Vec<String> = Vec::new();
    let mut elements = Vec::new();
    let mut roots = 0;
    let mut rest = xml;
    while let Some(start) = rest.find('<') {
        check_text(&rest[..start]);
        let end = rest[start..]
            .find('>')
            .expect("a tag is not closed with '>'")
            + start;
        let tag = &rest[start + 1..end];
        rest = &rest[end + 1..];
        if tag.starts_with('?') {
            assert!(tag.ends_with('?'), "bad declaration <{tag}>");
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name), "unbalanced </{name}>");
            continue;
        }
        let (body, leaf) = match tag.strip_suffix('/') {
            Some(body) => (body, true),
            None => (tag, false),
        };
        let name = body.split_whitespace().next().expect("empty tag");
        // Attribute values sit between double quotes; there must be an even number.
        assert_eq!(
            body.matches('"').count() % 2,
            0,
            "unquoted attribute in <{tag}>"
        );
        for value in body.split('"').skip(1).step_by(2) {
            check_text(value);
        }
        if stack.is_empty() {
            roots += 1;
        }
        elements.push(name.to_owned());
        if !leaf {
            stack.push(name.to_owned());
        }
    }
    check_text(rest);
    assert!(stack.is_empty(), "left open: {stack:?}");
    assert_eq!(roots, 1, "one root element");
    elements
}

/// Text holds no markup and only the five predefined entities.
fn check_text(text: &str) {
    assert!(
        !text.contains('>') && !text.contains('<'),
        "raw markup in {text:?}"
    );
    for (i, _) in text.match_indices('&') {
        let entity = &text[i..];
        assert!(
            ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"]
                .iter()
                .any(|e| entity.starts_with(e)),
            "bare & in {text:?}"
        );
    }
}

fn bar(scenario: &str, client: &str, ops: f64, cpu: f64) -> Bar {
    Bar {
        scenario: scenario.into(),
        client: client.into(),
        ops_ratio: Some(ops),
        cpu_ratio: Some(cpu),
    }
}

fn sample_chart() -> Chart {
    let clients = ["client-tokio", "redis-rs", "fred"];
    let mut single = ModeChart {
        title: "One server".into(),
        note: String::new(),
        bars: Vec::new(),
    };
    for scenario in ["seq", "conc", "pipe"] {
        for (i, client) in clients.iter().enumerate() {
            single
                .bars
                .push(bar(scenario, client, 1.0 + i as f64 / 10.0, 0.5));
        }
    }
    let mut cluster = ModeChart {
        title: "Cluster".into(),
        note: "Measured on 0504e9f".into(),
        bars: single.bars.clone(),
    };
    // redis-rs has no cluster pipe row; fred's CPU is far above the scale's cap.
    cluster
        .bars
        .retain(|b| !(b.scenario == "pipe" && b.client == "redis-rs"));
    if let Some(b) = cluster.bars.iter_mut().find(|b| b.client == "fred") {
        b.cpu_ratio = Some(11.08);
    }
    Chart {
        caption: vec!["commit abc1234; 2 cores, AMD EPYC; load average 1.2 before".into()],
        modes: vec![single, cluster],
    }
}

#[test]
fn svg_is_well_formed() {
    let svg = render(&sample_chart());
    assert!(svg.starts_with("<?xml"));
    let elements = check_well_formed(&svg);
    assert_eq!(elements.first().map(String::as_str), Some("svg"));
}

#[test]
fn one_bar_per_client_and_scenario_in_each_panel() {
    let chart = sample_chart();
    let svg = render(&chart);
    let bars = svg.matches("class=\"bar\"").count();
    // Two panels (ops/s and CPU) per mode; every bar with a value is drawn once in each.
    let expected: usize = chart.modes.iter().map(|m| 2 * m.bars.len()).sum();
    assert_eq!(bars, expected);
    assert_eq!(bars, 2 * 9 + 2 * 8);
    for scenario in ["seq", "conc", "pipe"] {
        for client in ["client-tokio", "redis-rs", "fred"] {
            let title = format!("<title>{scenario}, {client}: ");
            let n = svg.matches(&title).count();
            let want = if (scenario, client) == ("pipe", "redis-rs") {
                2
            } else {
                4
            };
            assert_eq!(n, want, "{title}");
        }
    }
    // The caption and each mode's note are in the picture.
    assert!(svg.contains("commit abc1234"));
    assert!(svg.contains(">Measured on 0504e9f</text>"));
}

#[test]
fn bars_above_the_cap_are_cut_and_labelled() {
    let svg = render(&sample_chart());
    assert!(svg.contains(">11.08</text>"));
    assert!(svg.contains("fred: 11.08x leanest peer"));
    for line in svg.lines().filter(|l| l.contains("class=\"bar\"")) {
        let height: f64 = line
            .split(" height=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .and_then(|h| h.parse().ok())
            .expect("a bar has a height");
        assert!(height <= PLOT_HEIGHT + 0.1, "bar of {height} in {line}");
    }
}

#[test]
fn text_is_escaped() {
    let mut chart = sample_chart();
    chart.caption.push("a <b> & \"c\" 'd'".into());
    if let Some(b) = chart.modes[0].bars.first_mut() {
        b.client = "x<y&z".into();
    }
    let svg = render(&chart);
    check_well_formed(&svg);
    assert!(svg.contains("a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;"));
    assert!(svg.contains("x&lt;y&amp;z"));
    assert!(!svg.contains("x<y"));
}

#[test]
fn reads_the_tables_the_bench_prints() {
    let text = "\
## Client benchmark

machine: 2 cores

### One server

Measured on `58dc0eb`, load average 1.80 before.

| scenario | client | ops/s | ops/s ÷ best peer | CPU/op ÷ leanest peer |
|---|---|---:|---:|---:|
| seq | client-tokio | 22528 | 1.39x | 0.53x |
| seq | redis-rs | 16238 | 1.00x | 1.00x |
| seq | redis-benchmark -c 1 -P 1 | 25615 | – | – |
| pipe | fred | 66571 | 0.14x | 11.08x |

| scenario | client | ops/s | ops/s ÷ best peer | CPU/op ÷ leanest peer |
|---|---|---:|---:|---:|
| seq | client-tokio | 1 | 9.00x | 9.00x |

### Memory

| client | per idle client (bytes) |
|---|---:|
| client-tokio | 5853 |

### TLS (--tls)

| scenario | client | ops/s | ops/s ÷ best peer | CPU/op ÷ leanest peer |
|---|---|---:|---:|---:|
| conc | client-tokio | 597407 | 1.96x | 0.41x |
";
    let chart = from_markdown(text).expect("tables found");
    let titles: Vec<&str> = chart.modes.iter().map(|m| m.title.as_str()).collect();
    assert_eq!(titles, ["One server", "TLS (--tls)"]);
    let single = &chart.modes[0];
    assert_eq!(
        single.note,
        "Measured on 58dc0eb, load average 1.80 before."
    );
    assert_eq!(
        single.bars,
        [
            bar("seq", "client-tokio", 1.39, 0.53),
            bar("seq", "redis-rs", 1.0, 1.0),
            bar("pipe", "fred", 0.14, 11.08),
        ],
        "the reference row and the second table are left out"
    );
    assert_eq!(
        chart.modes[1].bars,
        [bar("conc", "client-tokio", 1.96, 0.41)]
    );
    assert!(from_markdown("# nothing\n\n| a | b |\n").is_err());
}
