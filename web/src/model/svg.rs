//! The SVG files of the share panel's downloads: the diagram and the
//! timeline written from the same layouts the page draws
//! (`diagram_layout`, `timeline_layout`), as text.
//!
//! Each file is one `<svg>` element in the SVG namespace with the page's
//! style rules (colours resolved) inlined first in a `<style>` as CDATA, so
//! it renders on its own.  Every text and attribute value that comes from
//! the program or the language goes through [`Esc`], so whatever a program
//! printed or named its tasks stays text.  The markup is written with
//! `write!` and fixed templates rather than an element builder: the page's
//! bundle carries this code, and templates are the smallest way to say it.

use super::diagram_layout::{Layout, Text, CHIP_H, CHIP_W};
use super::sweep_chart::{Chart as SweepChart, Mark};
use super::timeline_layout::Plot;
use std::fmt::{self, Write};

/// The SVG namespace.
pub const SVG_NS: &str = "http://www.w3.org/2000/svg";

/// Text escaped for XML, inside an element or a quoted attribute: `&`, `<`,
/// `>` and both quotes become references, and control characters that XML
/// 1.0 cannot hold become U+FFFD.
struct Esc<'a>(&'a str);

impl fmt::Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            match c {
                '&' => f.write_str("&amp;")?,
                '<' => f.write_str("&lt;")?,
                '>' => f.write_str("&gt;")?,
                '"' => f.write_str("&quot;")?,
                '\'' => f.write_str("&#39;")?,
                '\t' | '\n' | '\r' => f.write_char(c)?,
                c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {
                    f.write_char('\u{FFFD}')?
                }
                c => f.write_char(c)?,
            }
        }
        Ok(())
    }
}

/// The root `<svg>` start tag with its namespace and `attributes`, then the
/// style rules in CDATA (`]]>` in them split across two sections).
fn start(out: &mut String, attributes: fmt::Arguments<'_>, css: &str) {
    let _ = write!(out, "<svg xmlns=\"{SVG_NS}\" {attributes}>");
    if !css.is_empty() {
        let _ = write!(
            out,
            "<style><![CDATA[\n{}\n]]></style>",
            css.replace("]]>", "]]]]><![CDATA[>")
        );
    }
}

/// A diagram's line of text.
fn line(out: &mut String, text: &Text) {
    let anchor = if text.end { " text-anchor=\"end\"" } else { "" };
    let _ = write!(
        out,
        "<text x=\"{}\" y=\"{}\" class=\"{}\"{anchor}>{}</text>",
        text.x,
        text.y,
        text.class,
        Esc(&text.text)
    );
}

/// The diagram of `layout` as a standalone SVG file with `css` inlined.
pub fn diagram_svg(layout: &Layout, css: &str) -> String {
    let mut out = String::new();
    let o = &mut out;
    start(
        o,
        format_args!(
            "class=\"diagram\" viewBox=\"0 0 {} {}\" role=\"img\"",
            layout.width, layout.height
        ),
        css,
    );
    let _ = write!(
        o,
        "<title>{}</title><desc>{}</desc><defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" class=\"arrow-head\"/></marker></defs>",
        Esc(&layout.title),
        Esc(&layout.description)
    );
    for text in layout
        .labels
        .iter()
        .chain(layout.more.iter().map(|m| &m.text))
    {
        line(o, text);
    }
    let l = &layout.loop_box;
    let _ = write!(
        o,
        "<g class=\"{}\"><rect x=\"4\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"12\" class=\"loop-box\"/>",
        l.class, l.y, l.width, l.height
    );
    for text in &l.lines {
        line(o, text);
    }
    o.push_str("</g><g class=\"arrows\">");
    for a in &layout.arrows {
        let _ = write!(
            o,
            "<line class=\"await-arrow\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" marker-end=\"url(#arrow)\"/>",
            a.x1, a.y1, a.x2, a.y2
        );
    }
    o.push_str("</g>");
    for card in &layout.tasks {
        let _ = write!(
            o,
            "<g class=\"task {}{}\" style=\"transform: translate({}px, {}px); --c: var(--task-{})\"><rect width=\"{}\" height=\"{}\" rx=\"8\"/><circle cx=\"14\" cy=\"15\" r=\"5\" class=\"dot\"/><text x=\"26\" y=\"19\" class=\"task-name\"{}>{}</text><text x=\"12\" y=\"38\" class=\"task-detail\"{}>{}</text></g>",
            card.status,
            if card.stuck { " stuck" } else { "" },
            card.x,
            card.y,
            card.colour,
            card.width,
            card.height,
            Squeeze(card.squeeze.0),
            Esc(&card.name),
            Squeeze(card.squeeze.1),
            Esc(&card.detail)
        );
    }
    for row in &layout.threads {
        let _ = write!(
            o,
            "<g class=\"thread {}\" style=\"transform: translate({}px, {}px)\"><rect width=\"{}\" height=\"{}\" rx=\"8\"/>",
            row.class, row.x, row.y, row.width, row.height
        );
        line(o, &row.name);
        line(o, &row.job);
        o.push_str("</g>");
    }
    o.push_str("<g class=\"chips\">");
    for chip in &layout.chips {
        let _ = write!(
            o,
            "<g class=\"chip {}\" style=\"transform: translate({}px, {}px); --c: var(",
            chip.class, chip.x, chip.y
        );
        let _ = match chip.colour {
            Some(c) => write!(o, "--task-{c}"),
            None => write!(o, "--neutral"),
        };
        let _ = write!(
            o,
            ")\"><rect width=\"{CHIP_W}\" height=\"{CHIP_H}\" rx=\"7\"/><text x=\"9\" y=\"{}\" class=\"chip-label\"{}>{}</text>",
            if chip.sub.is_some() { "13" } else { "19.5" },
            Squeeze(chip.squeeze.0),
            Esc(&chip.label)
        );
        if let Some(sub) = &chip.sub {
            let _ = write!(
                o,
                "<text x=\"9\" y=\"25\" class=\"chip-sub\"{}>{}</text>",
                Squeeze(chip.squeeze.1),
                Esc(sub)
            );
        }
        o.push_str("</g>");
    }
    o.push_str("</g></svg>");
    out
}

/// A line's ` textLength="…" lengthAdjust="spacingAndGlyphs"` when it is
/// drawn squeezed into its chip (see `model::text_width`), else nothing.
struct Squeeze(Option<f64>);

impl std::fmt::Display for Squeeze {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(length) => write!(
                f,
                " textLength=\"{length}\" lengthAdjust=\"spacingAndGlyphs\""
            ),
            None => Ok(()),
        }
    }
}

/// The timeline's drawing area of `plot` as a standalone SVG file with
/// `css` inlined: ticks, rows, markers with their tooltips, the playhead.
pub fn timeline_svg(plot: &Plot, css: &str) -> String {
    let mut out = String::new();
    let o = &mut out;
    start(
        o,
        format_args!(
            "class=\"plot\" viewBox=\"0 0 {} {h}\" preserveAspectRatio=\"none\" style=\"height: {h}px\"",
            plot.width,
            h = plot.height
        ),
        css,
    );
    let rule = |o: &mut String, class: &str, x: f64| {
        let _ = write!(
            o,
            "<line class=\"{class}\" x1=\"{x}\" x2=\"{x}\" y1=\"0\" y2=\"{}\"/>",
            plot.line_end
        );
    };
    for (x, _) in &plot.ticks {
        rule(o, "tick", *x);
    }
    for row in &plot.rows {
        let _ = write!(o, "<g class=\"row c{}\">", row.colour);
        for bar in &row.bars {
            let _ = write!(
                o,
                "<rect class=\"seg {}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
                bar.activity.class(),
                bar.x,
                bar.y,
                bar.width,
                bar.height
            );
        }
        for mark in &row.marks {
            let _ = write!(
                o,
                "<rect class=\"{}\" x=\"{}\" y=\"{}\" width=\"3\" height=\"{}\"><title>{}</title></rect>",
                mark.class,
                mark.x,
                mark.y,
                mark.height,
                Esc(&mark.title)
            );
        }
        o.push_str("</g>");
    }
    rule(o, "playhead", plot.playhead);
    o.push_str("</svg>");
    out
}

/// The sweep's chart as a standalone SVG file with `css` inlined: the same
/// marks the page draws (`view::sweep`), points with their tooltips.
pub fn sweep_svg(chart: &SweepChart, css: &str) -> String {
    let mut out = String::new();
    let o = &mut out;
    start(
        o,
        format_args!(
            "class=\"sweep-chart\" viewBox=\"0 0 {} {}\" role=\"img\"",
            chart.width, chart.height
        ),
        css,
    );
    let _ = write!(o, "<title>{}</title>", Esc(&chart.title));
    for mark in &chart.marks {
        let _ = match mark {
            Mark::Line {
                x1,
                y1,
                x2,
                y2,
                class,
            } => write!(
                o,
                "<line class=\"{class}\" x1=\"{x1}\" y1=\"{y1}\" x2=\"{x2}\" y2=\"{y2}\"/>"
            ),
            Mark::Curve { points, class } => write!(
                o,
                "<polyline class=\"{class}\" points=\"{points}\"/>"
            ),
            Mark::Text {
                x,
                y,
                text,
                anchor,
                class,
            } => write!(
                o,
                "<text class=\"{class}\" x=\"{x}\" y=\"{y}\" text-anchor=\"{}\">{}</text>",
                anchor.css(),
                Esc(text)
            ),
            Mark::Dot { x, y } => write!(o, "<circle class=\"dot\" cx=\"{x}\" cy=\"{y}\" r=\"2.5\"/>"),
            Mark::Point {
                x,
                y,
                value,
                total,
                label,
                failed,
                chosen,
                ..
            } => write!(
                o,
                "<g class=\"point{}{}\" data-value=\"{}\" data-total=\"{}\"><title>{}</title><circle class=\"mark\" cx=\"{x}\" cy=\"{y}\" r=\"4.5\"/></g>",
                if *failed { " failed" } else { "" },
                if *chosen { " chosen" } else { "" },
                Esc(value),
                Esc(total),
                Esc(label)
            ),
        };
    }
    o.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::model::diagram_layout::layout;
    use crate::model::engine::execute;
    use crate::model::presets::PRESETS;
    use crate::model::run::Run;
    use crate::model::timeline_layout::{plot, window_rows, Axis, Playhead, Window};

    #[test]
    fn sweep_files_are_the_chart() {
        use crate::model::sliders::extract;
        use crate::model::sweep::{End, Outcome};
        let source = "import time\ndef f():\n    time.sleep(1)\n";
        let slider = &extract(source)[0];
        let outcomes = [
            Outcome {
                total: 0.0,
                blocked: 0.0,
                end: End::Finished,
            },
            Outcome {
                total: 5.0,
                blocked: 5.0,
                end: End::Raised,
            },
        ];
        let chart = crate::model::sweep_chart::chart(
            slider,
            &[0.0, 5.0],
            &outcomes,
            Some(0),
            Lang::Ja,
            false,
        );
        let file = sweep_svg(&chart, CSS);
        let doc = roxmltree::Document::parse(&file).unwrap_or_else(|e| panic!("{e}: {file}"));
        let points: Vec<_> = doc
            .descendants()
            .filter(|n| n.attribute("data-value").is_some())
            .map(|n| {
                (
                    n.attribute("data-value").unwrap(),
                    n.attribute("data-total").unwrap(),
                    n.attribute("class").unwrap(),
                )
            })
            .collect();
        assert_eq!(
            points,
            [
                ("0", "0.000 s", "point chosen"),
                ("5", "5.000 s", "point failed")
            ]
        );
        assert!(file.contains("ループがブロックされた時間"));
        assert!(file.contains("<style><![CDATA["));
        // A hostile slider label (a constant's name cannot hold markup, but a title may) stays text.
        let mut chart = chart;
        chart.title = "<script>&".into();
        assert!(sweep_svg(&chart, "").contains("<title>&lt;script&gt;&amp;</title>"));
    }

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
        let mut texts: Vec<&str> = l
            .labels
            .iter()
            .chain(l.more.iter().map(|m| &m.text))
            .map(|t| t.text.as_str())
            .collect();
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
            let at = Playhead {
                cursor: run.len() / 2,
                clock: run.summary.total / 2.0,
            };
            let p = plot(
                &run,
                window_rows(&run.rows, 0, 14),
                Axis::Time,
                window,
                at,
                Lang::Ja,
            );
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
