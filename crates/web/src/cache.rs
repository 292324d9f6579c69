//! The response cache of the public portal: whole 200 responses to anonymous GET requests,
//! in memory, bounded by total bytes (oldest stored evicted first).
//!
//! Invariants (see ARCHITECTURE.md, crates/web):
//! - Only a request with neither a `Cookie` nor an `Authorization` header is served from or
//!   stored in the cache, and only a 200 without `Set-Cookie` is stored: staff pages carry
//!   CSRF tokens and role-specific content, and a staff-rendered page (with unpublished
//!   plans) must never reach the public.
//! - Every write the server makes invalidates everything: the middleware bumps a generation
//!   counter after any non-GET request that did not fail (status < 400), in one place, so a
//!   new write route cannot forget it. An entry is stamped with the generation current when
//!   its request *started*, so a page rendered while a write was committing is never kept.
//!   A write cancelled on the way (timeout, client gone) invalidates too, as it may still
//!   commit; should it commit after that, what was cached in between lives until the TTL.
//! - Writes by other processes (the CLI: `lantu actuals import` while the server runs) are
//!   not seen: an entry older than the TTL is a miss, which bounds that staleness.
//! - Concurrent misses of one key are rendered once: the first renders, the others wait
//!   for it and are then answered from the cache (or, when its response could not be
//!   kept, render in turn). 64 clients arriving at once on a cold page cost one render.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::AppState;

/// How long a cached response may be served: bounds staleness from writers outside the server.
pub const DEFAULT_TTL: Duration = Duration::from_secs(10);
/// The bound on the bytes held (bodies, headers and keys).
pub const DEFAULT_MAX_BYTES: usize = 64 * 1024 * 1024;
/// The response header saying whether the cache answered: `hit` or `miss`.
pub const CACHE_HEADER: &str = "x-lantu-cache";

/// How the cache is set up. A TTL of zero disables it.
#[derive(Debug, Clone, Copy)]
pub struct CacheConfig {
    pub ttl: Duration,
    pub max_bytes: usize,
}

impl Default for CacheConfig {
    fn default() -> CacheConfig {
        CacheConfig { ttl: DEFAULT_TTL, max_bytes: DEFAULT_MAX_BYTES }
    }
}

impl CacheConfig {
    pub fn disabled() -> CacheConfig {
        CacheConfig { ttl: Duration::ZERO, max_bytes: 0 }
    }
}

/// A stored response (always status 200).
#[derive(Clone)]
pub struct Cached {
    pub headers: HeaderMap,
    pub body: Bytes,
}

struct Entry {
    response: Cached,
    generation: u64,
    stored_at: Instant,
    /// Distinguishes this entry from an earlier one under the same key in `order`.
    seq: u64,
    size: usize,
}

#[derive(Default)]
struct Entries {
    map: HashMap<String, Entry>,
    /// Keys in the order stored, with their entry's `seq`: the eviction order.
    order: VecDeque<(String, u64)>,
    bytes: usize,
    next_seq: u64,
}

pub struct ResponseCache {
    config: CacheConfig,
    generation: AtomicU64,
    entries: Mutex<Entries>,
    flights: Flights,
}

/// A lock per key being rendered now; the map holds only keys someone is rendering or
/// waiting for.
#[derive(Default)]
struct Flights(Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>);

/// A place in the queue of the requests rendering one key: [`Flight::turn`] waits until
/// the ones before are done. The key leaves the map with its last request.
pub struct Flight<'a> {
    flights: &'a Flights,
    key: String,
    lock: Arc<tokio::sync::Mutex<()>>,
}

impl Flight<'_> {
    /// Waits until no other request renders this key.
    pub async fn turn(&self) -> tokio::sync::MutexGuard<'_, ()> {
        self.lock.lock().await
    }
}

impl Drop for Flight<'_> {
    fn drop(&mut self) {
        let mut map = self.flights.lock();
        // Clones are only made under the map's lock: two (the map's and ours) means no
        // one else is rendering or waiting, also when a waiter was cancelled.
        if map.get(&self.key).is_some_and(|l| Arc::strong_count(l) == 2) {
            map.remove(&self.key);
        }
    }
}

impl Flights {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<tokio::sync::Mutex<()>>>> {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl ResponseCache {
    pub fn new(config: CacheConfig) -> ResponseCache {
        ResponseCache { config, generation: AtomicU64::new(0), entries: Mutex::new(Entries::default()), flights: Flights::default() }
    }

    /// Joins the requests rendering `key` (see [`Flight::turn`]).
    pub fn flight(&self, key: &str) -> Flight<'_> {
        let lock = self.flights.lock().entry(key.to_string()).or_default().clone();
        Flight { flights: &self.flights, key: key.to_string(), lock }
    }

    /// Keys being rendered or waited for now (for tests).
    pub fn flights(&self) -> usize {
        self.flights.lock().len()
    }

    pub fn enabled(&self) -> bool {
        !self.config.ttl.is_zero() && self.config.max_bytes > 0
    }

    /// How long an entry may be served.
    pub fn ttl(&self) -> Duration {
        self.config.ttl
    }

    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// Called after every write: every entry stored before is stale.
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    /// The response stored under `key`, if still current at `now`.
    pub fn get(&self, key: &str, now: Instant) -> Option<Cached> {
        let current = self.generation();
        let mut entries = self.lock();
        let fresh = match entries.map.get(key) {
            None => return None,
            Some(e) => e.generation == current && now.saturating_duration_since(e.stored_at) < self.config.ttl,
        };
        if fresh {
            return entries.map.get(key).map(|e| e.response.clone());
        }
        if let Some(old) = entries.map.remove(key) {
            entries.bytes -= old.size;
        }
        None
    }

    /// Stores `response` under `key`, stamped with `generation` (read when the request
    /// started); evicts the oldest entries to stay within the byte bound.
    pub fn put(&self, key: &str, response: Cached, generation: u64, now: Instant) {
        let size = key.len() + response.body.len() + response.headers.iter().map(|(k, v)| k.as_str().len() + v.len()).sum::<usize>();
        // One response may take at most an eighth of the cache, so one huge page cannot
        // flush everything else.
        if !self.enabled() || size > self.config.max_bytes / 8 || generation != self.generation() {
            return;
        }
        let mut entries = self.lock();
        let seq = entries.next_seq;
        entries.next_seq += 1;
        if let Some(old) = entries.map.insert(key.to_string(), Entry { response, generation, stored_at: now, seq, size }) {
            entries.bytes -= old.size;
        }
        entries.bytes += size;
        entries.order.push_back((key.to_string(), seq));
        while entries.bytes > self.config.max_bytes {
            let Some((old_key, old_seq)) = entries.order.pop_front() else { break };
            if entries.map.get(&old_key).is_some_and(|e| e.seq == old_seq) {
                if let Some(old) = entries.map.remove(&old_key) {
                    entries.bytes -= old.size;
                }
            }
        }
        // Keys of replaced or expired entries linger in `order`; drop them when they pile up.
        if entries.order.len() > 2 * entries.map.len() + 64 {
            let Entries { map, order, .. } = &mut *entries;
            order.retain(|(k, s)| map.get(k).is_some_and(|e| e.seq == *s));
        }
    }

    /// The bytes held now (for tests and logs).
    pub fn bytes(&self) -> usize {
        self.lock().bytes
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        // The map is only ever left consistent between statements that cannot panic.
        self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Whether a request may be answered from, and stored in, the cache.
fn cacheable_request(req: &Request) -> bool {
    let path = req.uri().path();
    req.method() == Method::GET
        && !req.headers().contains_key(header::COOKIE)
        && !req.headers().contains_key(header::AUTHORIZATION)
        // Already free (no work) or setting a cookie.
        && path != "/healthz"
        && path != "/login"
        && !path.starts_with("/static/")
}

fn is_write(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Invalidates the cache when dropped.
struct InvalidateOnDrop<'a>(Option<&'a ResponseCache>);

impl Drop for InvalidateOnDrop<'_> {
    fn drop(&mut self) {
        if let Some(cache) = self.0 {
            cache.invalidate();
        }
    }
}

fn hit_response(hit: Cached) -> Response {
    let mut response = Response::new(Body::from(hit.body));
    *response.headers_mut() = hit.headers;
    response.headers_mut().insert(CACHE_HEADER, HeaderValue::from_static("hit"));
    response
}

/// The middleware (`from_fn_with_state` in [`crate::app`]).
pub async fn layer(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let cache = state.cache();
    let write = is_write(req.method());
    if write {
        // Armed until the write is answered: a request cancelled on the way (timeout,
        // client gone) may still commit on the blocking pool, so it invalidates too.
        let mut guard = InvalidateOnDrop(Some(cache));
        let response = next.run(req).await;
        if response.status().as_u16() >= 400 {
            // Refused or failed: nothing was written (every write is one transaction).
            guard.0 = None;
        }
        return response;
    }
    if !cache.enabled() || !cacheable_request(&req) {
        return next.run(req).await;
    }
    let key = req.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/").to_string();
    if let Some(hit) = cache.get(&key, Instant::now()) {
        return hit_response(hit);
    }
    // Wait for a render of the same key under way; it has most likely filled the cache.
    let flight = cache.flight(&key);
    let _turn = flight.turn().await;
    if let Some(hit) = cache.get(&key, Instant::now()) {
        return hit_response(hit);
    }
    let generation = cache.generation();
    let response = next.run(req).await;
    if response.status() != StatusCode::OK || response.headers().contains_key(header::SET_COOKIE) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // Every page is rendered into memory before it is sent, so collecting it costs a copy
    // at most; a body that fails to collect is answered as the error it would have been.
    let body = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(body) => body,
        Err(e) => return crate::AppError::Internal(format!("collecting a response: {e}")).into_response(),
    };
    cache.put(&key, Cached { headers: parts.headers.clone(), body: body.clone() }, generation, Instant::now());
    parts.headers.insert(CACHE_HEADER, HeaderValue::from_static("miss"));
    Response::from_parts(parts, Body::from(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cached(body: &'static str) -> Cached {
        Cached { headers: HeaderMap::new(), body: Bytes::from_static(body.as_bytes()) }
    }

    #[test]
    fn expires_after_the_ttl_and_on_a_new_generation() {
        let cache = ResponseCache::new(CacheConfig { ttl: Duration::from_secs(10), max_bytes: 1 << 20 });
        let t0 = Instant::now();
        cache.put("/a", cached("A"), cache.generation(), t0);
        assert_eq!(cache.get("/a", t0 + Duration::from_secs(9)).map(|c| c.body), Some(Bytes::from_static(b"A")));
        assert!(cache.get("/a", t0 + Duration::from_secs(10)).is_none());
        cache.put("/a", cached("A"), cache.generation(), t0);
        cache.invalidate();
        assert!(cache.get("/a", t0).is_none());
        assert_eq!(cache.bytes(), 0);
    }

    #[test]
    fn a_page_rendered_before_a_write_is_not_stored() {
        let cache = ResponseCache::new(CacheConfig::default());
        let started = cache.generation();
        cache.invalidate();
        cache.put("/a", cached("old"), started, Instant::now());
        assert!(cache.get("/a", Instant::now()).is_none());
    }

    #[test]
    fn stays_within_its_byte_bound_evicting_the_oldest() {
        let cache = ResponseCache::new(CacheConfig { ttl: Duration::from_secs(10), max_bytes: 800 });
        let now = Instant::now();
        let body: &'static str = "x………………………………………………"; // ~100 bytes with the key
        for i in 0..20 {
            cache.put(&format!("/{i:02}"), cached(body), 0, now);
            assert!(cache.bytes() <= 800, "{} bytes", cache.bytes());
        }
        assert!(cache.get("/00", now).is_none(), "the oldest is evicted");
        assert!(cache.get("/19", now).is_some(), "the newest is kept");
    }

    #[tokio::test]
    async fn concurrent_renders_of_one_key_take_turns_and_leave_nothing_behind() {
        let cache = ResponseCache::new(CacheConfig::default());
        let first = cache.flight("/a");
        let turn = first.turn().await;
        let second = cache.flight("/a");
        let other = cache.flight("/b");
        assert!(tokio::time::timeout(Duration::from_millis(20), second.turn()).await.is_err(), "waits while /a renders");
        let _b = other.turn().await;
        drop(turn);
        drop(first);
        assert_eq!(cache.flights(), 2);
        drop(second.turn().await);
        drop(second);
        drop(_b);
        drop(other);
        assert_eq!(cache.flights(), 0);
        // A waiter cancelled (the timeout above) leaves no key behind either.
        let third = cache.flight("/c");
        let held = third.turn().await;
        let fourth = cache.flight("/c");
        assert!(tokio::time::timeout(Duration::from_millis(1), fourth.turn()).await.is_err());
        drop(fourth);
        drop(held);
        drop(third);
        assert_eq!(cache.flights(), 0);
    }

    #[test]
    fn a_zero_ttl_disables_it() {
        let cache = ResponseCache::new(CacheConfig::disabled());
        assert!(!cache.enabled());
        cache.put("/a", cached("A"), 0, Instant::now());
        assert!(cache.get("/a", Instant::now()).is_none());
    }
}
