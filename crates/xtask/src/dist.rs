//! `cargo xtask dist [--out DIR]`: the release site as a folder any static
//! host can serve, from any sub-path.
//!
//! Trunk builds the bundle with relative URLs (`--public-url ./`) and hashed
//! file names; this copies it to `DIR` (default `dist/`) and writes a
//! precompressed `.gz` and `.br` beside every text and wasm file, plus a
//! `_headers` file with the cache policy (the format Netlify and Cloudflare
//! Pages read; README says what to set elsewhere).  `cargo xtask test`
//! serves exactly this folder, under a sub-path, to the browser tests.

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
    package(&built, out)?;
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
/// beside each compressible one, and writes `_headers`.
pub fn package(from: &Path, out: &Path) -> Result {
    if out == from {
        return Err(Failure(
            "dist: --out must differ from Trunk's own output".into(),
        ));
    }
    if out.exists() {
        std::fs::remove_dir_all(out)?;
    }
    std::fs::create_dir_all(out)?;
    let mut files: Vec<PathBuf> = Vec::new();
    for entry in std::fs::read_dir(from)? {
        let path = entry?.path();
        if path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    for path in &files {
        let Some(name) = path.file_name() else {
            continue;
        };
        let bytes = std::fs::read(path)?;
        let target = out.join(name);
        std::fs::write(&target, &bytes)?;
        if compressible(path) {
            std::fs::write(with_suffix(&target, "gz"), gzip(&bytes)?)?;
            std::fs::write(with_suffix(&target, "br"), brotli(&bytes)?)?;
        }
    }
    std::fs::write(out.join("_headers"), HEADERS)?;
    Ok(())
}

/// The cache policy: hashed assets never change, so they are cached for a
/// year; `index.html` names the current ones, so it is revalidated on
/// every visit (a new deploy is picked up at once, never mixed with old
/// files).
const HEADERS: &str = "\
/*
  X-Content-Type-Options: nosniff
/index.html
  Cache-Control: no-cache
/
  Cache-Control: no-cache
/*.wasm
  Cache-Control: public, max-age=31536000, immutable
/*.js
  Cache-Control: public, max-age=31536000, immutable
/*.css
  Cache-Control: public, max-age=31536000, immutable
";

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

/// Brotli at the highest quality, with the largest window.
fn brotli(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 1 << 16, 11, 24);
        writer.write_all(bytes)?;
        writer.flush()?;
    }
    Ok(out)
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
        let page = "<!doctype html><script type=module src=\"./app-1234.js\"></script>".repeat(50);
        std::fs::write(from.join("index.html"), &page).expect("write");
        std::fs::write(from.join("app-1234.wasm"), vec![0u8; 4096]).expect("write");
        std::fs::write(from.join("icon.png"), [1u8, 2, 3]).expect("write");
        package(&from, &out).expect("package");

        let mut gz = String::new();
        let file = std::fs::File::open(out.join("index.html.gz")).expect("gz written");
        flate2::read::GzDecoder::new(file)
            .read_to_string(&mut gz)
            .expect("valid gzip");
        assert_eq!(gz, page);
        let mut br = Vec::new();
        let file = std::fs::File::open(out.join("app-1234.wasm.br")).expect("br written");
        brotli::Decompressor::new(file, 4096)
            .read_to_end(&mut br)
            .expect("valid brotli");
        assert_eq!(br, vec![0u8; 4096]);
        assert!(out.join("icon.png").exists());
        assert!(
            !out.join("icon.png.gz").exists(),
            "images are not recompressed"
        );
        let headers = std::fs::read_to_string(out.join("_headers")).expect("_headers");
        assert!(headers.contains("immutable"));
        // Packaging again replaces the folder rather than mixing old files in.
        std::fs::remove_file(from.join("icon.png")).expect("remove");
        package(&from, &out).expect("package again");
        assert!(!out.join("icon.png").exists());
        assert!(package(&from, &from).is_err());
        let _ = std::fs::remove_dir_all(&base);
    }
}
