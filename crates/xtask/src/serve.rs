//! `cargo xtask serve`: build the app with Trunk and serve it on 127.0.0.1,
//! plus the small static file server the browser tests run against.

use crate::bootstrap::{self, Needs};
use crate::cmd::{self, step};
use crate::{root, Failure, Result};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};

/// Options of `cargo xtask serve`.
#[derive(Debug)]
pub struct Options {
    release: bool,
    port: u16,
}

impl Options {
    /// Parses `[--release] [--port N]`.
    pub fn parse(args: &[String]) -> Result<Self> {
        let mut options = Options {
            release: false,
            port: 8080,
        };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--release" => options.release = true,
                "--port" => {
                    let value = args
                        .next()
                        .ok_or_else(|| Failure("--port needs a number".into()))?;
                    options.port = value
                        .parse()
                        .map_err(|_| Failure(format!("--port: `{value}` is not a port number")))?;
                }
                other => return Err(Failure(format!("serve: unknown option `{other}`"))),
            }
        }
        Ok(options)
    }
}

/// Builds and serves the app until interrupted; Trunk rebuilds on changes.
pub fn run(options: &Options) -> Result {
    let tools = bootstrap::ensure(Needs {
        npm: options.release,
        browser: false,
    })?;
    step("Building and serving the app with Trunk");
    println!(
        "\n  Loopscope will be served at http://127.0.0.1:{}/ once the first build finishes.\n",
        options.port
    );
    let port = options.port.to_string();
    let mut args = vec![
        "serve",
        "--address",
        "127.0.0.1",
        "--port",
        &port,
        "--offline",
    ];
    if options.release {
        args.push("--release");
    }
    cmd::run(
        &root(),
        "trunk",
        &args,
        &bootstrap::trunk_env(&tools),
        "trunk serve",
    )
}

/// Builds the release bundle with Trunk into `TRUNK_DIST`.
pub fn build_release(tools: &bootstrap::Tools) -> Result<PathBuf> {
    step("Building the release bundle (trunk build --release)");
    cmd::run(
        &root(),
        "trunk",
        // Relative URLs: the site works from any sub-path of any host.
        &["build", "--release", "--offline", "--public-url", "./"],
        &bootstrap::trunk_env(tools),
        "trunk build --release",
    )?;
    Ok(root().join(TRUNK_DIST))
}

/// Where Trunk writes its build (`Trunk.toml`); `cargo xtask dist` packages
/// it into the site.
pub const TRUNK_DIST: &str = "target/trunk-dist";

/// Serves `dir` on 127.0.0.1 at a free port under the path `prefix` (`/`,
/// or `/a/sub/path/`) from a background thread and returns the base URL.
/// The thread lives as long as the xtask process.
pub fn static_server(dir: PathBuf, prefix: &'static str) -> Result<String> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let address = listener.local_addr()?;
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let dir = dir.clone();
            // One thread per connection keeps slow clients from blocking others.
            std::thread::spawn(move || {
                // A client that hangs up mid-request is not the server's problem.
                let _ = respond(stream, &dir, prefix);
            });
        }
    });
    Ok(format!("http://{address}{prefix}"))
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") | Some("mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("svg") => "image/svg+xml",
        Some("json") => "application/json",
        Some("webmanifest") => "application/manifest+json",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        _ => "application/octet-stream",
    }
}

fn respond(stream: TcpStream, dir: &Path, prefix: &str) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Drain the headers; the server needs none of them.
    let mut header = String::new();
    while reader.read_line(&mut header)? > 2 {
        header.clear();
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    // Only what is under the prefix exists, as on a host serving the site
    // from a sub-path: an absolute URL to `/x.wasm` would fail here.
    let Some(path) = path.strip_prefix(prefix.trim_end_matches('/')) else {
        return send(stream, "404 Not Found", "text/plain", b"not found", method);
    };
    let mut file = dir.to_path_buf();
    for component in Path::new(path.trim_start_matches('/')).components() {
        match component {
            Component::Normal(part) => file.push(part),
            // Anything that could climb out of `dir` is refused outright.
            _ => return send(stream, "403 Forbidden", "text/plain", b"forbidden", method),
        }
    }
    if file.is_dir() {
        file.push("index.html");
    }
    match std::fs::read(&file) {
        Ok(body) => send(stream, "200 OK", content_type(&file), &body, method),
        Err(_) => send(stream, "404 Not Found", "text/plain", b"not found", method),
    }
}

fn send(
    mut stream: TcpStream,
    status: &str,
    kind: &str,
    body: &[u8],
    method: &str,
) -> std::io::Result<()> {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    if method != "HEAD" {
        stream.write_all(body)?;
    }
    stream.flush()
}
