//! Every error a user can meet, mapped to a status and a Chinese message in one place.
//! Internal causes are logged, never shown.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use lantu_store::StoreError;

#[derive(Debug)]
pub enum AppError {
    NotFound,
    /// Not signed in (pages) or no valid token (API).
    Unauthorized,
    /// Signed in, but the role or unit may not do this; the reason is shown.
    Forbidden(String),
    /// Bad input the user can correct.
    BadRequest(String),
    TooManyRequests,
    /// The store refused to write (read-only or full disk, database down): logged with
    /// its cause; the user is told nothing was saved and to try later (503).
    Unavailable(String),
    /// Logged with its cause; the user sees a generic page.
    Internal(String),
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound { .. } => AppError::NotFound,
            StoreError::Invalid(msg) => AppError::BadRequest(msg),
            other if other.is_storage_unavailable() => AppError::Unavailable(other.to_string()),
            other => AppError::Internal(other.to_string()),
        }
    }
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The title and the sentence a person reads.
    pub fn message_zh(&self) -> (&'static str, String) {
        match self {
            AppError::NotFound => ("页面不存在（404）", "您要找的页面不存在，或尚未公开。".into()),
            AppError::Unauthorized => ("请先登录（401）", "此操作需要工作人员登录。".into()),
            AppError::Forbidden(why) => ("无权操作（403）", why.clone()),
            AppError::BadRequest(why) => ("输入有误（400）", why.clone()),
            AppError::TooManyRequests => ("尝试次数过多（429）", "登录失败次数过多，请五分钟后再试。".into()),
            AppError::Unavailable(_) => {
                ("暂时无法保存（503）", "数据存储暂时不可写入（只读或磁盘已满），本次操作未保存，已记录。请稍后再试或联系管理员。".into())
            }
            AppError::Internal(_) => ("服务器内部错误（500）", "服务器处理请求时出错，已记录。请稍后再试。".into()),
        }
    }

    /// The stable code API clients branch on.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound => "not_found",
            AppError::Unauthorized => "unauthorized",
            AppError::Forbidden(_) => "forbidden",
            AppError::BadRequest(_) => "bad_request",
            AppError::TooManyRequests => "too_many_requests",
            AppError::Unavailable(_) => "storage_unavailable",
            AppError::Internal(_) => "internal",
        }
    }

    fn log(&self) {
        match self {
            AppError::Internal(cause) => tracing::error!("internal error: {cause}"),
            AppError::Unavailable(cause) => tracing::error!("store unavailable: {cause}"),
            _ => {}
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.log();
        let (title, message) = self.message_zh();
        let page = crate::pages::error_page(title, &message);
        (self.status(), Html(page.into_string())).into_response()
    }
}

/// The API's form of an error: `{"error": code, "message": …}`.
pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError(e)
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.0.log();
        let (_, message) = self.0.message_zh();
        let body = serde_json::json!({ "error": self.0.code(), "message": message });
        (self.0.status(), axum::Json(body)).into_response()
    }
}

/// A panic in a handler: a Chinese 500 page, the panic only in the log.
pub(crate) fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let what = panic.downcast_ref::<String>().cloned().or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string())).unwrap_or_default();
    AppError::Internal(format!("panic: {what}")).into_response()
}
