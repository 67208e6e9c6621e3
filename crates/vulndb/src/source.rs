//! The SQLite [`Store`] as an [`AdvisorySource`], the trait the matcher
//! queries: the matcher depends on the data model, not on this crate.

use bosun_types::advisory::{AdvisoryMatch, AdvisorySource, SourceError};
use bosun_types::finding::{DbInfo, DbSource};
use bosun_types::osv::Advisory;

use crate::store::Store;

impl AdvisorySource for Store {
    fn advisories_for(
        &self,
        ecosystem: &str,
        name: &str,
    ) -> Result<Vec<AdvisoryMatch>, SourceError> {
        Ok(Store::advisories_for(self, ecosystem, name)?)
    }

    fn advisories_for_many(
        &self,
        queries: &[(&str, &str)],
    ) -> Result<Vec<Vec<AdvisoryMatch>>, SourceError> {
        Ok(Store::advisories_for_many(self, queries)?)
    }

    fn advisory(&self, id: &str) -> Result<Option<Advisory>, SourceError> {
        Ok(Store::advisory(self, id)?)
    }

    fn resolve_id(&self, alias_or_id: &str) -> Result<Vec<String>, SourceError> {
        Ok(Store::resolve_id(self, alias_or_id)?)
    }

    fn advisory_links(&self, ids: &[&str]) -> Result<Vec<Option<Advisory>>, SourceError> {
        Ok(Store::advisory_links(self, ids)?)
    }

    fn enrichment(&self, ids: &[&str]) -> Result<Vec<bosun_types::Enrichment>, SourceError> {
        Ok(Store::enrichment(self, ids)?)
    }

    fn db_info(&self) -> Result<DbInfo, SourceError> {
        Ok(DbInfo {
            path: self.path().display().to_string(),
            sources: self
                .sources()?
                .into_iter()
                .map(|s| DbSource {
                    name: s.name,
                    fetched_at: s.fetched_at,
                    checked_at: s.checked_at,
                    records: s.records,
                })
                .collect(),
        })
    }
}
