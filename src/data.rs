//! Data that ages — supported versions, known zones — kept in `schema/data.json`
//! rather than in code, and overridable from `.ckslint.yaml`.

use std::sync::LazyLock;

#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct BuiltinData {
    pub supported_versions: Vec<String>,
    pub known_zones: Vec<String>,
}

static DATA_JSON: &str = include_str!("../schema/data.json");

static DATA: LazyLock<BuiltinData> =
    LazyLock::new(|| serde_json::from_str(DATA_JSON).unwrap_or(BuiltinData { supported_versions: Vec::new(), known_zones: Vec::new() }));

pub fn builtin() -> &'static BuiltinData {
    &DATA
}

#[cfg(test)]
mod tests {
    #[test]
    fn builtin_data_parses() {
        let d: super::BuiltinData = serde_json::from_str(super::DATA_JSON).expect("schema/data.json");
        assert_eq!(d.supported_versions, ["v1.34", "v1.35", "v1.36"]);
        assert!(d.known_zones.iter().any(|z| z == "US-EAST-04A"));
    }
}
