//! The Loopscope playground's entry point: installs the panic hook and mounts the app.

fn main() {
    // A panic in the app is a bug; report it in the browser console with its
    // message and location instead of an opaque "unreachable" trap.
    console_error_panic_hook::set_once();
    loopscope_web::start();
}
