//! CSV rows as [`Row`]s: header lookup, UTF-8 checked per field so the error names the column.

use std::borrow::Cow;
use std::collections::HashMap;

use super::fields::Row;

/// Header name → column index (BOM and surrounding spaces stripped from names).
pub(crate) struct Headers {
    pub names: Vec<String>,
    pub index: HashMap<String, usize>,
}

impl Headers {
    pub fn new(raw: &csv::ByteRecord) -> Headers {
        let names: Vec<String> = raw
            .iter()
            .map(|h| {
                String::from_utf8_lossy(h)
                    .trim_start_matches('\u{feff}')
                    .trim()
                    .to_string()
            })
            .collect();
        let mut index = HashMap::new();
        for (i, n) in names.iter().enumerate() {
            // The first of duplicate headers wins, as a reader of the file would expect.
            index.entry(n.clone()).or_insert(i);
        }
        Headers { names, index }
    }
}

/// One decoded CSV record.
pub(crate) struct CsvRow<'a> {
    pub headers: &'a Headers,
    pub fields: Vec<Option<String>>,
}

impl<'a> CsvRow<'a> {
    /// Decodes a byte record; the error names the first column that is not valid UTF-8.
    pub fn decode(headers: &'a Headers, rec: &csv::ByteRecord) -> Result<CsvRow<'a>, String> {
        let mut fields = Vec::with_capacity(rec.len());
        for (i, f) in rec.iter().enumerate() {
            match std::str::from_utf8(f) {
                Ok(s) => fields.push(Some(s.to_string())),
                Err(_) => {
                    let name = headers
                        .names
                        .get(i)
                        .cloned()
                        .unwrap_or_else(|| format!("column {}", i + 1));
                    return Err(name);
                }
            }
        }
        Ok(CsvRow { headers, fields })
    }
}

impl Row for CsvRow<'_> {
    fn get(&self, column: &str) -> Option<Cow<'_, str>> {
        let i = *self.headers.index.get(column)?;
        self.fields.get(i)?.as_deref().map(Cow::Borrowed)
    }
    fn has(&self, column: &str) -> bool {
        self.headers.index.contains_key(column)
    }
}
