//! Reading `multipart/form-data` bodies: text fields and attached files.

use std::collections::HashMap;

use axum::extract::Multipart;

use crate::consult::{ConsultError, MAX_FILE_BYTES, MAX_FILES, Upload};

/// A multipart body: its text fields by name and its files.
pub struct FormData {
    /// Text fields (the last value of a repeated name wins).
    pub fields: HashMap<String, String>,
    /// Files of the `attachments` field; empty file inputs are skipped.
    pub files: Vec<Upload>,
}

impl FormData {
    /// A text field, or empty.
    pub fn field(&self, name: &str) -> &str {
        self.fields.get(name).map_or("", String::as_str)
    }

    /// The answers `answer-0`, `answer-1`… for a call of `n` questions.
    pub fn answers(&self, n: usize) -> Vec<String> {
        (0..n)
            .map(|i| self.field(&format!("answer-{i}")).to_string())
            .collect()
    }
}

/// Reads the whole body. A body over the request limit is refused as too
/// large (413); a file over the per-file limit too, before it is all read.
pub async fn read(mut mp: Multipart) -> Result<FormData, ConsultError> {
    let mut fields = HashMap::new();
    let mut files = Vec::new();
    let too_large = |e: axum::extract::multipart::MultipartError| {
        if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE || over_limit(&e) {
            ConsultError::TooLarge("the request is larger than the upload limit".into())
        } else {
            ConsultError::Invalid(wsis_calls::Error::invalid("form", e.body_text()))
        }
    };
    while let Some(mut field) = mp.next_field().await.map_err(too_large)? {
        let name = field.name().unwrap_or("").to_string();
        if let Some(file_name) = field.file_name().map(str::to_string) {
            let content_type = field.content_type().map(str::to_string);
            let mut bytes = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(too_large)? {
                bytes.extend_from_slice(&chunk);
                if bytes.len() > MAX_FILE_BYTES {
                    return Err(ConsultError::TooLarge(format!(
                        "`{file_name}` is larger than the limit of {} MB per file",
                        MAX_FILE_BYTES / (1024 * 1024)
                    )));
                }
            }
            if file_name.is_empty() && bytes.is_empty() {
                continue;
            }
            if files.len() == MAX_FILES {
                return Err(ConsultError::TooLarge(format!(
                    "attach at most {MAX_FILES} files"
                )));
            }
            files.push(Upload {
                file_name,
                content_type,
                bytes,
            });
        } else {
            let text = field.text().await.map_err(too_large)?;
            fields.insert(name, text);
        }
    }
    Ok(FormData { fields, files })
}

/// Whether a multipart error comes from a body limit somewhere in its chain.
///
/// A body without `Content-Length` is cut off by a length-limiting wrapper
/// whose error reaches us wrapped in the parser's "failed to read stream";
/// which wrapper (axum's or tower-http's) cut it depends on the layer order,
/// and only one of them is recognised by `MultipartError::status`.
fn over_limit(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut next = Some(e);
    while let Some(err) = next {
        if err.to_string().contains("length limit exceeded") {
            return true;
        }
        next = err.source();
    }
    false
}
