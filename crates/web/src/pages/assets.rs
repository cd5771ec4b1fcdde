//! Static files, compiled into the binary and served under a name that
//! carries a hash of their content, so browsers may cache them for a year
//! and still see every change at once.

use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

const CSS: &str = include_str!("../../static/style.css");

/// 64-bit FNV-1a: a stable fingerprint for the file name (not security).
const fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325_u64;
    let mut i = 0;
    while i < bytes.len() {
        hash ^= bytes[i] as u64;
        hash = hash.wrapping_mul(0x0100_0000_01b3);
        i += 1;
    }
    hash
}

static CSS_NAME: LazyLock<String> =
    LazyLock::new(|| format!("style.{:012x}.css", fnv1a(CSS.as_bytes()) >> 16));
static CSS_PATH: LazyLock<String> = LazyLock::new(|| format!("/static/{}", *CSS_NAME));

/// The address of the stylesheet, for `<link rel="stylesheet">`.
pub fn stylesheet() -> &'static str {
    &CSS_PATH
}

/// `GET /static/{file}`: the current stylesheet; any other name (an old
/// hash included) is 404, so a stale name is never cached as the new file.
pub async fn file(Path(name): Path<String>) -> Response {
    if name != *CSS_NAME {
        return (
            StatusCode::NOT_FOUND,
            [(CONTENT_TYPE, "text/plain; charset=utf-8")],
            "not found",
        )
            .into_response();
    }
    let headers = [
        (CONTENT_TYPE, "text/css; charset=utf-8"),
        (CACHE_CONTROL, "public, max-age=31536000, immutable"),
    ];
    (headers, CSS).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_follows_the_content() {
        assert_ne!(fnv1a(b"a{}"), fnv1a(b"b{}"));
        assert!(stylesheet().starts_with("/static/style.") && stylesheet().ends_with(".css"));
    }
}
