use std::path::PathBuf;

/// What can go wrong with the search index. A query a person typed never produces an
/// error: odd characters are cleaned and the rest is parsed leniently.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("cannot create the search index folder {path}: {source}")]
    CreateDir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("no search index in {0}")]
    NotFound(PathBuf),
    #[error("the search index in {0} was built by another version of lantu; delete the folder and index again")]
    SchemaMismatch(PathBuf),
    #[error("unknown item kind {0:?} (expected text, heading, target, indicator or project)")]
    UnknownItemKind(String),
    #[error("the search index writer failed earlier in this process and is unusable; restart to index again")]
    WriterPoisoned,
}

pub type Result<T, E = SearchError> = std::result::Result<T, E>;
