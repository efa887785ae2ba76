//! The SVG files of the share panel's downloads: the diagram and the
//! timeline written from the same layouts the page draws
//! (`diagram_layout`, `timeline_layout`), as text.
//!
//! Each file is one `<svg>` element in the SVG namespace with the page's
//! style rules (colours resolved) inlined first in a `<style>` as CDATA, so
//! it renders on its own.  Every text and attribute value is escaped, so
//! whatever a program printed or named its tasks stays text.

use super::diagram_layout::{Layout, Text, CHIP_H, CHIP_W};
use super::timeline_layout::Plot;

/// The SVG namespace.
pub const SVG_NS: &str = "http://www.w3.org/2000/svg";

/// Builds markup: elements with escaped attributes and text.
struct Markup(String);

impl Markup {
    /// `<name attrs…>`, or `<name attrs…/>` when `empty`.
    fn open(&mut self, name: &str, attrs: &[(&str, String)], empty: bool) {
        self.0.push('<');
        self.0.push_str(name);
        for (key, value) in attrs {
            self.0.push(' ');
            self.0.push_str(key);
            self.0.push_str("=\"");
            escape_into(&mut self.0, value, true);
            self.0.push('"');
        }
        self.0.push_str(if empty { "/>" } else { ">" });
    }

    fn close(&mut self, name: &str) {
        self.0.push_str("</");
        self.0.push_str(name);
        self.0.push('>');
    }

    /// An element holding only text.
    fn text(&mut self, name: &str, attrs: &[(&str, String)], text: &str) {
        self.open(name, attrs, false);
        escape_into(&mut self.0, text, false);
        self.close(name);
    }

    /// The root `<svg>` with its namespace, and the style rules.
    fn start(&mut self, class: &str, width: f64, height: f64, extra: &[(&str, String)], css: &str) {
        let mut attrs = vec![
            ("xmlns", SVG_NS.to_string()),
            ("class", class.to_string()),
            ("viewBox", format!("0 0 {width} {height}")),
        ];
        attrs.extend_from_slice(extra);
        self.open("svg", &attrs, false);
        if !css.is_empty() {
            self.0.push_str("<style><![CDATA[\n");
            // `]]>` would end the CDATA section early: split it across two.
            self.0.push_str(&css.replace("]]>", "]]]]><![CDATA[>"));
            self.0.push_str("\n]]></style>");
        }
    }

    /// A diagram's line of text.
    fn line(&mut self, text: &Text) {
        let mut attrs = vec![
            ("x", text.x.to_string()),
            ("y", text.y.to_string()),
            ("class", text.class.to_string()),
        ];
        if text.end {
            attrs.push(("text-anchor", "end".to_string()));
        }
        self.text("text", &attrs, &text.text);
    }
}

/// Escapes text for XML: `&`, `<`, `>`, and in attribute values the quotes.
/// Control characters that XML 1.0 cannot hold become U+FFFD.
fn escape_into(out: &mut String, text: &str, attribute: bool) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\'' if attribute => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

/// The diagram of `layout` as a standalone SVG file with `css` inlined.
pub fn diagram_svg(layout: &Layout, css: &str) -> String {
    let mut m = Markup(String::new());
    m.start(
        "diagram",
        layout.width,
        layout.height,
        &[("role", "img".into())],
        css,
    );
    m.text("title", &[], &layout.title);
    m.text("desc", &[], &layout.description);
    m.0.push_str(r#"<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" class="arrow-head"/></marker></defs>"#);
    for text in &layout.labels {
        m.line(text);
    }
    let l = &layout.loop_box;
    m.open("g", &[("class", l.class.to_string())], false);
    m.open(
        "rect",
        &[
            ("x", "4".into()),
            ("y", l.y.to_string()),
            ("width", l.width.to_string()),
            ("height", l.height.to_string()),
            ("rx", "12".into()),
            ("class", "loop-box".into()),
        ],
        true,
    );
    for text in &l.lines {
        m.line(text);
    }
    m.close("g");
    m.open("g", &[("class", "arrows".into())], false);
    for a in &layout.arrows {
        m.open(
            "line",
            &[
                ("class", "await-arrow".into()),
                ("x1", a.x1.to_string()),
                ("y1", a.y1.to_string()),
                ("x2", a.x2.to_string()),
                ("y2", a.y2.to_string()),
                ("marker-end", "url(#arrow)".into()),
            ],
            true,
        );
    }
    m.close("g");
    for card in &layout.tasks {
        let class = if card.stuck {
            format!("task {} stuck", card.status)
        } else {
            format!("task {}", card.status)
        };
        let style = format!(
            "transform: translate({}px, {}px); --c: var(--task-{})",
            card.x, card.y, card.colour
        );
        m.open("g", &[("class", class), ("style", style)], false);
        m.open(
            "rect",
            &[
                ("width", card.width.to_string()),
                ("height", card.height.to_string()),
                ("rx", "8".into()),
            ],
            true,
        );
        m.open(
            "circle",
            &[
                ("cx", "14".into()),
                ("cy", "15".into()),
                ("r", "5".into()),
                ("class", "dot".into()),
            ],
            true,
        );
        m.text(
            "text",
            &[
                ("x", "26".into()),
                ("y", "19".into()),
                ("class", "task-name".into()),
            ],
            &card.name,
        );
        m.text(
            "text",
            &[
                ("x", "12".into()),
                ("y", "38".into()),
                ("class", "task-detail".into()),
            ],
            &card.detail,
        );
        m.close("g");
    }
    for row in &layout.threads {
        let style = format!("transform: translate({}px, {}px)", row.x, row.y);
        m.open(
            "g",
            &[("class", format!("thread {}", row.class)), ("style", style)],
            false,
        );
        m.open(
            "rect",
            &[
                ("width", row.width.to_string()),
                ("height", row.height.to_string()),
                ("rx", "8".into()),
            ],
            true,
        );
        m.line(&row.name);
        m.line(&row.job);
        m.close("g");
    }
    m.open("g", &[("class", "chips".into())], false);
    for chip in &layout.chips {
        let colour = chip
            .colour
            .map(|c| format!("--c: var(--task-{c})"))
            .unwrap_or_else(|| "--c: var(--neutral)".into());
        let style = format!("transform: translate({}px, {}px); {colour}", chip.x, chip.y);
        m.open(
            "g",
            &[("class", format!("chip {}", chip.class)), ("style", style)],
            false,
        );
        m.open(
            "rect",
            &[
                ("width", CHIP_W.to_string()),
                ("height", CHIP_H.to_string()),
                ("rx", "7".into()),
            ],
            true,
        );
        let label_y = if chip.sub.is_some() { "13" } else { "19.5" };
        m.text(
            "text",
            &[
                ("x", "9".into()),
                ("y", label_y.into()),
                ("class", "chip-label".into()),
            ],
            &chip.label,
        );
        if let Some(sub) = &chip.sub {
            m.text(
                "text",
                &[
                    ("x", "9".into()),
                    ("y", "25".into()),
                    ("class", "chip-sub".into()),
                ],
                sub,
            );
        }
        m.close("g");
    }
    m.close("g");
    m.close("svg");
    m.0
}

/// The timeline's drawing area of `plot` as a standalone SVG file with
/// `css` inlined: ticks, rows, markers with their tooltips, the playhead.
pub fn timeline_svg(plot: &Plot, css: &str) -> String {
    let mut m = Markup(String::new());
    m.start(
        "plot",
        plot.width,
        plot.height,
        &[
            ("preserveAspectRatio", "none".into()),
            ("style", format!("height: {}px", plot.height)),
        ],
        css,
    );
    let line = |m: &mut Markup, class: &str, x: f64, end: f64| {
        m.open(
            "line",
            &[
                ("class", class.into()),
                ("x1", x.to_string()),
                ("x2", x.to_string()),
                ("y1", "0".into()),
                ("y2", end.to_string()),
            ],
            true,
        );
    };
    for (x, _) in &plot.ticks {
        line(&mut m, "tick", *x, plot.line_end);
    }
    for row in &plot.rows {
        m.open("g", &[("class", format!("row c{}", row.colour))], false);
        for bar in &row.bars {
            m.open(
                "rect",
                &[
                    ("class", format!("seg {}", bar.activity.class())),
                    ("x", bar.x.to_string()),
                    ("y", bar.y.to_string()),
                    ("width", bar.width.to_string()),
                    ("height", bar.height.to_string()),
                ],
                true,
            );
        }
        for mark in &row.marks {
            m.open(
                "rect",
                &[
                    ("class", mark.class.into()),
                    ("x", mark.x.to_string()),
                    ("y", mark.y.to_string()),
                    ("width", "3".into()),
                    ("height", mark.height.to_string()),
                ],
                false,
            );
            m.text("title", &[], &mark.title);
            m.close("rect");
        }
        m.close("g");
    }
    line(&mut m, "playhead", plot.playhead, plot.line_end);
    m.close("svg");
    m.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::model::diagram_layout::layout;
    use crate::model::engine::execute;
    use crate::model::presets::PRESETS;
    use crate::model::run::Run;
    use crate::model::timeline_layout::{plot, Window};

    const CSS: &str = ":root { --task-0: #2a9d8f; }\n.diagram .chip rect { fill: var(--task-0); }";

    /// The file parses as XML; its root is `svg` in the SVG namespace, with
    /// `class`; the CSS comes first, intact; the texts are the `expected` ones.
    fn check(file: &str, class: &str, css: &str, expected: &[&str]) {
        let doc = roxmltree::Document::parse(file).unwrap_or_else(|e| panic!("{e}: {file}"));
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        assert_eq!(root.tag_name().namespace(), Some(SVG_NS));
        assert_eq!(root.attribute("class"), Some(class));
        assert_eq!(file.matches("xmlns=").count(), 1);
        if !css.is_empty() {
            let style = root.first_element_child().unwrap();
            assert_eq!(style.tag_name().name(), "style");
            assert_eq!(style.text().unwrap().trim(), css.trim());
        }
        let texts: Vec<&str> = root
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .map(|n| n.text().unwrap_or(""))
            .collect();
        assert_eq!(texts, expected);
    }

    fn diagram_texts(l: &Layout) -> Vec<&str> {
        let mut texts: Vec<&str> = l.labels.iter().map(|t| t.text.as_str()).collect();
        texts.extend(l.loop_box.lines.iter().map(|t| t.text.as_str()));
        for card in &l.tasks {
            texts.extend([card.name.as_str(), card.detail.as_str()]);
        }
        for row in &l.threads {
            texts.extend([row.name.text.as_str(), row.job.text.as_str()]);
        }
        for chip in &l.chips {
            texts.push(&chip.label);
            texts.extend(chip.sub.as_deref());
        }
        texts
    }

    fn at_end(run: &Run, lang: Lang) -> String {
        let state = run.trace.state_at(run.len() / 2);
        let l = layout(run, &state, run.time_at(run.len() / 2), lang, false);
        let file = diagram_svg(&l, CSS);
        check(&file, "diagram", CSS, &diagram_texts(&l));
        file
    }

    #[test]
    fn diagram_files_are_the_layout() {
        for preset in PRESETS.iter() {
            let run = execute(preset.source, preset.cpu_speed);
            for cursor in [0, run.len() / 2, run.len()] {
                let state = run.trace.state_at(cursor);
                for (lang, compact) in [(Lang::En, false), (Lang::Ja, true)] {
                    let l = layout(&run, &state, run.time_at(cursor), lang, compact);
                    let file = diagram_svg(&l, CSS);
                    check(&file, "diagram", CSS, &diagram_texts(&l));
                    assert!(file.contains(&format!("viewBox=\"0 0 {} {}\"", l.width, l.height)));
                    assert_eq!(file.matches("class=\"chip ").count(), l.chips.len());
                    assert_eq!(file.matches("class=\"task ").count(), l.tasks.len());
                    assert_eq!(
                        file.matches("class=\"await-arrow\"").count(),
                        l.arrows.len()
                    );
                }
            }
        }
    }

    #[test]
    fn hostile_names_and_css_stay_text() {
        let source = "import asyncio\n\nasync def evil():\n    await asyncio.sleep(1)\n\nasync def main():\n    t = asyncio.create_task(evil(), name='</text><script>alert(1)</script>]]>&\\x01\"')\n    await t\n\nasyncio.run(main())\n";
        let run = execute(source, None);
        let file = at_end(&run, Lang::En);
        assert!(!file.contains("<script>"), "{file}");
        let doc = roxmltree::Document::parse(&file).unwrap();
        assert!(doc
            .descendants()
            .any(|n| n.text().is_some_and(|t| t.contains("</text><script>"))));
        // CSS that would end the CDATA section or look like markup.
        let css = "a::after { content: \"]]></style><script>\"; }";
        let l = layout(&run, &run.trace.state_at(0), 0.0, Lang::En, false);
        check(&diagram_svg(&l, css), "diagram", css, &diagram_texts(&l));
        check(&diagram_svg(&l, ""), "diagram", "", &diagram_texts(&l));
    }

    #[test]
    fn timeline_files_are_the_plot() {
        for preset in PRESETS.iter() {
            let run = execute(preset.source, preset.cpu_speed);
            let window = Window::fit(run.summary.total);
            let p = plot(&run, window, 0, 14, run.summary.total / 2.0, Lang::Ja);
            let file = timeline_svg(&p, CSS);
            check(&file, "plot", CSS, &[]);
            let bars: usize = p.rows.iter().map(|r| r.bars.len()).sum();
            let marks: usize = p.rows.iter().map(|r| r.marks.len()).sum();
            assert_eq!(file.matches("class=\"seg ").count(), bars, "{}", preset.id);
            assert_eq!(file.matches("<title>").count(), marks, "{}", preset.id);
            assert_eq!(file.matches("class=\"playhead\"").count(), 1);
            assert_eq!(file.matches("class=\"tick\"").count(), p.ticks.len());
        }
    }
}
