//! `check --add-suppressions [--reason TEXT]`: the front-end half. The library plans each
//! file's suppressions ([`ckslint::suppress`]); this writes the files, appends the
//! `suppress:` entries to the configuration and says how many went where.

use super::discover::Input;
use ckslint::config::RunConfig;
use ckslint::lint::FileResult;
use ckslint::suppress;

/// What was added for one file (over its first report and, when it gained
/// cross-document findings, its second).
#[derive(Debug, Default)]
pub struct Added {
    pub inline: usize,
    pub configured: usize,
    /// Findings that fail the run and that no suppression can silence (CKS901/CKS902).
    pub remaining: usize,
    pub entries: Vec<suppress::Entry>,
}

impl Added {
    pub fn merge(&mut self, later: Added) {
        self.inline += later.inline;
        self.configured += later.configured;
        // The later result is the file's whole state.
        self.remaining = later.remaining;
        self.entries.extend(later.entries);
    }
}

/// Today's date (UTC) as YYYY-MM-DD.
pub fn today() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (y, m, d) = civil(i64::try_from(secs / 86_400).unwrap_or(0));
    format!("{y:04}-{m:02}-{d:02}")
}

/// The proleptic Gregorian date of a day number since 1970-01-01 (H. Hinnant's
/// `civil_from_days`).
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Suppress the findings of `finished` (the file's report) that fail the run; `raw` is
/// the same file's findings before suppression. Comments are written to the file here.
pub fn add_for_file(
    input: &Input,
    raw: &FileResult,
    finished: &FileResult,
    config: &RunConfig,
    reason: &str,
    deny_warnings: bool,
    covered: &[suppress::Entry],
) -> Result<Added, String> {
    // Findings an entry planned earlier in the run will silence are not failing.
    let planned = |d: &ckslint::Diagnostic| covered.iter().any(|e| e.pointer == d.pointer && e.rules.contains(&d.rule.code));
    let failing: Vec<_> = finished.diagnostics.iter().filter(|d| suppress::fails(d, deny_warnings) && !planned(d)).collect();
    let targets: Vec<_> = failing.iter().copied().filter(|d| suppress::suppressible(d)).collect();
    let mut added = Added { remaining: failing.len() - targets.len(), ..Added::default() };
    if targets.is_empty() {
        return Ok(added);
    }
    let Input::File { name, .. } = input else { return Err(format!("{}: cannot add suppressions to standard input", input.display())) };
    // Comments only where the text linted is the file's bytes (not a file cut short at a
    // bad UTF-8 byte or over the size limit).
    let same = std::fs::read(name.path()).is_ok_and(|b| b == raw.source.as_bytes());
    let plan = suppress::plan(raw, &targets, reason, config, same);
    if let Some(text) = &plan.text {
        ckslint::fix::write_atomically(name.path(), text.as_bytes())
            .map_err(|e| format!("{}: cannot write suppressions: {}", name.display(), super::discover::io_reason(&e)))?;
    }
    added.inline = plan.inline;
    added.configured = plan.configured;
    added.entries = plan.entries;
    Ok(added)
}

/// Append the `suppress:` entries to the configuration file in use, or to a new
/// `.ckslint.yaml` in the current directory; the result must load, or the file is left
/// as it was. Returns the file's path as shown.
pub fn write_entries(
    entries: &[suppress::Entry],
    config: &RunConfig,
    config_args: &ckslint::config::ConfigArgs,
    reason: &str,
) -> Result<String, String> {
    if config_args.isolated {
        return Err(format!(
            "{} finding(s) need `suppress:` entries, but --isolated uses no configuration file: run without it",
            entries.len()
        ));
    }
    let cwd = std::env::current_dir().unwrap_or_else(|_| std::path::PathBuf::from("."));
    let path = config.file.clone().unwrap_or_else(|| cwd.join(".ckslint.yaml"));
    let shown = path.strip_prefix(&cwd).map_or_else(|_| path.display().to_string(), |p| p.display().to_string());
    let old = match std::fs::read_to_string(&path) {
        Ok(t) => Some(t),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(format!("{shown}: cannot read: {}", super::discover::io_reason(&e))),
    };
    let mut rows: Vec<(String, String, Vec<&'static str>)> = Vec::new();
    for e in entries {
        let path = suppress::glob_literal(&config.relative(&e.path));
        match rows.iter_mut().find(|r| r.0 == path && r.1 == e.pointer) {
            Some(r) => {
                r.2.extend(e.rules.iter().filter(|c| !r.2.contains(c)).copied().collect::<Vec<_>>());
                r.2.sort_unstable();
            }
            None => rows.push((path, e.pointer.clone(), e.rules.clone())),
        }
    }
    let new = suppress::append_entries(old.as_deref(), &rows, reason).map_err(|e| format!("{shown}: cannot add suppressions: {e}"))?;
    let write = |text: &str| ckslint::fix::write_atomically(&path, text.as_bytes()).map_err(|e| format!("{shown}: cannot write: {e}"));
    write(&new)?;
    if let Err(e) = RunConfig::load(config_args, &cwd) {
        // Put the file back as it was.
        match &old {
            Some(t) => write(t)?,
            None => {
                let _ = std::fs::remove_file(&path);
            }
        }
        return Err(format!("{shown}: the suppressions would break the configuration ({}); it is unchanged", e.message));
    }
    Ok(shown)
}

fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// What a run added, one line per file that got something, then the total.
pub fn report(per_file: &[(String, &Added)], config_shown: Option<&str>) -> String {
    let mut out = String::new();
    let (mut total, mut files, mut remaining) = (0, 0, 0);
    for (path, a) in per_file {
        remaining += a.remaining;
        let n = a.inline + a.configured;
        if n == 0 {
            continue;
        }
        total += n;
        files += 1;
        let mut how = Vec::new();
        if a.inline > 0 {
            how.push(format!("{} as comments", a.inline));
        }
        if a.configured > 0 {
            how.push(format!("{} in {}", a.configured, config_shown.unwrap_or(".ckslint.yaml")));
        }
        out.push_str(&format!("{path}: added {} ({})\n", plural(n, "suppression"), how.join(", ")));
    }
    out.push_str(&format!("Added {} in {}.\n", plural(total, "suppression"), plural(files, "file")));
    if remaining > 0 {
        out.push_str(&format!(
            "{} that fail the run cannot be suppressed (CKS901/CKS902 are about suppressions themselves): fix them\n",
            plural(remaining, "finding")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil(0), (1970, 1, 1));
        assert_eq!(civil(20_788), (2026, 12, 1));
        assert_eq!(civil(11_016), (2000, 2, 29));
    }
}
