//! Runs real asyncio source code on Loopscope's event-loop model.
#![warn(missing_docs)]
