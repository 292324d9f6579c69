//! The server's store connections: one for writes, a few for reads.
//!
//! One connection behind one mutex put every page in one queue: a slow page (one that
//! monitors every plan) held all the others up, and the pages ran on one core. SQLite in
//! WAL mode and PostgreSQL both let readers run beside a writer, so reads take any idle
//! reader connection, and writes keep a connection of their own: they still run one at a
//! time, each one transaction, and never wait on SQLite's lock behind another writer of
//! this process.
//!
//! Invariants: the store is synchronous and only ever used on the blocking pool; a
//! request waits for a free reader without holding a thread (a semaphore with one permit
//! per reader); a reader goes back to the idle list before its permit is released, also
//! when the work panics, so a permit always finds a reader.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use lantu_store::{Store, StoreError};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

pub(crate) struct StorePool {
    writer: Mutex<Store>,
    readers: Mutex<Vec<Store>>,
    /// One permit per reader connection: holding one means an idle reader is there to take.
    free: Arc<Semaphore>,
    size: usize,
}

/// A reader taken from the idle list, put back when dropped.
struct Reader<'a> {
    pool: &'a StorePool,
    store: Option<Store>,
}

impl Drop for Reader<'_> {
    fn drop(&mut self) {
        if let Some(store) = self.store.take() {
            self.pool.idle().push(store);
        }
    }
}

impl StorePool {
    /// `store` becomes the writer; `readers` more connections are opened to the same
    /// store. Fewer when it cannot be shared (in-memory SQLite) or a connection fails
    /// (logged): reads then share the writer, as every request did before the pool.
    pub(crate) fn new(store: Store, readers: usize) -> StorePool {
        let mut idle = Vec::with_capacity(readers);
        for _ in 0..readers {
            match store.reopen() {
                Ok(Some(reader)) => idle.push(reader),
                Ok(None) => break,
                Err(e) => {
                    tracing::warn!("opening a reader connection to the store: {e}; {} reader(s)", idle.len());
                    break;
                }
            }
        }
        let size = idle.len();
        StorePool { writer: Mutex::new(store), readers: Mutex::new(idle), free: Arc::new(Semaphore::new(size)), size }
    }

    /// The reader connections (0: every request uses the writer).
    pub(crate) fn readers(&self) -> usize {
        self.size
    }

    /// Waits for a free reader, without holding a thread; `None` when there are none.
    pub(crate) async fn reader_permit(&self) -> Option<OwnedSemaphorePermit> {
        if self.size == 0 {
            return None;
        }
        self.free.clone().acquire_owned().await.ok()
    }

    /// Runs `work` on a reader (blocking: call on the blocking pool) with the permit
    /// [`StorePool::reader_permit`] gave.
    pub(crate) fn read<T>(
        &self,
        permit: OwnedSemaphorePermit,
        work: impl FnOnce(&mut Store) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut reader = Reader { pool: self, store: self.idle().pop() };
        let result = match reader.store.as_mut() {
            Some(store) => work(store),
            // Not reached: a permit is only had while a reader is idle.
            None => self.write(None, work),
        };
        drop(reader);
        drop(permit);
        result
    }

    /// Runs `work` on the writer (blocking), `actor` set for the audit log.
    pub(crate) fn write<T>(&self, actor: Option<&str>, work: impl FnOnce(&mut Store) -> Result<T, StoreError>) -> Result<T, StoreError> {
        // A panic elsewhere while holding the lock leaves the store consistent (every
        // write is one transaction), so a poisoned lock is taken over, not fatal.
        let mut store = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(actor) = actor {
            store.set_actor(actor);
        }
        let result = work(&mut store);
        if actor.is_some() {
            store.set_actor("web");
        }
        result
    }

    fn idle(&self) -> MutexGuard<'_, Vec<Store>> {
        // Only push and pop happen under this lock; neither leaves the list half-changed.
        self.readers.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn reads_use_the_readers_and_a_panic_returns_the_connection() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("t.db").to_string_lossy()).unwrap();
        let pool = Arc::new(StorePool::new(store, 2));
        assert_eq!(pool.readers(), 2);
        let p = pool.clone();
        let permit = pool.reader_permit().await.unwrap();
        let panicked = tokio::task::spawn_blocking(move || p.read(permit, |_| -> Result<(), StoreError> { panic!("boom") })).await;
        assert!(panicked.is_err());
        // Both readers are still there: two permits at once, each finding a connection.
        let (a, b) = (pool.reader_permit().await.unwrap(), pool.reader_permit().await.unwrap());
        let p = pool.clone();
        let plans = tokio::task::spawn_blocking(move || (p.read(a, |s| s.list_plans()), p.read(b, |s| s.list_plans()))).await.unwrap();
        assert!(plans.0.unwrap().is_empty() && plans.1.unwrap().is_empty());
    }

    #[test]
    fn an_in_memory_store_has_no_readers() {
        let pool = StorePool::new(Store::open(":memory:").unwrap(), 4);
        assert_eq!(pool.readers(), 0);
    }
}
