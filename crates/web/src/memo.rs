//! Every plan's monitoring, computed once and shared by the pages that show every plan
//! (the home page, the comparison, `/api/v1/indicators`) until something is written.
//!
//! Monitoring every plan reads thousands of rows and assesses every indicator (about
//! 0.1 s and 20 MB at 1,000 plans); computed per request, 64 staff requests at once cost
//! 64 times that in time and memory. It is kept under the response cache's rules:
//! stamped with the cache generation read when the computation started (any write
//! through the server bumps it, so a result read before a write is never used after it)
//! and used no longer than the cache TTL (which bounds how long a write by another
//! process, the CLI, may go unseen). With the response cache off, nothing is kept.
//! Concurrent requests wait for the one computation under way (an async lock) instead
//! of each computing it. Only the default year is kept: another `?year=` is computed
//! for its request.
//!
//! Every plan is monitored, staff's view; callers keep the plans their visitor may see.
//! A plan's monitoring depends only on its own indicators, overrides and region, so the
//! rows of the visible plans are exactly what monitoring those alone gives.

use std::sync::Arc;
use std::time::Instant;

use lantu_store::PlanSummary;

use crate::monitoring::{monitor_plans, Monitored};
use crate::{AppError, AppState};

/// Each plan (id order) with the year its statuses are for and its indicators' rows.
pub type EveryPlan = Arc<Vec<(PlanSummary, i32, Vec<Monitored>)>>;

struct Kept {
    generation: u64,
    started: Instant,
    plans: EveryPlan,
}

#[derive(Default)]
pub(crate) struct MonitoringMemo {
    kept: tokio::sync::Mutex<Option<Kept>>,
}

/// Every plan monitored for `year` (default: each plan's latest year with a value).
pub(crate) async fn every_plan(state: &AppState, year: Option<i32>) -> Result<EveryPlan, AppError> {
    let cache = state.cache();
    if year.is_some() || !cache.enabled() {
        return compute(state, year).await;
    }
    let mut kept = state.memo().kept.lock().await;
    if let Some(k) = kept.as_ref() {
        if k.generation == cache.generation() && k.started.elapsed() < cache.ttl() {
            return Ok(k.plans.clone());
        }
    }
    // Read before the computation: a write committed while it runs makes it stale.
    let generation = cache.generation();
    let started = Instant::now();
    let plans = compute(state, None).await?;
    *kept = Some(Kept { generation, started, plans: plans.clone() });
    Ok(plans)
}

async fn compute(state: &AppState, year: Option<i32>) -> Result<EveryPlan, AppError> {
    let aliases = state.aliases().clone();
    let plans = state
        .db(None, move |s| {
            let plans = s.list_plans()?;
            monitor_plans(s, plans, year, &aliases)
        })
        .await?;
    Ok(Arc::new(plans))
}
