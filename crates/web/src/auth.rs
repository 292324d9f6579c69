//! Staff accounts: argon2 password hashes, sessions in a cookie (HttpOnly, Secure,
//! SameSite=Strict), a CSRF token per session checked on every form post, a login rate
//! limit, and bearer tokens for the API.
//!
//! Sessions live in memory: a restart signs everybody out, which is acceptable for one
//! server process and keeps session secrets out of the database.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use lantu_store::{Role, UserRecord};
use sha2::{Digest, Sha256};

use crate::{AppError, AppState};

pub const SESSION_COOKIE: &str = "lantu_session";
/// The CSRF cookie of the login form (before there is a session).
pub const LOGIN_CSRF_COOKIE: &str = "lantu_login_csrf";
const SESSION_LIFETIME: Duration = Duration::from_secs(8 * 3600);
const LOGIN_WINDOW: Duration = Duration::from_secs(300);
const LOGIN_MAX_FAILURES: usize = 5;

pub fn hash_password(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).map_err(|e| e.to_string())
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// 32 random bytes, hex: session ids, CSRF tokens and API tokens.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// API tokens are kept by their sha256 only.
pub fn token_sha256(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares secrets in time independent of where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A signed-in member of staff.
#[derive(Debug, Clone)]
pub struct SessionUser {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub unit: Option<String>,
    pub csrf: String,
}

impl SessionUser {
    pub fn has(&self, roles: &[Role]) -> bool {
        roles.contains(&self.role)
    }
}

struct Session {
    user: SessionUser,
    expires: Instant,
}

#[derive(Default)]
pub struct Sessions {
    by_id: Mutex<HashMap<String, Session>>,
}

impl Sessions {
    /// Starts a session; returns its id (the cookie value).
    pub fn start(&self, user: &UserRecord) -> String {
        let id = random_token();
        let session = Session {
            user: SessionUser { id: user.id, name: user.name.clone(), role: user.role, unit: user.unit.clone(), csrf: random_token() },
            expires: Instant::now() + SESSION_LIFETIME,
        };
        let mut map = self.by_id.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let now = Instant::now();
        map.retain(|_, s| s.expires > now);
        map.insert(id.clone(), session);
        id
    }

    pub fn get(&self, id: &str) -> Option<SessionUser> {
        let map = self.by_id.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        map.get(id).filter(|s| s.expires > Instant::now()).map(|s| s.user.clone())
    }

    pub fn end(&self, id: &str) {
        self.by_id.lock().unwrap_or_else(std::sync::PoisonError::into_inner).remove(id);
    }
}

/// Failed logins per user name in a sliding window: past the limit, even a right
/// password is refused until the window passes (slows guessing without telling which).
#[derive(Default)]
pub struct LoginLimiter {
    failures: Mutex<HashMap<String, Vec<Instant>>>,
}

impl LoginLimiter {
    pub fn is_blocked(&self, name: &str) -> bool {
        let mut map = self.failures.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let entry = map.entry(name.to_lowercase()).or_default();
        entry.retain(|t| t.elapsed() < LOGIN_WINDOW);
        entry.len() >= LOGIN_MAX_FAILURES
    }

    pub fn failed(&self, name: &str) {
        let mut map = self.failures.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        map.entry(name.to_lowercase()).or_default().push(Instant::now());
    }

    pub fn succeeded(&self, name: &str) {
        self.failures.lock().unwrap_or_else(std::sync::PoisonError::into_inner).remove(&name.to_lowercase());
    }
}

pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// `Set-Cookie` for a secret cookie: HttpOnly, Secure (browsers treat 127.0.0.1 and
/// localhost as secure, so it works in development too), SameSite=Strict.
pub fn secret_cookie(name: &str, value: &str, max_age: Duration) -> String {
    format!("{name}={value}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age={}", max_age.as_secs())
}

pub fn session_cookie(id: &str) -> String {
    secret_cookie(SESSION_COOKIE, id, SESSION_LIFETIME)
}

pub fn cleared_cookie(name: &str) -> String {
    format!("{name}=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0")
}

/// The signed-in user, if any (pages). Never fails: a missing or stale cookie is a
/// public visitor.
pub struct CurrentUser(pub Option<SessionUser>);

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(CurrentUser(cookie(&parts.headers, SESSION_COOKIE).and_then(|id| state.sessions().get(id))))
    }
}

impl CurrentUser {
    /// The user, if signed in with one of `roles` and `csrf` is the session's token.
    /// The CSRF check comes first: a cross-site post learns nothing about roles.
    pub fn require_form(&self, roles: &[Role], csrf: &str) -> Result<&SessionUser, AppError> {
        let user = self.0.as_ref().ok_or(AppError::Unauthorized)?;
        if csrf.is_empty() || !same_secret(csrf, &user.csrf) {
            return Err(AppError::Forbidden("表单已过期或来源不明（CSRF 校验失败），请刷新页面后重试。".into()));
        }
        if !user.has(roles) {
            return Err(AppError::Forbidden(format!("您的角色（{}）无权进行此操作。", user.role.label_zh())));
        }
        Ok(user)
    }

    pub fn is_staff(&self) -> bool {
        self.0.is_some()
    }
}

/// The API caller: the user of a valid `Authorization: Bearer …` token, if any.
pub struct ApiCaller(pub Option<UserRecord>);

impl FromRequestParts<AppState> for ApiCaller {
    type Rejection = crate::error::ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Some(value) = parts.headers.get(header::AUTHORIZATION) else { return Ok(ApiCaller(None)) };
        let token = value.to_str().ok().and_then(|v| v.strip_prefix("Bearer ")).map(str::trim).unwrap_or("");
        if token.is_empty() {
            return Err(AppError::Unauthorized.into());
        }
        let sha = token_sha256(token);
        let user = state.db(None, move |s| s.user_by_token(&sha)).await?;
        match user {
            Some(user) => Ok(ApiCaller(Some(user))),
            // A token was given and is wrong: say so rather than answer as the public.
            None => Err(AppError::Unauthorized.into()),
        }
    }
}
