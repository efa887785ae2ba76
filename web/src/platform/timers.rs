//! Timers and animation frames.  Each is a handle: dropping it cancels what
//! it would still call.

use gloo_render::{request_animation_frame, AnimationFrame};
use gloo_timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;

/// A call scheduled by [`after`]; dropping it cancels the call.
pub struct Timer {
    /// Held only so that the call stays scheduled while the handle lives.
    _timeout: Timeout,
}

/// Calls `f` once, `ms` milliseconds from now.
pub fn after(ms: u32, f: impl FnOnce() + 'static) -> Timer {
    Timer {
        _timeout: Timeout::new(ms, f),
    }
}

/// The frames of [`every_frame`]; dropping it stops them.
pub struct Frames(Rc<RefCell<Option<AnimationFrame>>>);

impl Drop for Frames {
    fn drop(&mut self) {
        // The pending frame holds the next one's slot; dropping it cancels
        // the frame and breaks that cycle.
        drop(self.0.borrow_mut().take());
    }
}

/// Calls `tick` at every animation frame after the first with the seconds
/// since the previous frame.
pub fn every_frame(tick: impl Fn(f64) + 'static) -> Frames {
    fn schedule(
        slot: Rc<RefCell<Option<AnimationFrame>>>,
        tick: Rc<dyn Fn(f64)>,
        last: Option<f64>,
    ) {
        let next = Rc::clone(&slot);
        *slot.borrow_mut() = Some(request_animation_frame(move |now| {
            if let Some(last) = last {
                tick((now - last) / 1000.0);
            }
            schedule(next, tick, Some(now));
        }));
    }
    let slot = Rc::new(RefCell::new(None));
    schedule(Rc::clone(&slot), Rc::new(tick), None);
    Frames(slot)
}
