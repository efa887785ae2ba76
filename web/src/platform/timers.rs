//! Timers and animation frames.  Each is a handle: dropping it cancels what
//! it would still call.

use gloo_render::{request_animation_frame, AnimationFrame};
use gloo_timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;

/// A call scheduled by [`after`] or [`after_paint`]; dropping it cancels the call.
pub struct Timer {
    /// Held only so that the call stays scheduled while the handle lives.
    _pending: Pending,
}

/// What a [`Timer`] holds until its call.
enum Pending {
    /// A timeout.
    Timeout { _call: Timeout },
    /// An animation frame, then the timeout it sets (shared with the frame's callback).
    AfterFrame {
        _frame: AnimationFrame,
        _then: Rc<RefCell<Option<Timeout>>>,
    },
}

/// Calls `f` once, `ms` milliseconds from now.
pub fn after(ms: u32, f: impl FnOnce() + 'static) -> Timer {
    Timer {
        _pending: Pending::Timeout {
            _call: Timeout::new(ms, f),
        },
    }
}

/// Calls `f` once the next frame has been painted: a task queued from the
/// next animation frame runs after that frame's rendering.  For work that
/// reads layout (a history update saves the scroll position), which would
/// otherwise force a layout while the page is still being written.
pub fn after_paint(f: impl FnOnce() + 'static) -> Timer {
    let then = Rc::new(RefCell::new(None));
    let slot = Rc::clone(&then);
    let frame = request_animation_frame(move |_| {
        *slot.borrow_mut() = Some(Timeout::new(0, f));
    });
    Timer {
        _pending: Pending::AfterFrame {
            _frame: frame,
            _then: then,
        },
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
