//! The Loopscope playground's entry point: mounts the app in the page, or,
//! in the engine's worker (which loads this same module), serves runs.

fn main() {
    if loopscope_web::worker::is_worker() {
        loopscope_web::worker::serve();
        return;
    }
    // A panic in the app is a bug; report it in the browser console with its
    // message and location instead of an opaque "unreachable" trap.
    console_error_panic_hook::set_once();
    loopscope_web::start();
}
