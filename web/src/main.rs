//! The Loopscope playground's entry point: mounts the app in the page, or,
//! in the engine's worker (which loads this same module), serves runs.

/// The allocator counts the bytes in use: the gauge the interpreter reads to
/// stop a program before it exhausts the tab's memory (`Limits::max_memory`).
#[global_allocator]
static ALLOCATOR: cap::Cap<std::alloc::System> = cap::Cap::new(std::alloc::System, usize::MAX);

fn main() {
    // The engine runs in the worker, so the worker is where the gauge counts.
    loopscope_web::set_memory_gauge(loopscope_py::MemoryGauge(|| ALLOCATOR.allocated()));
    if loopscope_web::platform::worker::is_worker() {
        loopscope_web::platform::worker::serve();
        return;
    }
    // A panic in the app is a bug; report it in the browser console with its
    // message and location instead of an opaque "unreachable" trap.
    console_error_panic_hook::set_once();
    loopscope_web::start();
}
