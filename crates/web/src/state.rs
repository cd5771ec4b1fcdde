//! What every handler can reach: the store and the framework.

use std::sync::Arc;

use wsis_framework::Framework;
use wsis_store::Store;

/// Shared state of the server. Cloning is cheap.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub store: Arc<Store>,
    /// The WSIS framework, compiled into the binary.
    pub framework: &'static Framework,
    /// The administrator's API token (until accounts exist): reviewers'
    /// decisions through the API need it. No token, no such calls.
    pub admin_token: Option<Arc<str>>,
}

impl AppState {
    /// State over a store, with the embedded framework.
    pub fn new(store: Arc<Store>) -> AppState {
        AppState {
            store,
            framework: Framework::embedded(),
            admin_token: None,
        }
    }

    /// The same state with an administrator token for the review calls.
    pub fn with_admin_token(mut self, token: Option<String>) -> AppState {
        self.admin_token = token.filter(|t| !t.is_empty()).map(Arc::from);
        self
    }
}
