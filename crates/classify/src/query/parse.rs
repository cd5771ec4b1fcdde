//! Parser for the published SDG query syntaxes (Scopus-style as used by
//! Aurora, Elsevier and Auckland; the quoted-phrase lists of SIRIS, OSDG and
//! SDSN).
//!
//! Grammar, loosest binding first: `OR`; then `AND`, `NOT`, `AND NOT` and
//! juxtaposition (implicit AND); then the proximity operators `W/n`,
//! `NEAR/n` (either order) and `PRE/n` (left before right). Operands are
//! `( … )` groups, phrases in `"…"`, `{…}` or `<…>`, and bare words; `*` and
//! `?` are wildcards inside words and phrases.

/// One word of a phrase: exact, prefix (`eradicat*`) or general wildcard (`urbani?ation`).
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Pattern {
    /// The token must equal this word.
    Exact(String),
    /// The token must start with this prefix.
    Prefix(String),
    /// The token must match this glob (`*` any run, `?` one char).
    Glob(String),
}

impl Pattern {
    /// Reads one word of a query, lower-cased.
    fn new(piece: &str) -> Pattern {
        // Character by character, as the tokeniser lower-cases a text:
        // `str::to_lowercase` writes a word-final capital sigma as ς where
        // the tokeniser writes σ, and the word could never match.
        let mut p: String = if piece.is_ascii() {
            piece.to_ascii_lowercase()
        } else {
            piece.chars().flat_map(char::to_lowercase).collect()
        };
        // One pass for both wildcard characters: the query systems hold
        // tens of thousands of words, nearly all without either.
        let (mut stars, mut marks) = (0, 0);
        for b in p.bytes() {
            stars += usize::from(b == b'*');
            marks += usize::from(b == b'?');
        }
        if stars == 1 && marks == 0 && p.ends_with('*') {
            p.pop();
            Pattern::Prefix(p)
        } else if stars + marks > 0 {
            Pattern::Glob(p)
        } else {
            Pattern::Exact(p)
        }
    }
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// A sequence of words that must occur in this order, adjacent.
    Phrase(Vec<Pattern>),
    /// Every operand must match.
    And(Vec<Node>),
    /// Any operand may match.
    Or(Vec<Node>),
    /// The first operand matches and the second does not.
    Not(Box<Node>, Box<Node>),
    /// Both operands match within `dist` words; `ordered` requires the first one first.
    Near {
        /// Left operand.
        a: Box<Node>,
        /// Right operand.
        b: Box<Node>,
        /// Most words allowed between the two.
        dist: u32,
        /// `PRE/n`: the left operand must come first.
        ordered: bool,
    },
}

/// A token of a query; words and phrases borrow the query's text.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok<'q> {
    Open,
    Close,
    Phrase(&'q str),
    Word(&'q str),
    And,
    Or,
    Not,
    Near(u32, bool),
}

/// Splits phrase text into word patterns, keeping wildcard characters.
pub fn phrase_patterns(s: &str) -> Vec<Pattern> {
    s.split(|c: char| !(c.is_alphanumeric() || c == '*' || c == '?'))
        .filter(|p| !p.is_empty() && p.chars().any(char::is_alphanumeric))
        .map(Pattern::new)
        .collect()
}

/// The character starting at byte `i` of `q` and its length in bytes; ASCII
/// needs no decoding.
fn char_at(q: &str, i: usize) -> (char, usize) {
    let b = q.as_bytes()[i];
    if b.is_ascii() {
        (b as char, 1)
    } else {
        let c = q[i..].chars().next().unwrap_or(char::REPLACEMENT_CHARACTER);
        (c, c.len_utf8())
    }
}

fn lex(q: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < q.len() {
        let (c, n) = char_at(q, i);
        let close = match c {
            '"' => Some('"'),
            '{' => Some('}'),
            '<' => Some('>'),
            _ => None,
        };
        if c.is_whitespace() {
            i += n;
        } else if c == '(' || c == ')' {
            i += 1;
            out.push(if c == '(' { Tok::Open } else { Tok::Close });
        } else if let Some(end) = close {
            let rest = &q[i + 1..];
            let len = rest.find(end).unwrap_or(rest.len());
            out.push(Tok::Phrase(&rest[..len]));
            // Skip the phrase and its closing delimiter.
            i = (i + len + 2).min(q.len());
        } else {
            let start = i;
            while i < q.len() {
                let (d, m) = char_at(q, i);
                if d.is_whitespace() || matches!(d, '(' | ')' | '"' | '{' | '<') {
                    break;
                }
                i += m;
            }
            out.push(word_token(&q[start..i]));
        }
    }
    out
}

fn word_token(w: &str) -> Tok<'_> {
    match w {
        "AND" => return Tok::And,
        "OR" => return Tok::Or,
        "NOT" | "ANDNOT" => return Tok::Not,
        _ => {}
    }
    for (prefix, ordered) in [("W/", false), ("NEAR/", false), ("PRE/", true)] {
        if let Some(n) = w.strip_prefix(prefix).and_then(|n| n.parse().ok()) {
            return Tok::Near(n, ordered);
        }
    }
    Tok::Word(w)
}

struct Parser<'q> {
    toks: Vec<Tok<'q>>,
    pos: usize,
}

impl<'q> Parser<'q> {
    fn peek(&self) -> Option<Tok<'q>> {
        self.toks.get(self.pos).copied()
    }

    fn or(&mut self) -> Result<Node, String> {
        let first = self.and()?;
        if self.peek() != Some(Tok::Or) {
            return Ok(first);
        }
        // Most operands stand alone: a list is made only for a real OR.
        let mut items = vec![first];
        while self.peek() == Some(Tok::Or) {
            self.pos += 1;
            items.push(self.and()?);
        }
        Ok(Node::Or(items))
    }

    fn and(&mut self) -> Result<Node, String> {
        let first = self.near()?;
        let mut items = Vec::new();
        let mut nots = Vec::new();
        loop {
            match self.peek() {
                Some(Tok::And) => {
                    self.pos += 1;
                    if self.peek() == Some(Tok::Not) {
                        self.pos += 1;
                        nots.push(self.near()?);
                    } else {
                        items.push(self.near()?);
                    }
                }
                Some(Tok::Not) => {
                    self.pos += 1;
                    nots.push(self.near()?);
                }
                Some(Tok::Open | Tok::Phrase(_) | Tok::Word(_)) => items.push(self.near()?),
                _ => break,
            }
        }
        let pos = if items.is_empty() {
            first
        } else {
            items.insert(0, first);
            Node::And(items)
        };
        Ok(match nots.len() {
            0 => pos,
            1 => Node::Not(Box::new(pos), Box::new(nots.remove(0))),
            _ => Node::Not(Box::new(pos), Box::new(Node::Or(nots))),
        })
    }

    fn near(&mut self) -> Result<Node, String> {
        let mut left = self.primary()?;
        while let Some(Tok::Near(dist, ordered)) = self.peek() {
            self.pos += 1;
            let right = self.primary()?;
            left = Node::Near {
                a: Box::new(left),
                b: Box::new(right),
                dist,
                ordered,
            };
        }
        Ok(left)
    }

    fn primary(&mut self) -> Result<Node, String> {
        let tok = self.peek();
        self.pos += 1;
        match tok {
            Some(Tok::Open) => {
                let inner = self.or()?;
                if self.peek() == Some(Tok::Close) {
                    self.pos += 1;
                    Ok(inner)
                } else {
                    Err(format!("missing ')' at token {}", self.pos))
                }
            }
            Some(Tok::Phrase(s) | Tok::Word(s)) => {
                let pats = phrase_patterns(s);
                if pats.is_empty() {
                    Err(format!("empty term {s:?}"))
                } else {
                    Ok(Node::Phrase(pats))
                }
            }
            other => Err(format!("unexpected {other:?} at token {}", self.pos)),
        }
    }
}

/// Parses one query of any of the published syntaxes.
pub fn parse(q: &str) -> Result<Node, String> {
    let mut p = Parser {
        toks: lex(q),
        pos: 0,
    };
    let node = p.or()?;
    if p.pos < p.toks.len() {
        return Err(format!("unexpected {:?} at token {}", p.toks[p.pos], p.pos));
    }
    Ok(node)
}

/// Splits a query into independently checkable clauses: the operands of
/// top-level ORs, with an enclosing NOT distributed over them
/// (`(a OR b) NOT c` = `(a NOT c) OR (b NOT c)`). Each clause is one piece of
/// evidence, and only clauses whose words occur in a text are evaluated.
pub fn clauses(node: Node) -> Vec<Node> {
    match node {
        Node::Or(items) => items.into_iter().flat_map(clauses).collect(),
        Node::Not(pos, neg) => clauses(*pos)
            .into_iter()
            .map(|c| Node::Not(Box::new(c), neg.clone()))
            .collect(),
        other => vec![other],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ph(words: &[&str]) -> Node {
        Node::Phrase(words.iter().map(|w| Pattern::Exact((*w).into())).collect())
    }

    #[test]
    fn precedence_or_below_and_below_near() {
        let n = parse(r#"("poverty") W/3 ("end" OR "reduc*") OR ("poverty line")"#).unwrap();
        let Node::Or(items) = n else {
            panic!("expected OR")
        };
        assert!(matches!(
            items[0],
            Node::Near {
                dist: 3,
                ordered: false,
                ..
            }
        ));
        assert_eq!(items[1], ph(&["poverty", "line"]));
    }

    #[test]
    fn braces_angles_and_not() {
        let n = parse("( {food producer} AND <poor> ) NOT biofuel").unwrap();
        let want = Node::Not(
            Box::new(Node::And(vec![ph(&["food", "producer"]), ph(&["poor"])])),
            Box::new(ph(&["biofuel"])),
        );
        assert_eq!(n, want);
    }

    #[test]
    fn wildcards_and_missing_space() {
        let n = parse(r#""socio-economic*"OR "urbani?ation""#).unwrap();
        let Node::Or(items) = n else {
            panic!("expected OR")
        };
        assert_eq!(
            items[0],
            Node::Phrase(vec![
                Pattern::Exact("socio".into()),
                Pattern::Prefix("economic".into())
            ])
        );
        assert_eq!(
            items[1],
            Node::Phrase(vec![Pattern::Glob("urbani?ation".into())])
        );
    }

    #[test]
    fn clauses_distribute_not() {
        let n = parse("(a OR b) AND NOT c").unwrap();
        let cs = clauses(n);
        assert_eq!(cs.len(), 2);
        assert_eq!(cs[1], Node::Not(Box::new(ph(&["b"])), Box::new(ph(&["c"]))));
    }

    #[test]
    fn non_ascii_words_spaces_and_an_unclosed_phrase() {
        // A no-break space separates like a space; accented words keep their
        // letters; an unclosed phrase runs to the end of the query.
        let n = parse("\"Café\"\u{a0}OR naïve* OR \"digital divide").unwrap();
        let want = Node::Or(vec![
            ph(&["café"]),
            Node::Phrase(vec![Pattern::Prefix("naïve".into())]),
            ph(&["digital", "divide"]),
        ]);
        assert_eq!(n, want);
    }

    #[test]
    fn unbalanced_is_an_error() {
        assert!(parse("(a OR b").is_err());
    }
}
