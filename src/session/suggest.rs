//! "Did you mean …?": the one place that picks the closest known name to a misspelt one.

/// The candidate closest to `name`, compared without regard to case (`Sin` → `sin`, `ellipK`
/// → `ellipk`, `n` → `N`), if one is within two edits (one for names of up to three
/// letters, none for a single letter, so short names are not matched to anything). A candidate that starts with the
/// name also counts when `prefixes` is set (`y` → `yrange` for option names).
pub fn closest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    prefixes: bool,
) -> Option<&'a str> {
    let lower = name.to_lowercase();
    let reach = match lower.chars().count() {
        0 | 1 => 0,
        2 | 3 => 1,
        _ => 2,
    };
    candidates
        .into_iter()
        .filter_map(|c| {
            let d = strsim::damerau_levenshtein(&c.to_lowercase(), &lower);
            let prefix = prefixes && c.to_lowercase().starts_with(&lower);
            (d <= reach || prefix).then_some((d, c))
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn case_and_small_typos() {
        let names = ["sin", "sinh", "N", "ellipk", "digits", "yrange"];
        assert_eq!(closest("Sin", names, false), Some("sin"));
        assert_eq!(closest("sni", names, false), Some("sin"));
        assert_eq!(closest("ellipK", names, false), Some("ellipk"));
        assert_eq!(closest("n", names, false), Some("N"));
        assert_eq!(closest("digit", names, false), Some("digits"));
        assert_eq!(closest("y", names, true), Some("yrange"));
        assert_eq!(closest("y", names, false), None);
        assert_eq!(closest("foo", names, false), None);
        assert_eq!(closest("x", ["N", "e"], false), None);
    }
}
