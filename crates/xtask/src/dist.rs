//! `cargo xtask dist [--out DIR]`: the release site as a folder any static
//! host can serve, from any sub-path.
//!
//! Trunk builds the bundle with relative URLs (`--public-url ./`) and hashed
//! file names; this copies it to `DIR` (default `dist/`) and writes a
//! precompressed `.gz` and `.br` beside every text and wasm file, plus a
//! `_headers` file with the cache policy (the format Netlify and Cloudflare
//! Pages read; README says what to set elsewhere).  `cargo xtask test`
//! serves exactly this folder, under a sub-path, to the browser tests.
//!
//! It also makes the site work offline: it stamps `index.html` with the
//! build's id (a hash of every file Trunk wrote) and writes the service
//! worker `sw.js` from the template `web/sw.js`, filled with that id and the
//! list of files to precache (see the template for the rules).

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::bootstrap::{self, Needs};
use crate::cmd::step;
use crate::{root, serve, Failure, Result};

/// Options of `cargo xtask dist`.
#[derive(Debug)]
pub struct Options {
    /// Where the site goes.
    out: PathBuf,
}

impl Options {
    /// Parses `[--out DIR]`.
    pub fn parse(args: &[String]) -> Result<Self> {
        let mut out = root().join("dist");
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--out" => {
                    let dir = args
                        .next()
                        .ok_or_else(|| Failure("--out needs a directory".into()))?;
                    out = std::env::current_dir()?.join(dir);
                }
                other => return Err(Failure(format!("dist: unknown option `{other}`"))),
            }
        }
        Ok(Options { out })
    }
}

/// Builds the release site into `options.out`.
pub fn run(options: &Options) -> Result {
    let tools = bootstrap::ensure(Needs {
        npm: true,
        browser: false,
    })?;
    let site = build(&tools, &options.out)?;
    crate::bundle::report(&site)?;
    println!("\nThe site is in {}", site.display());
    Ok(())
}

/// Builds the release bundle with Trunk and packages it into `out`.
pub fn build(tools: &bootstrap::Tools, out: &Path) -> Result<PathBuf> {
    let built = serve::build_release(tools)?;
    step(&format!("Packaging the site into {}", out.display()));
    let started = std::time::Instant::now();
    package(&built, out)?;
    println!("  packaged in {:.1} s", started.elapsed().as_secs_f64());
    Ok(out.to_path_buf())
}

/// Whether a file is worth sending compressed.
fn compressible(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("html" | "js" | "mjs" | "css" | "wasm" | "svg" | "json" | "webmanifest" | "txt")
    )
}

/// Copies the files of `from` into a fresh `out`, with `.gz` and `.br`
/// beside each compressible one, stamps `index.html` with the build's id,
/// and writes the service worker `sw.js` and `_headers`.
pub fn package(from: &Path, out: &Path) -> Result {
    if out == from {
        return Err(Failure(
            "dist: --out must differ from Trunk's own output".into(),
        ));
    }
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for entry in std::fs::read_dir(from)? {
        let path = entry?.path();
        if !path.is_file() {
            continue;
        }
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or_else(|| Failure(format!("dist: {} has no UTF-8 name", path.display())))?
            .to_string();
        if name == SERVICE_WORKER {
            return Err(Failure(format!(
                "dist: Trunk's output already has a {SERVICE_WORKER}; the service worker is \
                 written by `cargo xtask dist` from web/sw.js"
            )));
        }
        files.push((name, std::fs::read(&path)?));
    }
    files.sort();
    if !files.iter().any(|(name, _)| name == "index.html") {
        return Err(Failure(format!(
            "dist: {} has no index.html; did Trunk's build fail?",
            from.display()
        )));
    }
    let build = build_id(&files);
    let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
    let worker = service_worker(&build, &names)?;
    let headers = headers(&names);

    if out.exists() {
        std::fs::remove_dir_all(out)?;
    }
    std::fs::create_dir_all(out)?;
    for (name, bytes) in &files {
        let bytes = if name == "index.html" {
            stamp(bytes, &build)?
        } else {
            bytes.clone()
        };
        write_with_copies(&out.join(name), &bytes)?;
    }
    write_with_copies(&out.join(SERVICE_WORKER), worker.as_bytes())?;
    std::fs::write(out.join("_headers"), headers)?;
    Ok(())
}

/// The service worker's file name (index.html registers it by this name).
const SERVICE_WORKER: &str = "sw.js";

/// Writes `bytes` to `target`, with a `.gz` and a `.br` copy beside it when
/// the file is worth compressing.
fn write_with_copies(target: &Path, bytes: &[u8]) -> Result {
    std::fs::write(target, bytes)?;
    if compressible(target) {
        // The two compressors run side by side: brotli's best level
        // takes seconds on the wasm.
        let (gz, br) = std::thread::scope(|s| {
            let gz = s.spawn(|| gzip(bytes));
            let br = brotli(bytes);
            (gz.join(), br)
        });
        let gz = gz.map_err(|_| Failure("dist: the gzip thread panicked".into()))?;
        std::fs::write(with_suffix(target, "gz"), gz?)?;
        std::fs::write(with_suffix(target, "br"), br?)?;
    }
    Ok(())
}

/// The build's id: a hash of every file's name and content, so that any
/// change to the build gives a new id (and with it a new service worker and
/// a new cache).
fn build_id(files: &[(String, Vec<u8>)]) -> String {
    let mut all = Vec::new();
    for (name, bytes) in files {
        all.extend_from_slice(name.as_bytes());
        all.push(0);
        all.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        all.extend_from_slice(bytes);
    }
    crate::bootstrap::fingerprint(&all)
}

/// `index.html` with `<meta name="loopscope-build">` as the first element of
/// its head: the page registers the service worker only when the tag is
/// there, and the worker checks that the index.html it caches is its own.
fn stamp(index: &[u8], build: &str) -> Result<Vec<u8>> {
    let html =
        std::str::from_utf8(index).map_err(|_| Failure("dist: index.html is not UTF-8".into()))?;
    let head = html.find("<head>").ok_or_else(|| {
        Failure("dist: index.html has no `<head>` to stamp the build id into".into())
    })? + "<head>".len();
    Ok(format!(
        "{}<meta name=\"loopscope-build\" content=\"{build}\" />{}",
        &html[..head],
        &html[head..]
    )
    .into_bytes())
}

/// The service worker: the template `web/sw.js` with the build's id and its
/// files filled in.
fn service_worker(build: &str, names: &[&str]) -> Result<String> {
    let path = root().join("web/sw.js");
    let template = std::fs::read_to_string(&path)
        .map_err(|e| Failure(format!("dist: reading {}: {e}", path.display())))?;
    for placeholder in ["'__LOOPSCOPE_BUILD__'", "__LOOPSCOPE_FILES__;"] {
        if template.matches(placeholder).count() != 1 {
            return Err(Failure(format!(
                "dist: {} must hold `{placeholder}` exactly once",
                path.display()
            )));
        }
    }
    let list = names
        .iter()
        .map(|name| format!("{name:?}"))
        .collect::<Vec<_>>()
        .join(", ");
    Ok(template
        .replace("'__LOOPSCOPE_BUILD__'", &format!("'{build}'"))
        .replace("__LOOPSCOPE_FILES__;", &format!("[{list}];")))
}

/// Whether Trunk put a content hash in a file's name (`style-0123abcd….css`),
/// so that the file at that name never changes.
fn is_hashed(name: &str) -> bool {
    content_hashes(name).next().is_some()
}

/// The content hashes in a file name: the parts of its stem, between `-`
/// and `_`, of 12 or more hex digits.
fn content_hashes(name: &str) -> impl Iterator<Item = &str> {
    let stem = name.split('.').next().unwrap_or(name);
    stem.split(['-', '_'])
        .filter(|part| part.len() >= 12 && part.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The cache policy, one rule per file: hashed files never change, so they
/// are cached for a year; the rest (`index.html`, the service worker, the
/// manifest and icons) may change with any deploy, so they are revalidated
/// on every visit and a new deploy is picked up at once, never mixed with
/// old files.  Exact paths rather than patterns keep the two rules from
/// both matching a file on hosts that merge matching rules.
fn headers(names: &[&str]) -> String {
    let mut rules =
        String::from("/*\n  X-Content-Type-Options: nosniff\n/\n  Cache-Control: no-cache\n");
    let served = names.iter().copied().chain([SERVICE_WORKER]);
    for name in served {
        let policy = if is_hashed(name) {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        rules.push_str(&format!("/{name}\n  Cache-Control: {policy}\n"));
    }
    rules
}

/// `name.ext` → `name.ext.SUFFIX`.
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

/// Gzip at the highest level.
fn gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?)
}

/// Brotli's highest quality: on the wasm it is about 25 % smaller than
/// gzip, where quality 9 is only 16 % smaller (measured on the 3.4 MB
/// bundle).
const QUALITY: u32 = 11;

/// Brotli at the highest quality, with its default window (a larger one
/// made the wasm no smaller and took 40 % longer).
fn brotli(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 1 << 16, QUALITY, 22);
        writer.write_all(bytes)?;
        writer.flush()?;
    }
    Ok(out)
}

/// Copies Trunk's output `from` into `to` as if it were a later build:
/// every content hash in a file name is changed, in the names and in every
/// reference to them, and the files themselves are otherwise the same.  The
/// browser tests package it as a second deploy, to check that a new build
/// replaces the old one in the offline cache.
pub fn as_next_build(from: &Path, to: &Path) -> Result {
    if to.exists() {
        std::fs::remove_dir_all(to)?;
    }
    std::fs::create_dir_all(to)?;
    let mut files = Vec::new();
    let mut hashes = Vec::new();
    for entry in std::fs::read_dir(from)? {
        let path = entry?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if path.is_file() {
            for part in content_hashes(name) {
                // Each hex digit moves one on, so the length stays the same.
                let next: String = part
                    .chars()
                    .map(|c| {
                        let digit = c.to_digit(16).unwrap_or(0);
                        char::from_digit((digit + 1) % 16, 16).unwrap_or('0')
                    })
                    .collect();
                hashes.push((part.to_string(), next));
            }
            files.push((name.to_string(), std::fs::read(&path)?));
        }
    }
    if hashes.is_empty() {
        return Err(Failure(format!(
            "dist: no hashed file names in {}",
            from.display()
        )));
    }
    for (name, bytes) in files {
        let rename = |text: &str| {
            hashes
                .iter()
                .fold(text.to_string(), |t, (old, new)| t.replace(old, new))
        };
        let bytes = if compressible(Path::new(&name)) && !name.ends_with(".wasm") {
            let text = String::from_utf8(bytes)
                .map_err(|_| Failure(format!("dist: {name} is not UTF-8")))?;
            rename(&text).into_bytes()
        } else {
            bytes
        };
        std::fs::write(to.join(rename(&name)), bytes)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn packages_every_file_with_compressed_copies() {
        let base = std::env::temp_dir().join(format!("loopscope-dist-test-{}", std::process::id()));
        let (from, out) = (base.join("from"), base.join("out"));
        std::fs::create_dir_all(&from).expect("temp dir");
        let page = format!(
            "<!doctype html><html><head></head><body>{}</body></html>",
            "<script type=module src=\"./app-0123456789abcdef.js\"></script>".repeat(50)
        );
        std::fs::write(from.join("index.html"), &page).expect("write");
        std::fs::write(from.join("app-0123456789abcdef_bg.wasm"), vec![0u8; 4096]).expect("write");
        std::fs::write(from.join("icon.png"), [1u8, 2, 3]).expect("write");
        package(&from, &out).expect("package");

        let mut gz = String::new();
        let file = std::fs::File::open(out.join("index.html.gz")).expect("gz written");
        flate2::read::GzDecoder::new(file)
            .read_to_string(&mut gz)
            .expect("valid gzip");
        let index = std::fs::read_to_string(out.join("index.html")).expect("index");
        assert_eq!(gz, index, "the .gz holds the stamped index.html");
        let build = index
            .split("<meta name=\"loopscope-build\" content=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("index.html is stamped with the build id");
        assert_eq!(build.len(), 16);
        let mut br = Vec::new();
        let file =
            std::fs::File::open(out.join("app-0123456789abcdef_bg.wasm.br")).expect("br written");
        brotli::Decompressor::new(file, 4096)
            .read_to_end(&mut br)
            .expect("valid brotli");
        assert_eq!(br, vec![0u8; 4096]);
        assert!(out.join("icon.png").exists());
        assert!(
            !out.join("icon.png.gz").exists(),
            "images are not recompressed"
        );

        // The service worker names this build and precaches exactly its files.
        let worker = std::fs::read_to_string(out.join("sw.js")).expect("sw.js written");
        assert!(worker.contains(&format!("const BUILD = '{build}';")));
        assert!(worker.contains(
            "const FILES = [\"app-0123456789abcdef_bg.wasm\", \"icon.png\", \"index.html\"];"
        ));
        assert!(!worker.contains("__LOOPSCOPE"));

        let headers = std::fs::read_to_string(out.join("_headers")).expect("_headers");
        assert!(headers.contains(
            "/app-0123456789abcdef_bg.wasm\n  Cache-Control: public, max-age=31536000, immutable\n"
        ));
        for fresh in ["/index.html", "/sw.js", "/icon.png"] {
            assert!(
                headers.contains(&format!("{fresh}\n  Cache-Control: no-cache\n")),
                "{fresh} is revalidated: {headers}"
            );
        }

        // A later build gets another id, and packaging again replaces the
        // folder rather than mixing old files in.
        let next = base.join("next");
        as_next_build(&from, &next).expect("next build");
        assert!(next.join("app-123456789abcdef0_bg.wasm").exists());
        assert!(std::fs::read_to_string(next.join("index.html"))
            .expect("index")
            .contains("./app-123456789abcdef0.js"));
        std::fs::remove_file(next.join("icon.png")).expect("remove");
        package(&next, &out).expect("package again");
        assert!(!out.join("icon.png").exists());
        assert!(!out.join("app-0123456789abcdef_bg.wasm").exists());
        let again = std::fs::read_to_string(out.join("index.html")).expect("index");
        assert!(!again.contains(build), "a new build has a new id");
        assert!(package(&from, &from).is_err());
        let _ = std::fs::remove_dir_all(&base);
    }
}
