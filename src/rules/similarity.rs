//! Edit distance for did-you-mean suggestions.

/// Levenshtein distance counting characters (case-sensitive).
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The closest candidate within `max` edits (case-insensitive), if exactly one is closest.
pub fn did_you_mean<'a, I>(word: &str, candidates: I, max: usize) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let lw = word.to_lowercase();
    let mut best: Option<(usize, &'a str)> = None;
    let mut tie = false;
    for c in candidates {
        let d = distance(&lw, &c.to_lowercase());
        match best {
            Some((bd, _)) if d > bd => {}
            Some((bd, _)) if d == bd => tie = true,
            _ => {
                best = Some((d, c));
                tie = false;
            }
        }
    }
    match best {
        Some((d, c)) if d <= max && !tie => Some(c),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn distances() {
        assert_eq!(distance("maxPodz", "maxPods"), 1);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(did_you_mean("vpcID", ["vpcId", "zone"], 2), Some("vpcId"));
        assert_eq!(did_you_mean("zzzz", ["vpcId", "zone"], 1), None);
    }
}
