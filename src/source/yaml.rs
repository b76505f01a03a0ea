//! YAML loader on saphyr-parser's pull iterator.

use super::Parsed;

pub fn parse(source: &str) -> Parsed {
    let _ = source;
    Parsed::default()
}
