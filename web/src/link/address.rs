//! The page addresses a scenario is shared as: the link to open it, and the
//! `<iframe>` snippet that embeds it in another page.

use super::codec::encode;
use super::scenario::Scenario;

/// The address of `scenario`: `page_url` (e.g. `location.href`) without
/// its own fragment, then `#` and [`encode`]'s fragment.
pub fn share_url(page_url: &str, scenario: &Scenario) -> String {
    let base = page_url.split('#').next().unwrap_or("");
    format!("{base}#{}", encode(scenario))
}

/// The HTML snippet that embeds `scenario` in another page: an `<iframe>` of
/// its link in the compact layout (`embed=1`), every attribute escaped.
pub fn embed_snippet(page_url: &str, scenario: &Scenario) -> String {
    let url = share_url(
        page_url,
        &Scenario {
            embed: true,
            ..scenario.clone()
        },
    );
    format!(
        "<iframe src=\"{}\" title=\"Loopscope: asyncio event loop\" width=\"100%\" height=\"600\" style=\"border:0\" loading=\"lazy\"></iframe>",
        escape_attribute(&url)
    )
}

/// Text made safe inside a double-quoted HTML attribute.
fn escape_attribute(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn share_urls_and_embed_snippets() {
        let sc = Scenario {
            preset: Some("hello".into()),
            t: Some(1.0),
            ..Scenario::default()
        };
        assert_eq!(
            share_url("http://127.0.0.1:8080/#v=1&p=future", &sc),
            "http://127.0.0.1:8080/#v=1&p=hello&t=1"
        );
        assert_eq!(
            share_url("https://x.test/play/?a=1", &Scenario::default()),
            "https://x.test/play/?a=1#v=1"
        );
        assert_eq!(
            embed_snippet("http://127.0.0.1:8080/", &sc),
            "<iframe src=\"http://127.0.0.1:8080/#v=1&amp;p=hello&amp;t=1&amp;embed=1\" \
             title=\"Loopscope: asyncio event loop\" width=\"100%\" height=\"600\" \
             style=\"border:0\" loading=\"lazy\"></iframe>"
        );
        // A hostile page address cannot leave the attribute.
        let snippet = embed_snippet("http://a.test/\"><script>x</script>'", &sc);
        assert!(!snippet.contains("<script>") && snippet.matches('"').count() == 12);
    }
}
