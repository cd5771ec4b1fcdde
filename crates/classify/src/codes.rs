//! The framework codes the engine decides on, and their families.

/// Every code, in the order of the model's heads.
pub const CODES: [&str; 41] = [
    "C1",
    "C2",
    "C3",
    "C4",
    "C5",
    "C6",
    "C7",
    "C8",
    "C9",
    "C10",
    "C11",
    "C7.e-government",
    "C7.e-business",
    "C7.e-learning",
    "C7.e-health",
    "C7.e-employment",
    "C7.e-environment",
    "C7.e-agriculture",
    "C7.e-science",
    "SDG1",
    "SDG2",
    "SDG3",
    "SDG4",
    "SDG5",
    "SDG6",
    "SDG7",
    "SDG8",
    "SDG9",
    "SDG10",
    "SDG11",
    "SDG12",
    "SDG13",
    "SDG14",
    "SDG15",
    "SDG16",
    "SDG17",
    "GDC1",
    "GDC2",
    "GDC3",
    "GDC4",
    "GDC5",
];

/// The three code systems of the framework.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Family {
    /// WSIS Action Lines C1–C11 and the C7 sub-lines.
    ActionLine,
    /// Sustainable Development Goals.
    Sdg,
    /// Global Digital Compact objectives.
    Gdc,
}

/// The family of a code index.
pub fn family(i: usize) -> Family {
    match i {
        0..=18 => Family::ActionLine,
        19..=35 => Family::Sdg,
        _ => Family::Gdc,
    }
}

/// Index of a code, accepting `SDG5`, `SDG-05`, `5` (an SDG), `C7`, `GDC2`.
pub fn index(code: &str) -> Option<usize> {
    let c = code.trim();
    if let Some(i) = CODES.iter().position(|k| k.eq_ignore_ascii_case(c)) {
        return Some(i);
    }
    let digits: String = c.chars().filter(char::is_ascii_digit).collect();
    let bare = c
        .chars()
        .all(|ch| ch.is_ascii_digit() || ch == '-' || ch == ' ');
    if bare || c.to_ascii_uppercase().starts_with("SDG") {
        let n: usize = digits.parse().ok()?;
        return (1..=17).contains(&n).then_some(18 + n);
    }
    None
}

/// Index of SDG `n` (1–17).
pub fn sdg(n: u8) -> usize {
    18 + n as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_indices() {
        assert_eq!(index("SDG-05"), Some(sdg(5)));
        assert_eq!(index("5"), Some(sdg(5)));
        assert_eq!(CODES[index("sdg17").unwrap()], "SDG17");
        assert_eq!(index("C7.e-health").map(family), Some(Family::ActionLine));
        assert_eq!(index("GDC5").map(family), Some(Family::Gdc));
        assert_eq!(index("SDG18"), None);
        assert_eq!(family(sdg(1)), Family::Sdg);
    }
}
