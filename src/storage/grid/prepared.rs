//! What sorting and filtering need of each domain row, computed once per data load: sort keys and
//! the filter's text by row index, so a keystroke filters indices instead of re-reading rows.

use crate::api::domains::DomainRow;
use std::cmp::Ordering;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Column {
    Status,
    Name,
    DomainType,
    StorageType,
    CrossDataCenter,
    Total,
    Free,
    Description,
}

pub const COLUMNS: &[(Column, &str, bool)] = &[
    (Column::Status, "Status", false),
    (Column::Name, "Domain Name", false),
    (Column::DomainType, "Domain Type", false),
    (Column::StorageType, "Storage Type", false),
    (Column::CrossDataCenter, "Cross Data Center Status", false),
    (Column::Total, "Total Space (GB)", true),
    (Column::Free, "Free Space (GB)", true),
    (Column::Description, "Description", false),
];

pub fn domain_type_text(r: &DomainRow) -> String {
    match (r.domain.domain_type, r.domain.master) {
        (Some(t), Some(true)) => format!("{} (Master)", t.label()),
        (Some(t), _) => t.label().to_string(),
        (None, _) => String::new(),
    }
}

/// What sorting and filtering need of each row (by index), computed once per load.
#[derive(PartialEq)]
pub struct Prepared {
    pub ids: Vec<String>,
    name_key: Vec<String>,
    type_text: Vec<String>,
    status: Vec<&'static str>,
    storage_type: Vec<&'static str>,
    cross: Vec<&'static str>,
    total: Vec<Option<i64>>,
    free: Vec<Option<i64>>,
    description: Vec<Option<String>>,
    /// Lowercase text the filter searches: name, description, types and statuses.
    hay: Vec<String>,
}

impl Prepared {
    pub fn new(rows: &[DomainRow]) -> Self {
        let type_text: Vec<String> = rows.iter().map(domain_type_text).collect();
        Prepared {
            name_key: rows.iter().map(|r| r.name().to_lowercase()).collect(),
            hay: rows
                .iter()
                .zip(&type_text)
                .map(|(r, t)| {
                    format!(
                        "{} {} {} {} {} {}",
                        r.name(),
                        r.domain.description.as_deref().unwrap_or_default(),
                        t,
                        r.storage_type().label(),
                        r.status.label(),
                        r.cross_data_center.label()
                    )
                    .to_lowercase()
                })
                .collect(),
            type_text,
            ids: rows.iter().map(DomainRow::id).collect(),
            status: rows.iter().map(|r| r.status.label()).collect(),
            storage_type: rows.iter().map(|r| r.storage_type().label()).collect(),
            cross: rows.iter().map(|r| r.cross_data_center.label()).collect(),
            total: rows.iter().map(|r| r.domain.total_bytes()).collect(),
            free: rows.iter().map(|r| r.domain.available).collect(),
            description: rows.iter().map(|r| r.domain.description.clone()).collect(),
        }
    }

    fn compare(&self, a: usize, b: usize, col: Column) -> Ordering {
        match col {
            Column::Status => self.status[a].cmp(self.status[b]),
            Column::Name => self.name_key[a].cmp(&self.name_key[b]),
            Column::DomainType => self.type_text[a].cmp(&self.type_text[b]),
            Column::StorageType => self.storage_type[a].cmp(self.storage_type[b]),
            Column::CrossDataCenter => self.cross[a].cmp(self.cross[b]),
            Column::Total => self.total[a].cmp(&self.total[b]),
            Column::Free => self.free[a].cmp(&self.free[b]),
            Column::Description => self.description[a].cmp(&self.description[b]),
        }
        .then_with(|| self.name_key[a].cmp(&self.name_key[b]))
    }

    /// Every row index in the chosen order (once per load and sort change, not per keystroke).
    pub fn sorted(&self, col: Column, ascending: bool) -> Vec<usize> {
        let mut idx: Vec<usize> = (0..self.ids.len()).collect();
        idx.sort_by(|&a, &b| {
            let o = self.compare(a, b, col);
            if ascending {
                o
            } else {
                o.reverse()
            }
        });
        idx
    }

    /// The rows of `sorted` matching every word of `filter`, keeping their order.
    pub fn filter(&self, sorted: &[usize], filter: &str) -> Vec<usize> {
        let words: Vec<String> = filter
            .to_lowercase()
            .split_whitespace()
            .map(str::to_string)
            .collect();
        if words.is_empty() {
            return sorted.to_vec();
        }
        sorted
            .iter()
            .copied()
            .filter(|&i| words.iter().all(|w| self.hay[i].contains(w.as_str())))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::{Column, Prepared};
    use crate::api::domains::DomainRow;
    use storage_model::{CrossDataCenterStatus, StorageDomain, StorageDomainStatus};

    fn row(id: &str, name: &str, status: StorageDomainStatus, free_gib: i64) -> DomainRow {
        DomainRow {
            domain: StorageDomain {
                id: Some(id.into()),
                name: Some(name.into()),
                available: Some(free_gib << 30),
                ..Default::default()
            },
            status,
            cross_data_center: CrossDataCenterStatus::Unattached,
        }
    }

    fn rows() -> Vec<DomainRow> {
        vec![
            row("1", "data-nfs", StorageDomainStatus::Active, 50),
            row("2", "Archive", StorageDomainStatus::Maintenance, 900),
            row("3", "backup-iscsi", StorageDomainStatus::Active, 10),
        ]
    }

    fn ids(p: &Prepared, order: &[usize]) -> Vec<String> {
        order.iter().map(|&i| p.ids[i].clone()).collect()
    }

    #[test]
    fn names_sort_without_regard_to_case_and_reverse() {
        let p = Prepared::new(&rows());
        assert_eq!(ids(&p, &p.sorted(Column::Name, true)), ["2", "3", "1"]);
        assert_eq!(ids(&p, &p.sorted(Column::Name, false)), ["1", "3", "2"]);
    }

    #[test]
    fn numbers_sort_as_numbers_and_ties_fall_back_to_the_name() {
        let p = Prepared::new(&rows());
        assert_eq!(ids(&p, &p.sorted(Column::Free, true)), ["3", "1", "2"]);
        // Two active domains: by name within the status.
        assert_eq!(ids(&p, &p.sorted(Column::Status, true)), ["3", "1", "2"]);
    }

    #[test]
    fn the_filter_keeps_the_order_and_needs_every_word() {
        let p = Prepared::new(&rows());
        let sorted = p.sorted(Column::Name, true);
        assert_eq!(ids(&p, &p.filter(&sorted, "ACTIVE")), ["3", "1"]);
        assert_eq!(ids(&p, &p.filter(&sorted, "active data")), ["1"]);
        assert_eq!(ids(&p, &p.filter(&sorted, "  ")), ["2", "3", "1"]);
        assert!(p.filter(&sorted, "nothing-like-this").is_empty());
    }
}
