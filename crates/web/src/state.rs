//! What every handler can reach: the store, the framework and the mapper.

use std::sync::Arc;

use wsis_framework::Framework;
use wsis_register::CodeAssignment;
use wsis_store::Store;

/// Maps a text to suggested framework codes (the mapping engine, given by
/// the binary so that this crate does not load a model itself).
pub type Mapper = Arc<dyn Fn(&str) -> Vec<CodeAssignment> + Send + Sync>;

/// Shared state of the server. Cloning is cheap.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub store: Arc<Store>,
    /// The WSIS framework, compiled into the binary.
    pub framework: &'static Framework,
    /// A fixed administrator token for the register's review calls, for
    /// deployments without accounts. Accounts' API tokens work as well.
    pub admin_token: Option<Arc<str>>,
    /// Suggests codes for submitted inputs; without one, inputs go to the
    /// administrators' queue unmapped.
    pub mapper: Option<Mapper>,
    /// Whether session cookies carry `Secure` (on behind HTTPS).
    pub secure_cookies: bool,
    /// Places for whole-register downloads being sent at once (see
    /// [`MAX_DOWNLOADS`]).
    pub downloads: Arc<tokio::sync::Semaphore>,
}

/// Whole-register downloads one server sends at once. Each reads the whole
/// register; more would take the database from the searches.
pub const MAX_DOWNLOADS: usize = 2;

impl AppState {
    /// State over a store, with the embedded framework.
    pub fn new(store: Arc<Store>) -> AppState {
        AppState {
            store,
            framework: Framework::embedded(),
            admin_token: None,
            mapper: None,
            secure_cookies: false,
            downloads: Arc::new(tokio::sync::Semaphore::new(MAX_DOWNLOADS)),
        }
    }

    /// The same state with an administrator token for the review calls.
    pub fn with_admin_token(mut self, token: Option<String>) -> AppState {
        self.admin_token = token.filter(|t| !t.is_empty()).map(Arc::from);
        self
    }

    /// The same state with a mapping engine for submitted inputs.
    pub fn with_mapper(mut self, mapper: Mapper) -> AppState {
        self.mapper = Some(mapper);
        self
    }

    /// The same state with `Secure` session cookies.
    pub fn with_secure_cookies(mut self, secure: bool) -> AppState {
        self.secure_cookies = secure;
        self
    }
}
