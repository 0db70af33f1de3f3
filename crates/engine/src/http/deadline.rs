//! A request's deadline, armed only when its answer is not ready at once.
//!
//! Most API reads are answered from the read caches on their first poll; `tokio::time::timeout`
//! would register (and then cancel) a timer in the runtime's shared timer wheel for each of
//! them anyway, a lock taken twice per request (~6 % of a cached GET: BENCHMARKS.md). Here the
//! timer is made on the first poll that finds the answer pending, for the same instant.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::time::{Instant, Sleep};

pub struct Deadline<F> {
    answer: F,
    until: Instant,
    timer: Option<Pin<Box<Sleep>>>,
}

/// `answer`, or `None` once `within` has passed since this call.
pub fn within<F: Future + Unpin>(within: std::time::Duration, answer: F) -> Deadline<F> {
    Deadline {
        answer,
        until: Instant::now() + within,
        timer: None,
    }
}

impl<F: Future + Unpin> Future for Deadline<F> {
    type Output = Option<F::Output>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        if let Poll::Ready(v) = Pin::new(&mut self.answer).poll(cx) {
            return Poll::Ready(Some(v));
        }
        let until = self.until;
        let timer = self
            .timer
            .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(until)));
        timer.as_mut().poll(cx).map(|()| None)
    }
}

#[cfg(test)]
mod tests {
    use super::within;
    use std::time::Duration;

    #[tokio::test(start_paused = true)]
    async fn a_ready_answer_is_given_without_a_timer() {
        let mut d = within(Duration::from_secs(1), Box::pin(async { 7 }));
        assert_eq!((&mut d).await, Some(7));
        assert!(d.timer.is_none());
    }

    #[tokio::test(start_paused = true)]
    async fn a_late_answer_is_given_up_at_the_deadline() {
        let started = tokio::time::Instant::now();
        let mut d = within(
            Duration::from_secs(30),
            Box::pin(std::future::pending::<u32>()),
        );
        assert_eq!((&mut d).await, None);
        assert!(d.timer.is_some());
        assert_eq!(started.elapsed(), Duration::from_secs(30));
    }

    #[tokio::test(start_paused = true)]
    async fn a_slow_answer_within_the_deadline_is_given() {
        let slow = Box::pin(async {
            tokio::time::sleep(Duration::from_secs(29)).await;
            5
        });
        assert_eq!(within(Duration::from_secs(30), slow).await, Some(5));
    }

    #[tokio::test(start_paused = true)]
    async fn the_deadline_counts_from_the_call_not_the_first_poll() {
        let d = within(
            Duration::from_secs(10),
            Box::pin(std::future::pending::<u32>()),
        );
        tokio::time::sleep(Duration::from_secs(9)).await;
        let started = tokio::time::Instant::now();
        assert_eq!(d.await, None);
        assert_eq!(started.elapsed(), Duration::from_secs(1));
    }
}
