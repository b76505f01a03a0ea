//! Edit distance for did-you-mean suggestions.
//!
//! Suggestions run for every unknown key against every known name (hundreds for kubelet
//! options), so the comparison is bounded: it gives up as soon as a row of the table has
//! no cell within the limit, and never allocates per candidate.

/// Levenshtein distance counting characters (case-sensitive).
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = (Vec::new(), Vec::new());
    bounded(&a, &b, usize::MAX, &mut rows).unwrap_or(usize::MAX)
}

/// The case-insensitive distance between `a` and `b` if it is at most `max`.
pub fn within(a: &str, b: &str, max: usize) -> Option<usize> {
    let (mut wa, mut wb) = (Vec::new(), Vec::new());
    lowercase(a, &mut wa);
    lowercase(b, &mut wb);
    bounded(&wa, &wb, max, &mut (Vec::new(), Vec::new()))
}

/// `s` lowercased into `out`, one `char` per character (ASCII without the Unicode tables).
fn lowercase(s: &str, out: &mut Vec<char>) {
    out.clear();
    if s.is_ascii() {
        out.extend(s.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        out.extend(s.chars().flat_map(char::to_lowercase));
    }
}

/// Levenshtein distance of `a` and `b` if it is at most `max`, else `None`. `rows` is
/// scratch space reused across calls.
fn bounded(a: &[char], b: &[char], max: usize, rows: &mut (Vec<usize>, Vec<usize>)) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let (prev, cur) = rows;
    prev.clear();
    prev.extend(0..=b.len());
    cur.clear();
    cur.resize(b.len() + 1, 0);
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        let mut row_min = cur[0];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            row_min = row_min.min(cur[j + 1]);
        }
        // Every later cell is at least the smallest cell of this row.
        if row_min > max {
            return None;
        }
        std::mem::swap(prev, cur);
    }
    Some(prev[b.len()]).filter(|&d| d <= max)
}

/// The closest candidate within `max` edits (case-insensitive), if exactly one is closest.
pub fn did_you_mean<'a, I>(word: &str, candidates: I, max: usize) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let mut w = Vec::new();
    lowercase(word, &mut w);
    let mut c: Vec<char> = Vec::new();
    let mut rows = (Vec::new(), Vec::new());
    let mut best: Option<(usize, &'a str)> = None;
    let mut tie = false;
    let bag = w.iter().all(char::is_ascii).then(|| {
        let mut bag = [0u32; 128];
        for &c in &w {
            bag[c as usize] += 1;
        }
        bag
    });
    for cand in candidates {
        // Only candidates as close as the best so far can change the answer.
        let limit = best.map_or(max, |(bd, _)| bd.min(max));
        if w.len().abs_diff(cand.len()) > limit && cand.is_ascii() {
            continue;
        }
        // The bag (multiset) distance bounds the edit distance from below and costs one
        // pass over the candidate: most of hundreds of candidates stop here.
        if let Some(bag) = &bag {
            if cand.is_ascii() && bag_bound(bag, w.len(), cand) > limit {
                continue;
            }
        }
        lowercase(cand, &mut c);
        let Some(d) = bounded(&w, &c, limit, &mut rows) else { continue };
        match best {
            Some((bd, _)) if d == bd => tie = true,
            _ => {
                best = Some((d, cand));
                tie = false;
            }
        }
    }
    best.filter(|_| !tie).map(|(_, c)| c)
}

/// `max(|w|, |cand|)` less the characters the two share as multisets (case-insensitive,
/// ASCII `cand`; `bag` counts `w`'s lowercased characters): no edit script is shorter,
/// since one edit adds at most one shared character.
fn bag_bound(bag: &[u32; 128], w_len: usize, cand: &str) -> usize {
    let mut left = *bag;
    let mut common = 0;
    for b in cand.bytes() {
        let slot = &mut left[usize::from(b.to_ascii_lowercase() & 0x7f)];
        if *slot > 0 {
            *slot -= 1;
            common += 1;
        }
    }
    w_len.max(cand.len()) - common
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain, unbounded definition the fast one must agree with.
    fn reference(a: &str, b: &str) -> usize {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        let mut prev: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.iter().enumerate() {
            let mut cur = vec![i + 1; b.len() + 1];
            for (j, cb) in b.iter().enumerate() {
                cur[j + 1] = (prev[j] + usize::from(ca != cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
            }
            prev = cur;
        }
        prev[b.len()]
    }

    #[test]
    fn distances() {
        assert_eq!(distance("maxPodz", "maxPods"), 1);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(within("vpcID", "vpcId", 0), Some(0));
        assert_eq!(within("kitten", "sitting", 2), None);
        assert_eq!(within("kitten", "sitting", 3), Some(3));
        assert_eq!(did_you_mean("vpcID", ["vpcId", "zone"], 2), Some("vpcId"));
        assert_eq!(did_you_mean("zzzz", ["vpcId", "zone"], 1), None);
        // Two equally close candidates: no suggestion.
        assert_eq!(did_you_mean("maxPod", ["maxPods", "maxPodx"], 2), None);
        // A later, closer candidate wins over an earlier tie.
        assert_eq!(did_you_mean("maxPods", ["maxPodz", "maxPodx", "maxpods"], 2), Some("maxpods"));
    }

    #[test]
    fn bounded_agrees_with_the_definition() {
        let words =
            ["", "a", "ab", "abc", "kitten", "sitting", "évictionHard", "evictionhard", "Ünïcödé", "x-y_z", "podPidsLimit", "podsPerCore"];
        for a in words {
            for b in words {
                let d = reference(a, b);
                assert_eq!(distance(a, b), d, "{a} / {b}");
                for max in 0..8 {
                    assert_eq!(
                        bounded(&a.chars().collect::<Vec<_>>(), &b.chars().collect::<Vec<_>>(), max, &mut (Vec::new(), Vec::new())),
                        (d <= max).then_some(d),
                        "{a} / {b} within {max}"
                    );
                }
            }
        }
    }

    /// The bag bound never exceeds the case-insensitive distance (so it never drops the
    /// closest candidate), and `did_you_mean` answers what a plain search answers.
    #[test]
    fn bag_bound_is_a_lower_bound() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "cab",
            "kitten",
            "sitting",
            "x-y_z",
            "podPidsLimit",
            "podsPerCore",
            "maxPods",
            "maxpodz",
            "aaaa",
            "unknownOption000123",
            "evictionHard",
            "EvictionSoft",
        ];
        let lower = |s: &str| s.to_ascii_lowercase();
        for a in words {
            let mut bag = [0u32; 128];
            for b in lower(a).bytes() {
                bag[usize::from(b)] += 1;
            }
            for b in words {
                let d = reference(&lower(a), &lower(b));
                assert!(bag_bound(&bag, a.len(), b) <= d, "{a} / {b}: bound {} > {d}", bag_bound(&bag, a.len(), b));
            }
            for max in 0..6 {
                let plain = {
                    let mut ds: Vec<(usize, &str)> =
                        words.iter().map(|w| (reference(&lower(a), &lower(w)), *w)).filter(|(d, _)| *d <= max).collect();
                    ds.sort();
                    match ds.as_slice() {
                        [] => None,
                        [(d0, _), (d1, _), ..] if d0 == d1 => None,
                        [(_, w0), ..] => Some(*w0),
                    }
                };
                assert_eq!(did_you_mean(a, words.iter().copied(), max), plain, "{a} within {max}");
            }
        }
    }
}
